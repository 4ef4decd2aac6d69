import APIModel
import MockStore

/// The fixture file format: accounts with their keys, channels, users, devices and
/// optionally pre-started activities. Documented in the README.
struct FixtureSet: Sendable {
    struct Account: Sendable {
        var id: String
        var name: String
        var billing: BillingState?
        var rateLimit: Int?
        var metrics: [(key: String, name: String?)]
        var keys: [APIKeyRecord]
        var channels: [String]
        var users: [String]
        var devices: [DeviceRecord]
        var activities: [Activity]
    }

    struct Activity: Sendable {
        var id: String
        var devices: [String]
        var contentState: ContentState
        var streamKey: String?
    }

    var accounts: [Account]

    /// Parses and checks a fixture document; errors name the offending path.
    static func decode(_ bytes: [UInt8]) throws(APIError) -> FixtureSet {
        var root = try ObjectReader(try CommonFields.parseBody(bytes), path: "")
        let accounts = try root.requiredArray("accounts").enumerated().map { (i, item) throws(APIError) in
            try decodeAccount(item, path: "accounts[\(i)]")
        }
        try root.finish()
        return FixtureSet(accounts: accounts)
    }

    private static func decodeAccount(_ json: JSONValue, path: String) throws(APIError) -> Account {
        var r = try ObjectReader(json, path: path)
        let id = try r.requiredString("id", minLength: 1, maxLength: 64)
        var account = Account(
            id: id, name: try r.string("name") ?? id,
            billing: try r.enumeration("billing_state", BillingState.self),
            rateLimit: try r.int("rate_limit", min: 0, max: 1_000_000).map(Int.init), metrics: [],
            keys: [], channels: try r.strings("channels") ?? [], users: try r.strings("users") ?? [],
            devices: [], activities: [])
        for (i, item) in (try r.array("keys") ?? []).enumerated() {
            var k = try ObjectReader(item, path: "\(path).keys[\(i)]")
            let key = try k.requiredString("key", minLength: 8, maxLength: 256)
            let scope = try k.enumeration("scope", APIKeyRecord.Scope.self) ?? .all
            let channels = try k.strings("channels") ?? []
            try k.finish()
            account.keys.append(APIKeyRecord(key: key, accountID: id, scope: scope, channels: channels))
        }
        for (i, item) in (try r.array("devices") ?? []).enumerated() {
            var d = try ObjectReader(item, path: "\(path).devices[\(i)]")
            let deviceID = try d.requiredString("id", minLength: 1, maxLength: 128)
            let user = try d.requiredString("user", minLength: 1)
            if !account.users.contains(user) { account.users.append(user) }
            account.devices.append(
                DeviceRecord(
                    id: deviceID, accountID: id, userID: user, name: try d.string("name"),
                    channels: try d.strings("channels") ?? [],
                    tokenBehavior: try d.enumeration("token", TokenBehavior.self) ?? .immediate,
                    tokenDelayMillis: try d.int("token_delay_ms", min: 0, max: 86_400_000) ?? 0,
                    online: try d.bool("online") ?? true, registered: try d.bool("registered") ?? true))
            try d.finish()
        }
        for (i, item) in (try r.array("metrics") ?? []).enumerated() {
            var m = try ObjectReader(item, path: "\(path).metrics[\(i)]")
            let key = try m.requiredString("key", minLength: 1, maxLength: 64)
            do { try MetricValueRequest.validateKey(key) } catch {
                throw APIError.invalid("\(path).metrics[\(i)].key must match ^[a-z0-9][a-z0-9_.-]{0,63}$")
            }
            account.metrics.append((key: key, name: try m.string("name")))
            try m.finish()
        }
        for (i, item) in (try r.array("activities") ?? []).enumerated() {
            let activityPath = "\(path).activities[\(i)]"
            var a = try ObjectReader(item, path: activityPath)
            let activityID = try a.requiredString("id", minLength: 1, maxLength: 128)
            let devices = try a.strings("devices") ?? []
            let streamKey = try a.string("stream_key", minLength: 1, maxLength: 255)
            if let streamKey { try StreamKey.validate(streamKey) }
            let stateJSON = try a.requiredRaw("content_state")
            let state = try ContentState.decode(stateJSON, path: "\(activityPath).content_state", phase: .start)
            try ContentStateRules.validate(state, type: state.type!, phase: .start, stored: nil, path: "\(activityPath).content_state")
            try a.finish()
            account.activities.append(Activity(id: activityID, devices: devices, contentState: state, streamKey: streamKey))
        }
        try r.finish()
        return account
    }

}
