import HTTPKit
import APIModel
import MockStore

/// Simulated devices: list, inspect, create, change, delete, and register per-activity tokens.
struct DeviceRoutes {
    let store: Store
    let admin: AdminGuard
    let clock: MockClock

    func register(on router: Router) {
        ControlRoute.add(router, "GET", "/_mock/devices", admin: admin) { request in
            .object([("devices", .array(try store.read { db in
                try db.allDevices(account: request.queryValue("account")).map(deviceJSON)
            }))])
        }
        ControlRoute.add(router, "GET", "/_mock/devices/:id", admin: admin) { request in
            let id = request.parameters["id"] ?? ""
            return try store.read { db in
                guard let device = try db.device(id: id) else { throw notFound(id) }
                var json = deviceJSON(device)
                json = json.merging([
                    ("activities", .array(try db.query("""
                        SELECT a.id, a.type, a.status, ad.token_state,
                            a.update_count + 1
                              - (SELECT COUNT(*) FROM deliveries d WHERE d.activity_id = a.id AND d.device_id = ?1 AND d.state = 'queued'),
                            (SELECT COUNT(*) FROM deliveries d WHERE d.activity_id = a.id AND d.device_id = ?1 AND d.state = 'queued')
                        FROM activity_devices ad JOIN activities a ON a.id = ad.activity_id WHERE ad.device_id = ?1 ORDER BY a.created_at
                        """, .text(id)) { row in
                        .object([("id", .string(row.text(0))), ("type", .string(row.text(1))), ("status", .string(row.text(2))),
                                 ("token_state", .string(row.text(3))), ("received", .int(row.int(4))), ("queued", .int(row.int(5)))])
                    })),
                    ("notifications", .array(try db.query("""
                        SELECT notification_id, revision, payload, delivered_at FROM notification_deliveries WHERE device_id = ?
                        ORDER BY delivered_at, notification_id, revision
                        """, .text(id)) { row in
                        .object([("id", .string(row.text(0))), ("revision", .int(row.int(1))), ("payload", .stored(row.text(2))),
                                 ("delivered_at", .time(row.int(3)))])
                    })),
                ])
                return json
            }
        }
        ControlRoute.add(router, "POST", "/_mock/devices/:id/tokens/:activity_id", admin: admin) { request in
            let id = request.parameters["id"] ?? "", activity = request.parameters["activity_id"] ?? ""
            let now = clock.nowMillis()
            return try store.write { db in
                guard try db.scalarInt("SELECT COUNT(*) FROM activity_devices WHERE activity_id = ? AND device_id = ?",
                                       .text(activity), .text(id)) == 1 else {
                    throw APIError(status: 404, error: "Not Found", message: "Device \(id) is not targeted by activity \(activity)")
                }
                let delivered = try db.registerToken(activityID: activity, deviceID: id, at: now)
                return .object([("device_id", .string(id)), ("activity_id", .string(activity)),
                                ("token_state", "registered"), ("delivered", .int(Int64(delivered)))])
            }
        }
        ControlRoute.add(router, "PATCH", "/_mock/devices/:id", admin: admin) { request in
            let id = request.parameters["id"] ?? ""
            var r = try ControlRoute.body(request)
            let token = try r.enumeration("token", TokenBehavior.self)
            let delay = try r.int("token_delay_ms", min: 0, max: 86_400_000)
            let online = try r.bool("online")
            let registered = try r.bool("registered")
            let name = try r.string("name", maxLength: 128)
            try r.finish()
            return try store.write { db in
                guard try db.device(id: id) != nil else { throw notFound(id) }
                try db.run("""
                    UPDATE devices SET token_behavior = COALESCE(?, token_behavior), token_delay_ms = COALESCE(?, token_delay_ms),
                        online = COALESCE(?, online), registered = COALESCE(?, registered), name = COALESCE(?, name) WHERE id = ?
                    """, .optional(token?.rawValue), .optional(delay), .optional(online.map { $0 ? 1 : 0 }),
                    .optional(registered.map { $0 ? 1 : 0 }), .optional(name), .text(id))
                return deviceJSON(try db.device(id: id)!)
            }
        }
        ControlRoute.add(router, "POST", "/_mock/devices", admin: admin) { request in
            var r = try ControlRoute.body(request)
            let id = try r.string("id", required: true, minLength: 1, maxLength: 128)!
            let account = try r.string("account", required: true, minLength: 1)!
            let user = try r.string("user", required: true, minLength: 1, maxLength: 128)!
            let name = try r.string("name", maxLength: 128)
            let channels = try (r.array("channels") ?? []).map { v throws(APIError) -> String in
                guard case .string(let s) = v, !s.isEmpty else { throw APIError.invalid("channels must be non-empty strings") }
                return s
            }
            let token = try r.enumeration("token", TokenBehavior.self) ?? .immediate
            let delay = try r.int("token_delay_ms", min: 0, max: 86_400_000) ?? 0
            try r.finish()
            return try store.write { db in
                guard try db.scalarInt("SELECT COUNT(*) FROM accounts WHERE id = ?", .text(account)) == 1 else {
                    throw APIError(status: 404, error: "Not Found", message: "No account \(account)")
                }
                guard try db.device(id: id) == nil else {
                    throw APIError(status: 409, error: "Conflict", message: "Device \(id) already exists")
                }
                try db.run("INSERT OR IGNORE INTO users (account_id, id) VALUES (?, ?)", .text(account), .text(user))
                for slug in channels {
                    try db.run("INSERT OR IGNORE INTO channels (account_id, slug) VALUES (?, ?)", .text(account), .text(slug))
                }
                try db.run("""
                    INSERT INTO devices (id, account_id, user_id, name, channels, token_behavior, token_delay_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, .text(id), .text(account), .text(user), .optional(name), .text(StringList.encode(channels)),
                    .text(token.rawValue), .int(delay))
                return deviceJSON(try db.device(id: id)!)
            }
        }
        ControlRoute.add(router, "DELETE", "/_mock/devices/:id", admin: admin) { request in
            let id = request.parameters["id"] ?? ""
            return try store.write { db in
                guard try db.device(id: id) != nil else { throw notFound(id) }
                // History stays (it is what the device received); the device just stops being targetable.
                try db.run("DELETE FROM devices WHERE id = ?", .text(id))
                return .object([("deleted", .string(id))])
            }
        }
    }

    private func notFound(_ id: String) -> APIError {
        APIError(status: 404, error: "Not Found", message: "No device \(id)")
    }

    private func deviceJSON(_ d: DeviceRecord) -> JSONValue {
        .object([("id", .string(d.id)), ("account", .string(d.accountID)), ("user", .string(d.userID)),
                 ("name", d.name.map(JSONValue.string) ?? .null), ("channels", .array(d.channels.map(JSONValue.string))),
                 ("token", .string(d.tokenBehavior.rawValue)), ("token_delay_ms", .int(d.tokenDelayMillis)),
                 ("online", .bool(d.online)), ("registered", .bool(d.registered)),
                 ("badge", d.badge.map(JSONValue.int) ?? .null)])
    }
}

extension JSONValue {
    func merging(_ members: [(String, JSONValue)]) -> JSONValue {
        guard case .object(var o) = self else { return self }
        for (k, v) in members { o[k] = v }
        return .object(o)
    }
}
