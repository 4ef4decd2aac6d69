/// Every member the API's success answers carry, each key and schema written here once.
public enum Member {
    static let count = Schema.integer(minimum: 0)

    public static let success = WireMember<Bool>("success", Schema.boolean()) { .bool($0) }
    public static let activityID = WireMember<String>("activity_id", Schema.string()) { .string($0) }
    /// An activity id that may be null (a stream without a live activity).
    public static let activityIDOrNull = WireMember<String?>("activity_id", Schema.orNull(Schema.string())) {
        $0.map(JSONValue.string) ?? .null
    }
    public static let previousActivityID = WireMember<String>("previous_activity_id", Schema.string()) { .string($0) }
    public static let notificationID = WireMember<String>("notification_id", Schema.string()) { .string($0) }
    public static let streamKey = WireMember<String>("stream_key", Schema.string()) { .string($0) }
    public static let operation = WireMember<StreamOperation>(
        "operation",
        Schema.strings(
            StreamOperation.allCases.map(\.rawValue),
            "started: a new activity; updated: the live one changed; rotated: the type or targets changed, so the old one ended and a new one started; noop: the same state again; paused: the stream is paused, nothing was sent."
        )
    ) { .string($0.rawValue) }
    /// A stream DELETE's operation, always `ended`.
    public static let ended = WireMember<Void>("operation", Schema.strings(["ended"])) { _ in "ended" }
    public static let devicesNotified = WireMember<Int>("devices_notified", count) { .int(Int64($0)) }
    public static let devicesQueued = WireMember<Int>("devices_queued", count) { .int(Int64($0)) }
    public static let usersNotified = WireMember<Int>("users_notified", count) { .int(Int64($0)) }
    public static let devicesUpdated = WireMember<Int>("devices_updated", count) { .int(Int64($0)) }
    public static let usersUpdated = WireMember<Int>("users_updated", count) { .int(Int64($0)) }
    /// The channels a call reached; null when it targeted the whole account with a key of scope all.
    public static let effectiveChannelSlugs = WireMember<[String]?>(
        "effective_channel_slugs",
        Schema.orNull(
            Schema.array(
                Schema.string(), "The channels the call reached; null when it targeted the whole account with a key of scope all."))
    ) { $0.map { .array($0.map(JSONValue.string)) } ?? .null }
    /// The badge's own spelling: always an array (SDK 1.14.0's model refuses null).
    public static let effectiveChannelSlugsList = WireMember<[String]>(
        "effective_channel_slugs", Schema.array(Schema.string(), "The channels reached; [] for the whole account.")
    ) { .array($0.map(JSONValue.string)) }
    public static let tags = WireMember<[String]>("tags", Schema.array(Schema.string(), "The tags sent with the call, when any.")) {
        .array($0.map(JSONValue.string))
    }
    public static let warning = WireMember<String>("warning", Schema.string("A hint, e.g. why a call was a noop.")) { .string($0) }
    public static let ignored = WireMember<Bool>("ignored", Schema.boolean("true when the activity had already ended: nothing changed.")) {
        .bool($0)
    }
    public static let badge = WireMember<Int64>("badge", Schema.integer(minimum: 0, maximum: Limits.badgeCount)) { .int($0) }
    public static let timestamp = WireMember<String>(
        "timestamp", Schema.string("When the call was handled (ISO 8601, UTC, milliseconds).", format: "date-time")
    ) { .string($0) }
}
