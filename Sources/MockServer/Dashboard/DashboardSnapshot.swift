import APIModel
import MockStore

/// Everything the dashboard draws, in one JSON document: each simulated device with its recent
/// Live Activities (state, token, what waits), the notifications, badges and metric values.
enum DashboardSnapshot {
    static func build(_ db: Database, now: Int64) throws -> JSONValue {
        let notifications = try db.query("""
            SELECT n.id, n.account_id, n.payload, n.revision, n.created_at, n.updated_at,
                (SELECT group_concat(device_id) FROM notification_deliveries d WHERE d.notification_id = n.id AND d.revision = 1)
            FROM notifications n ORDER BY n.created_at DESC, n.rowid DESC LIMIT 50
            """) { row -> JSONValue in
            .object([("id", .string(row.text(0))), ("account", .string(row.text(1))), ("payload", .stored(row.text(2))),
                     ("revision", .int(row.int(3))), ("created_at", .time(row.int(4))), ("updated_at", .time(row.int(5))),
                     ("devices", .array((row.optionalText(6) ?? "").split(separator: ",").map { .string(String($0)) }))])
        }
        let paused = try db.pausedStreams()
        let devices = try db.allDevices(account: nil).map { device -> JSONValue in
            let activities = try db.query("""
                SELECT a.id, a.type, a.status, a.stream_key, a.content_state, a.action, a.secondary_action, a.created_at,
                    a.updated_at, a.ended_at, a.dismiss_at, ad.token_state, a.update_count,
                    (SELECT COUNT(*) FROM deliveries d WHERE d.activity_id = a.id AND d.device_id = ad.device_id AND d.state = 'queued'),
                    a.timer_started_at, a.timer_ends_at, a.timer_paused_at
                FROM activity_devices ad JOIN activities a ON a.id = ad.activity_id
                WHERE ad.device_id = ? ORDER BY a.status = 'active' DESC, a.updated_at DESC LIMIT 8
                """, .text(device.id)) { row in
                // A timer is drawn from its window, the same one every device received.
                let timer = row.optionalInt(14).map { TimerWindow(startedAt: $0, endsAt: row.optionalInt(15), pausedAt: row.optionalInt(16)) }
                return JSONValue.object([
                    ("id", JSONValue.string(row.text(0))), ("type", .string(row.text(1))), ("status", .string(row.text(2))),
                    ("stream_key", row.optionalText(3).map(JSONValue.string) ?? .null), ("content_state", .stored(row.text(4))),
                    ("action", .stored(row.optionalText(5))), ("secondary_action", .stored(row.optionalText(6))),
                    ("created_at", .time(row.int(7))), ("updated_at", .time(row.int(8))), ("ended_at", .time(row.optionalInt(9))),
                    ("dismiss_at", .time(row.optionalInt(10))), ("token_state", .string(row.text(11))),
                    ("updates", .int(row.int(12))), ("queued", .int(row.int(13))),
                    ("timer", timer.map { $0.json(at: now) } ?? .null),
                    ("stream_paused", .bool(row.optionalText(3).map { paused.contains("\(device.accountID)/\($0)") } ?? false)),
                ])
            }
            return .object([("id", .string(device.id)), ("account", .string(device.accountID)), ("user", .string(device.userID)),
                            ("name", .string(device.name ?? device.id)), ("channels", .array(device.channels.map(JSONValue.string))),
                            ("token", .string(device.tokenBehavior.rawValue)), ("online", .bool(device.online)),
                            ("registered", .bool(device.registered)), ("badge", .int(device.badge ?? 0)),
                            ("activities", .array(activities))])
        }
        let metrics = try db.metricSummaries().map { m -> JSONValue in
            .object([("account", .string(m.account)), ("key", .string(m.key)), ("name", m.name.map(JSONValue.string) ?? .null),
                     ("value", .stored(m.latestValue)), ("measured_at", .time(m.measuredAt))])
        }
        return .object([("now", .time(now)), ("devices", .array(devices)), ("notifications", .array(notifications)),
                        ("metrics", .array(metrics))])
    }
}
