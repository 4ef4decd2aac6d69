import APIModel
import MockStore

/// A simulated device: the one shape the control plane and the dashboard share, with what it
/// holds appended where a view needs it.
enum DeviceJSON {
    /// `extra` members replace those of the same name in place, or are appended.
    static func device(_ d: DeviceRecord, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        JSONValue.object([
            ("id", .string(d.id)), ("account", .string(d.accountID)), ("user", .string(d.userID)),
            ("name", .optional(d.name)), ("channels", .array(d.channels.map(JSONValue.string))),
            ("token", .string(d.tokenBehavior.rawValue)), ("token_delay_ms", .int(d.tokenDelayMillis)),
            ("online", .bool(d.online)), ("registered", .bool(d.registered)),
            ("badge", d.badge.map(JSONValue.int) ?? .null)
        ]).merged(extra)
    }

    static func activity(_ a: DeviceTable.DeviceActivity) -> JSONValue {
        .object([
            ("id", .string(a.id)), ("type", .string(a.type.rawValue)), ("status", .string(a.status.rawValue)),
            ("token_state", .string(a.tokenState.rawValue)), ("received", .int(a.received)), ("queued", .int(a.queued))
        ])
    }

    static func notification(_ n: NotificationTable.DeliveredNotification) -> JSONValue {
        .object([
            ("id", .string(n.id)), ("revision", .int(n.revision)), ("payload", .stored(n.payload)),
            ("delivered_at", .time(n.deliveredAt))
        ])
    }
}
