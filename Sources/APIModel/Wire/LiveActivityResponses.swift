/// The success bodies of the Live Activity calls, in upstream field order.
public enum LiveActivityResponses {
    public static func start(activityID: String, devicesNotified: Int, usersNotified: Int,
                             effectiveChannelSlugs: [String]?, tags: [String]?, timestamp: String) -> JSONValue {
        var m = [
            JSONMember("success", true),
            JSONMember("activity_id", .string(activityID)),
            JSONMember("devices_notified", .int(Int64(devicesNotified))),
            JSONMember("users_notified", .int(Int64(usersNotified))),
            JSONMember("effective_channel_slugs", slugs(effectiveChannelSlugs)),
        ]
        if let tags, !tags.isEmpty { m.append(JSONMember("tags", .array(tags.map(JSONValue.string)))) }
        m.append(JSONMember("timestamp", .string(timestamp)))
        return .object(JSONObject(m))
    }

    /// Update and end share a body; end adds `ignored` when the activity had already ended.
    public static func change(activityID: String, devicesNotified: Int, devicesQueued: Int,
                              timestamp: String, ignored: Bool = false) -> JSONValue {
        var m = [
            JSONMember("success", true),
            JSONMember("activity_id", .string(activityID)),
            JSONMember("devices_notified", .int(Int64(devicesNotified))),
            JSONMember("devices_queued", .int(Int64(devicesQueued))),
            JSONMember("timestamp", .string(timestamp)),
        ]
        if ignored { m.append(JSONMember("ignored", true)) }
        return .object(JSONObject(m))
    }

    public static func slugs(_ slugs: [String]?) -> JSONValue {
        slugs.map { .array($0.map(JSONValue.string)) } ?? .null
    }
}
