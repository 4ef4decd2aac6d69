import HTTPKit
import APIModel
import MockStore

/// Read-only views of what the mock holds: activities (with every update and what each device
/// got), streams, notifications and metrics.
struct StateRoutes {
    let store: Store
    let admin: AdminGuard
    let clock: MockClock

    func register(on router: Router) {
        ControlRoute.add(router, "GET", "/_mock/activities", admin: admin) { request in
            let limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...1000)
            return .object([("activities", .array(try store.read { db in
                try db.query("""
                    SELECT id, account_id, type, status, stream_key, content_state, update_count, created_at, updated_at, ended_at
                    FROM activities WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR stream_key = ?2)
                      AND (?3 IS NULL OR account_id = ?3)
                    ORDER BY created_at DESC, rowid DESC LIMIT ?4
                    """, .optional(request.queryValue("status")), .optional(request.queryValue("stream_key")),
                    .optional(request.queryValue("account")), .int(Int64(limit))) { row in
                    .object([("id", .string(row.text(0))), ("account", .string(row.text(1))), ("type", .string(row.text(2))),
                             ("status", .string(row.text(3))), ("stream_key", row.optionalText(4).map(JSONValue.string) ?? .null),
                             ("content_state", .stored(row.text(5))), ("update_count", .int(row.int(6))),
                             ("created_at", .time(row.int(7))), ("updated_at", .time(row.int(8))), ("ended_at", .time(row.optionalInt(9)))])
                }
            }))])
        }
        ControlRoute.add(router, "GET", "/_mock/activities/:id", admin: admin) { request in
            let id = request.parameters["id"] ?? ""
            guard let detail = try store.read({ db in try activityDetail(db, id: id) }) else {
                throw APIError(status: 404, error: "Not Found", message: "No activity \(id)")
            }
            return detail
        }
        ControlRoute.add(router, "GET", "/_mock/streams", admin: admin) { _ in
            .object([("streams", .array(try store.read { db in
                let paused = try db.pausedStreams()
                return try db.query("""
                    SELECT a.account_id, a.stream_key, a.id, a.status, a.type, a.updated_at FROM activities a
                    WHERE a.stream_key IS NOT NULL AND a.rowid = (SELECT b.rowid FROM activities b WHERE b.account_id = a.account_id
                        AND b.stream_key = a.stream_key ORDER BY b.created_at DESC, b.rowid DESC LIMIT 1)
                    ORDER BY a.account_id, a.stream_key
                    """) { row in
                    .object([("account", .string(row.text(0))), ("stream_key", .string(row.text(1))),
                             ("activity_id", .string(row.text(2))), ("status", .string(row.text(3))),
                             ("type", .string(row.text(4))), ("updated_at", .time(row.int(5))),
                             ("paused", .bool(paused.contains("\(row.text(0))/\(row.text(1))")))])
                }
            }))])
        }
        ControlRoute.add(router, "GET", "/_mock/notifications", admin: admin) { request in
            let limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...1000)
            return .object([("notifications", .array(try store.read { db in
                try db.query("""
                    SELECT n.id, n.account_id, n.payload, n.tags, n.metadata, n.revision, n.created_at, n.updated_at,
                        (SELECT COUNT(*) FROM notification_deliveries d WHERE d.notification_id = n.id AND d.revision = n.revision)
                    FROM notifications n WHERE (?1 IS NULL OR n.account_id = ?1) ORDER BY n.created_at DESC, n.rowid DESC LIMIT ?2
                    """, .optional(request.queryValue("account")), .int(Int64(limit))) { row in
                    .object([("id", .string(row.text(0))), ("account", .string(row.text(1))), ("payload", .stored(row.text(2))),
                             ("tags", .stored(row.text(3))), ("metadata", .stored(row.text(4))), ("revision", .int(row.int(5))),
                             ("created_at", .time(row.int(6))), ("updated_at", .time(row.int(7))), ("devices", .int(row.int(8)))])
                }
            }))])
        }
        ControlRoute.add(router, "GET", "/_mock/metrics", admin: admin) { _ in
            .object([("metrics", .array(try store.read { db in
                try db.metricSummaries().map { m in
                    .object([("account", .string(m.account)), ("key", .string(m.key)), ("name", m.name.map(JSONValue.string) ?? .null),
                             ("value", .stored(m.latestValue)), ("measured_at", .time(m.measuredAt)),
                             ("history_count", .int(m.historyCount))])
                }
            }))])
        }
    }

    /// An activity with every update in order and, per device, its token and what it got or awaits.
    func activityDetail(_ db: Database, id: String) throws -> JSONValue? {
        guard let activity = try db.activity(id: id) else { return nil }
        let updates = try db.query(Database.historyCTE + """
             SELECT u.id, u.seq, u.kind, u.payload, u.devices_notified, u.devices_queued, u.created_at
            FROM history h JOIN updates u ON u.id = h.id ORDER BY u.seq
            """, .text(id)) { row in
            (row.int(1), JSONValue.object([("seq", .int(row.int(1))), ("kind", .string(row.text(2))), ("payload", .stored(row.text(3))),
                                           ("devices_notified", .int(row.int(4))), ("devices_queued", .int(row.int(5))),
                                           ("created_at", .time(row.int(6)))]))
        }
        let devices = try db.query("""
            SELECT device_id, token_state, register_at, registered_at FROM activity_devices WHERE activity_id = ? ORDER BY device_id
            """, .text(id)) { ($0.text(0), $0.text(1), $0.optionalInt(2), $0.optionalInt(3)) }
        let sequence = updates.map(\.0)
        let perDevice = try devices.map { device -> JSONValue in
            // A device received every update live except those that waited (queued) for its token.
            let queued = Set(try db.query("""
                SELECT u.seq FROM deliveries d JOIN updates u ON u.id = d.update_id
                WHERE d.activity_id = ? AND d.device_id = ? AND d.state = 'queued'
                """, .text(id), .text(device.0)) { $0.int(0) })
            return .object([("device_id", .string(device.0)), ("token_state", .string(device.1)),
                            ("registers_at", .time(device.2)), ("registered_at", .time(device.3)),
                            ("received", .array(sequence.filter { !queued.contains($0) }.map(JSONValue.int))),
                            ("queued", .array(sequence.filter { queued.contains($0) }.map(JSONValue.int)))])
        }
        let row = try db.query("SELECT action, secondary_action, dismiss_at, updated_at FROM activities WHERE id = ?", .text(id)) {
            ($0.optionalText(0), $0.optionalText(1), $0.optionalInt(2), $0.int(3))
        }.first
        return .object([
            ("id", .string(activity.id)), ("account", .string(activity.accountID)), ("type", .string(activity.type.rawValue)),
            ("status", .string(activity.status)), ("stream_key", activity.streamKey.map(JSONValue.string) ?? .null),
            ("content_state", .stored(activity.contentState)), ("action", .stored(row?.0)), ("secondary_action", .stored(row?.1)),
            ("tags", .stored(activity.tags)), ("metadata", .stored(activity.metadata)),
            ("created_at", .time(activity.createdAt)), ("updated_at", .time(row?.3)), ("ended_at", .time(activity.endedAt)),
            ("dismiss_at", .time(row?.2)),
            // A timer's window at the mock's clock: what every device shows now.
            ("timer", activity.type == .timer ? ActivityLifecycle.timerWindow(of: activity).json(at: clock.nowMillis()) : .null),
            ("updates", .array(updates.map(\.1))), ("devices", .array(perDevice)),
        ])
    }
}
