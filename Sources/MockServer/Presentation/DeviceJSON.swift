import APIModel
import MockStore

/// A simulated device: the one shape the control plane and the dashboard share, with what it
/// holds appended where a view needs it.
enum DeviceJSON {
    /// `extra` members replace those of the same name in place, or are appended.
    static func device(_ d: DeviceRecord, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        var object = JSONObject([
            JSONMember("id", .string(d.id)), JSONMember("account", .string(d.accountID)), JSONMember("user", .string(d.userID)),
            JSONMember("name", .optional(d.name)), JSONMember("channels", .array(d.channels.map(JSONValue.string))),
            JSONMember("token", .string(d.tokenBehavior.rawValue)), JSONMember("token_delay_ms", .int(d.tokenDelayMillis)),
            JSONMember("online", .bool(d.online)), JSONMember("registered", .bool(d.registered)),
            JSONMember("badge", d.badge.map(JSONValue.int) ?? .null),
        ])
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    static func activity(_ a: Database.DeviceActivity) -> JSONValue {
        .object([("id", .string(a.id)), ("type", .string(a.type)), ("status", .string(a.status)),
                 ("token_state", .string(a.tokenState)), ("received", .int(a.received)), ("queued", .int(a.queued))])
    }

    static func notification(_ n: Database.DeliveredNotification) -> JSONValue {
        .object([("id", .string(n.id)), ("revision", .int(n.revision)), ("payload", .stored(n.payload)),
                 ("delivered_at", .time(n.deliveredAt))])
    }
}
