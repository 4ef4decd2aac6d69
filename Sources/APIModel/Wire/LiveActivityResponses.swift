/// The success bodies of the Live Activity calls, in upstream field order.
public enum LiveActivityResponses {
    public static func start(
        activityID: String, devicesNotified: Int, usersNotified: Int,
        effectiveChannelSlugs: [String]?, tags: [String]?, timestamp: String
    ) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("success", true),
            ("activity_id", .string(activityID)),
            ("devices_notified", .int(Int64(devicesNotified))),
            ("users_notified", .int(Int64(usersNotified))),
            ("effective_channel_slugs", slugs(effectiveChannelSlugs))
        ]
        if let tags, !tags.isEmpty { m.append(("tags", .array(tags.map(JSONValue.string)))) }
        m.append(("timestamp", .string(timestamp)))
        return .object(m)
    }

    /// Update and end share a body; end adds `ignored` when the activity had already ended.
    public static func change(
        activityID: String, devicesNotified: Int, devicesQueued: Int,
        timestamp: String, ignored: Bool = false
    ) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("success", true),
            ("activity_id", .string(activityID)),
            ("devices_notified", .int(Int64(devicesNotified))),
            ("devices_queued", .int(Int64(devicesQueued))),
            ("timestamp", .string(timestamp))
        ]
        if ignored { m.append(("ignored", true)) }
        return .object(m)
    }

    public static func slugs(_ slugs: [String]?) -> JSONValue {
        slugs.map { .array($0.map(JSONValue.string)) } ?? .null
    }
}
