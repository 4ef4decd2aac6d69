import APIModel
import MockStore

/// The MCP tools that read the account's records, or change its metrics and streams.
enum MCPRecords {
    static func listNotifications(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        var r = try call.reader()
        let limit = Int(try r.int("limit", min: 1, max: 100) ?? 20)
        let rows = try call.db.notifications.summaries(account: call.key.accountID, limit: limit, scope: ChannelScope.listed(call.key))
        return (200, .object([("notifications", .array(rows.map(NotificationJSON.summary)))]))
    }

    static func getNotification(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        let id = try call.pathArgument("notification_id")
        let db = call.db
        let row = try db.notifications.summaries(account: call.key.accountID, limit: 1, id: id).first
        if row != nil { try ChannelScope.require(call.key, try db.notifications.get(id: id)?.effectiveChannels, "Push Notification") }
        guard let row else { throw APIError(status: 404, error: "Not Found", message: "No push notification \(id)") }
        return (200, NotificationJSON.summary(row))
    }

    static func listActivities(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        var r = try call.reader()
        let status = try r.string("status", minLength: 1)
        let streamKey = try r.string("stream_key", minLength: 1)
        let limit = Int(try r.int("limit", min: 1, max: 100) ?? 20)
        let db = call.db
        let rows = try db.activities.summaries(
            status: status, streamKey: streamKey, account: call.key.accountID, limit: limit,
            scope: ChannelScope.listed(call.key))
        return (200, .object([("activities", .array(rows.map(ActivityJSON.summary)))]))
    }

    static func setPaused(_ call: MCPCall, _ paused: Bool) throws -> (status: Int, body: JSONValue) {
        let streamKey = try call.pathArgument("stream_key")
        try StreamKey.validate(streamKey)
        let now = call.context.clock.nowMillis()
        let db = call.db
        if let latest = try db.streams.latestActivity(account: call.key.accountID, streamKey: streamKey) {
            try ChannelScope.requireActivity(call.key, latest.id, in: db, "stream's Live Activity")
        }
        let body = try StreamPausing.set(db, account: call.key.accountID, streamKey: streamKey, paused: paused, now: now)
        return (200, body)
    }

    static func listMetrics(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        let rows = try call.db.metrics.summaries(account: call.key.accountID)
        return (200, .object([("metrics", .array(rows.map(NotificationJSON.metric)))]))
    }

    /// Creates a metric (409 if it exists) or renames one (404 if it does not).
    static func defineMetric(_ call: MCPCall, creating: Bool) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("widget metrics")
        var r = try call.reader()
        let key = try r.requiredString("key", minLength: 1, maxLength: 64)
        try MetricValueRequest.validateKey(key)
        let name = try r.string("name", required: !creating, minLength: 1, maxLength: 128)
        try r.finish()
        let account = call.key.accountID
        let db = call.db
        let exists = try db.metrics.exists(account: account, key: key)
        if creating && exists { throw APIError(status: 409, error: "Conflict", message: "Metric \(key) already exists") }
        if !creating && !exists { throw APIError(status: 404, error: "Metric not found", message: nil) }
        try db.metrics.define(account: account, key: key, name: name)
        return (200, .object([("success", true), ("key", .string(key)), ("name", name.map(JSONValue.string) ?? .null)]))
    }

    static func deleteMetric(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("widget metrics")
        let key = try call.pathArgument("key")
        let account = call.key.accountID
        let db = call.db
        guard try db.metrics.exists(account: account, key: key) else { throw APIError(status: 404, error: "Metric not found", message: nil) }
        try db.metrics.delete(account: account, key: key)
        return (200, .object([("success", true), ("deleted", .string(key))]))
    }

    static func listUsers(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        let db = call.db
        let (users, devices) = (try db.accounts.userRows(account: call.key.accountID), try db.devices.list(account: call.key.accountID))
        // A channel-scoped key sees the users with a device in its channels, and those devices.
        let reached = Set(devices.filter { ChannelScope.reaches(call.key, device: $0) }.map(\.id))
        return (
            200,
            .object([
                (
                    "users",
                    .array(
                        users.compactMap { user in
                            let shown = user.devices.filter(reached.contains)
                            guard call.key.scope == .all || !shown.isEmpty else { return nil }
                            return .object([
                                ("id", .string(user.id)), ("devices", .array((call.key.scope == .all ? user.devices : shown).map(JSONValue.string)))
                            ])
                        })
                )
            ])
        )
    }

    static func listDevices(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        let devices = try call.db.devices.list(account: call.key.accountID)
            .filter { ChannelScope.reaches(call.key, device: $0) }
        return (200, .object([("devices", .array(devices.map { DeviceJSON.device($0) }))]))
    }
}
