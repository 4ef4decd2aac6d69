/// What a stream PUT did (`operation` in its answer).
public enum StreamOperation: String, Sendable, CaseIterable {
    /// The first activity of the key (or the first after an end or a resume).
    case started
    /// The current activity took the new state.
    case updated
    /// The type changed: the current activity ended and a new one started.
    case rotated
    /// The state equals the current one: nothing was sent.
    case noop
    /// The stream is paused: nothing started, updated or delivered.
    case paused
}

/// Success bodies of streams, push notifications and the badge, in upstream field order.
public enum OtherResponses {
    public static func streamPut(
        operation: StreamOperation, streamKey: String, activityID: String?, previousActivityID: String?,
        devicesNotified: Int, devicesQueued: Int, usersNotified: Int?,
        effectiveChannelSlugs: [String]??, warning: String?, timestamp: String
    ) -> JSONValue {
        var m = [
            ("success", true), ("operation", .string(operation.rawValue)),
            ("stream_key", .string(streamKey)),
            ("activity_id", activityID.map(JSONValue.string) ?? .null)
        ]
        if let previousActivityID { m.append(("previous_activity_id", .string(previousActivityID))) }
        m.append(("devices_notified", .int(Int64(devicesNotified))))
        m.append(("devices_queued", .int(Int64(devicesQueued))))
        if let usersNotified { m.append(("users_notified", .int(Int64(usersNotified)))) }
        if let slugs = effectiveChannelSlugs { m.append(("effective_channel_slugs", LiveActivityResponses.slugs(slugs))) }
        if let warning { m.append(("warning", .string(warning))) }
        m.append(("timestamp", .string(timestamp)))
        return .object(m)
    }

    /// A PUT on a paused stream: nothing started, updated or delivered (the docs' example body).
    public static func streamPaused(streamKey: String, timestamp: String) -> JSONValue {
        .object([
            ("success", true), ("operation", .string(StreamOperation.paused.rawValue)), ("stream_key", .string(streamKey)),
            ("activity_id", .null), ("timestamp", .string(timestamp))
        ])
    }

    public static func streamDelete(
        streamKey: String, activityID: String?, devicesNotified: Int, devicesQueued: Int,
        timestamp: String
    ) -> JSONValue {
        .object([
            ("success", true), ("operation", "ended"), ("stream_key", .string(streamKey)),
            ("activity_id", activityID.map(JSONValue.string) ?? .null),
            ("devices_notified", .int(Int64(devicesNotified))),
            ("devices_queued", .int(Int64(devicesQueued))),
            ("timestamp", .string(timestamp))
        ])
    }

    public static func push(
        notificationID: String, devicesNotified: Int, usersNotified: Int,
        effectiveChannelSlugs: [String]?, tags: [String]?, timestamp: String
    ) -> JSONValue {
        var m = [
            ("success", true), ("notification_id", .string(notificationID)),
            ("devices_notified", .int(Int64(devicesNotified))),
            ("users_notified", .int(Int64(usersNotified))),
            ("effective_channel_slugs", LiveActivityResponses.slugs(effectiveChannelSlugs))
        ]
        if let tags, !tags.isEmpty { m.append(("tags", .array(tags.map(JSONValue.string)))) }
        m.append(("timestamp", .string(timestamp)))
        return .object(m)
    }

    /// `effective_channel_slugs` is always an array here: SDK 1.14.0's model refuses null.
    public static func badge(_ badge: Int64, devices: Int, users: Int, effectiveChannelSlugs: [String]?, timestamp: String) -> JSONValue {
        .object([
            ("success", true), ("badge", .int(badge)),
            ("devices_updated", .int(Int64(devices))), ("users_updated", .int(Int64(users))),
            ("devices_notified", .int(Int64(devices))), ("users_notified", .int(Int64(users))),
            ("effective_channel_slugs", .array((effectiveChannelSlugs ?? []).map(JSONValue.string))),
            ("timestamp", .string(timestamp))
        ])
    }
}
