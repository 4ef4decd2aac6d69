import APIModel
import MockStore

/// The store in the fixture file format (`GET /_mock/fixtures`): accounts with their keys,
/// channels, users, devices, metrics and active activities. It loads back through a reset.
enum FixtureJSON {
    static func export(_ db: Database) throws -> JSONValue {
        let keys = try db.accounts.apiKeys()
        return .object([
            (
                "accounts",
                .array(
                    try db.accounts.all().map { account in
                        var m: [(String, JSONValue)] = [("id", .string(account.id)), ("name", .string(account.name))]
                        if let billing = account.billing { m.append(("billing_state", .string(billing.rawValue))) }
                        if let rate = account.rateLimit { m.append(("rate_limit", .int(Int64(rate)))) }
                        m.append(("keys", .array(keys.filter { $0.accountID == account.id }.sorted { $0.key < $1.key }.map(key))))
                        m.append(("channels", .array(try db.fixtures.channelSlugs(account: account.id).map(JSONValue.string))))
                        m.append(("users", .array(try db.fixtures.users(account: account.id).map(JSONValue.string))))
                        m.append(("devices", .array(try db.devices.list(account: account.id).map(device))))
                        m.append(
                            (
                                "metrics",
                                .array(
                                    try db.fixtures.metricDefinitions(account: account.id).map { metric in
                                        var o: [(String, JSONValue)] = [("key", .string(metric.key))]
                                        if let name = metric.name { o.append(("name", .string(name))) }
                                        return .object(o)
                                    })
                            ))
                        m.append(("activities", .array(try db.fixtures.activeActivities(account: account.id).map(activity))))
                        return .object(m)
                    })
            )
        ])
    }

    private static func key(_ key: APIKeyRecord) -> JSONValue {
        var k: [(String, JSONValue)] = [("key", .string(key.key)), ("scope", .string(key.scope.rawValue))]
        if key.scope == .channels { k.append(("channels", .array(key.channels.map(JSONValue.string)))) }
        return .object(k)
    }

    /// A device as a fixture entry: defaults left out.
    private static func device(_ d: DeviceRecord) -> JSONValue {
        var o: [(String, JSONValue)] = [("id", .string(d.id)), ("user", .string(d.userID))]
        if let name = d.name { o.append(("name", .string(name))) }
        o += [("channels", .array(d.channels.map(JSONValue.string))), ("token", .string(d.tokenBehavior.rawValue))]
        if d.tokenBehavior == .afterDelay { o.append(("token_delay_ms", .int(d.tokenDelayMillis))) }
        if !d.online { o.append(("online", false)) }
        if !d.registered { o.append(("registered", false)) }
        return .object(o)
    }

    /// An active activity, restarted with its current state on import.
    private static func activity(_ a: FixtureTable.ActiveActivityRow) -> JSONValue {
        var o: [(String, JSONValue)] = [
            ("id", .string(a.id)), ("devices", .array(a.devices.map(JSONValue.string))),
            ("content_state", .stored(a.contentState))
        ]
        if let key = a.streamKey { o.append(("stream_key", .string(key))) }
        return .object(o)
    }
}
