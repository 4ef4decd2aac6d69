/// Success bodies of streams, push notifications and the badge, in upstream field order.
public enum OtherResponses {
    public static func streamPut(operation: String, streamKey: String, activityID: String?, previousActivityID: String?,
                                 devicesNotified: Int, devicesQueued: Int, usersNotified: Int?,
                                 effectiveChannelSlugs: [String]??, warning: String?, timestamp: String) -> JSONValue {
        var m = [JSONMember("success", true), JSONMember("operation", .string(operation)),
                 JSONMember("stream_key", .string(streamKey)),
                 JSONMember("activity_id", activityID.map(JSONValue.string) ?? .null)]
        if let previousActivityID { m.append(JSONMember("previous_activity_id", .string(previousActivityID))) }
        m.append(JSONMember("devices_notified", .int(Int64(devicesNotified))))
        m.append(JSONMember("devices_queued", .int(Int64(devicesQueued))))
        if let usersNotified { m.append(JSONMember("users_notified", .int(Int64(usersNotified)))) }
        if let slugs = effectiveChannelSlugs { m.append(JSONMember("effective_channel_slugs", LiveActivityResponses.slugs(slugs))) }
        if let warning { m.append(JSONMember("warning", .string(warning))) }
        m.append(JSONMember("timestamp", .string(timestamp)))
        return .object(JSONObject(m))
    }

    /// A PUT on a paused stream: nothing started, updated or delivered (the docs' example body).
    public static func streamPaused(streamKey: String, timestamp: String) -> JSONValue {
        .object(JSONObject([
            JSONMember("success", true), JSONMember("operation", "paused"), JSONMember("stream_key", .string(streamKey)),
            JSONMember("activity_id", .null), JSONMember("timestamp", .string(timestamp)),
        ]))
    }

    public static func streamDelete(streamKey: String, activityID: String?, devicesNotified: Int, devicesQueued: Int,
                                    timestamp: String) -> JSONValue {
        .object(JSONObject([
            JSONMember("success", true), JSONMember("operation", "ended"), JSONMember("stream_key", .string(streamKey)),
            JSONMember("activity_id", activityID.map(JSONValue.string) ?? .null),
            JSONMember("devices_notified", .int(Int64(devicesNotified))),
            JSONMember("devices_queued", .int(Int64(devicesQueued))),
            JSONMember("timestamp", .string(timestamp)),
        ]))
    }

    public static func push(notificationID: String, devicesNotified: Int, usersNotified: Int,
                            effectiveChannelSlugs: [String]?, tags: [String]?, timestamp: String) -> JSONValue {
        var m = [JSONMember("success", true), JSONMember("notification_id", .string(notificationID)),
                 JSONMember("devices_notified", .int(Int64(devicesNotified))),
                 JSONMember("users_notified", .int(Int64(usersNotified))),
                 JSONMember("effective_channel_slugs", LiveActivityResponses.slugs(effectiveChannelSlugs))]
        if let tags, !tags.isEmpty { m.append(JSONMember("tags", .array(tags.map(JSONValue.string)))) }
        m.append(JSONMember("timestamp", .string(timestamp)))
        return .object(JSONObject(m))
    }

    /// `effective_channel_slugs` is always an array here: SDK 1.14.0's model refuses null.
    public static func badge(_ badge: Int64, devices: Int, users: Int, effectiveChannelSlugs: [String]?, timestamp: String) -> JSONValue {
        .object(JSONObject([
            JSONMember("success", true), JSONMember("badge", .int(badge)),
            JSONMember("devices_updated", .int(Int64(devices))), JSONMember("users_updated", .int(Int64(users))),
            JSONMember("devices_notified", .int(Int64(devices))), JSONMember("users_notified", .int(Int64(users))),
            JSONMember("effective_channel_slugs", .array((effectiveChannelSlugs ?? []).map(JSONValue.string))),
            JSONMember("timestamp", .string(timestamp)),
        ]))
    }
}
