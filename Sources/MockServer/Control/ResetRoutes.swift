import HTTPKit
import APIModel
import MockStore

/// `POST /_mock/reset` (back to fixtures, atomically) and `GET /_mock/fixtures` (export).
struct ResetRoutes {
    let server: MockServer
    let admin: AdminGuard

    func register(on router: Router) {
        ControlRoute.add(router, "POST", "/_mock/reset", admin: admin) { request in
            var r = try ControlRoute.body(request)
            let path = try r.string("fixtures", minLength: 1, maxLength: 4096)
            let inline = r.raw("fixture_set")
            try r.finish()
            let fixtures: FixtureSet
            if let inline {
                fixtures = try FixtureSet.decode(JSONWriter.encode(inline))
            } else if let path {
                fixtures = try FixtureFiles(directory: server.configuration.fixturesDirectory).load(path)
            } else {
                fixtures = try server.fixtures()
            }
            try server.reset(to: fixtures)
            return .object([("reset", true), ("accounts", .int(Int64(fixtures.accounts.count))),
                            ("devices", .int(Int64(fixtures.accounts.reduce(0) { $0 + $1.devices.count })))])
        }
        ControlRoute.add(router, "GET", "/_mock/fixtures", admin: admin) { _ in
            try server.store.read { db in try FixtureExport.export(db) }
        }
    }
}

/// The store's accounts, keys, channels, users, devices and metrics in the fixture format.
enum FixtureExport {
    static func export(_ db: Database) throws -> JSONValue {
        let keys = try db.apiKeys()
        let accounts = try db.query("SELECT id, name, billing_state, rate_limit FROM accounts ORDER BY id") {
            ($0.text(0), $0.text(1), $0.optionalText(2), $0.optionalInt(3))
        }
        return .object([("accounts", .array(try accounts.map { (id, name, billing, rate) in
            var m: [(String, JSONValue)] = [("id", .string(id)), ("name", .string(name))]
            if let billing { m.append(("billing_state", .string(billing))) }
            if let rate { m.append(("rate_limit", .int(rate))) }
            m.append(("keys", .array(keys.filter { $0.accountID == id }.sorted { $0.key < $1.key }.map { key in
                var k: [(String, JSONValue)] = [("key", .string(key.key)), ("scope", .string(key.scope.rawValue))]
                if key.scope == .channels { k.append(("channels", .array(key.channels.map(JSONValue.string)))) }
                return .object(k)
            })))
            m.append(("channels", .array(try db.query("SELECT slug FROM channels WHERE account_id = ? ORDER BY slug", .text(id)) { .string($0.text(0)) })))
            m.append(("users", .array(try db.query("SELECT id FROM users WHERE account_id = ? ORDER BY id", .text(id)) { .string($0.text(0)) })))
            m.append(("devices", .array(try db.devices(account: id).map { d in
                var o: [(String, JSONValue)] = [("id", .string(d.id)), ("user", .string(d.userID))]
                if let name = d.name { o.append(("name", .string(name))) }
                o += [("channels", .array(d.channels.map(JSONValue.string))), ("token", .string(d.tokenBehavior.rawValue))]
                if d.tokenBehavior == .afterDelay { o.append(("token_delay_ms", .int(d.tokenDelayMillis))) }
                if !d.online { o.append(("online", false)) }
                if !d.registered { o.append(("registered", false)) }
                return .object(o)
            })))
            m.append(("metrics", .array(try db.query("SELECT key, name FROM metrics WHERE account_id = ? ORDER BY key", .text(id)) { row in
                var o: [(String, JSONValue)] = [("key", .string(row.text(0)))]
                if let name = row.optionalText(1) { o.append(("name", .string(name))) }
                return .object(o)
            })))
            m.append(("activities", .array(try activeActivities(db, account: id))))
            return .object(m)
        }))])
    }

    /// Active activities as fixture entries: their current state, restarted on import. Devices
    /// deleted since the start are left out (a fixture activity may only name existing devices).
    private static func activeActivities(_ db: Database, account: String) throws -> [JSONValue] {
        try db.query("""
            SELECT a.id, a.content_state, a.stream_key,
                (SELECT group_concat(ad.device_id, char(31)) FROM activity_devices ad JOIN devices d ON d.id = ad.device_id
                 WHERE ad.activity_id = a.id AND d.account_id = a.account_id)
            FROM activities a WHERE a.account_id = ? AND a.status = 'active' ORDER BY a.created_at, a.rowid
            """, .text(account)) { row in
            var o: [(String, JSONValue)] = [("id", .string(row.text(0))),
                                            ("devices", .array((row.optionalText(3) ?? "").split(separator: "\u{1F}").sorted().map { .string(String($0)) })),
                                            ("content_state", .stored(row.text(1)))]
            if let key = row.optionalText(2) { o.append(("stream_key", .string(key))) }
            return .object(o)
        }
    }
}
