/// The answers' schemas: the success bodies `LiveActivityResponses` and `OtherResponses` build,
/// and the error bodies `APIError.json` builds.
public enum ResponseSchemas {
    static let count = Schema.integer(minimum: 0)
    static let time = Schema.string("When the call was handled (ISO 8601, UTC, milliseconds).", format: "date-time")
    static let slugsOrNull = Schema.orNull(
        Schema.array(
            Schema.string(),
            "The channels the call reached; null when it targeted the whole account with a key of scope all."))
    static let tags = Schema.array(Schema.string(), "The tags sent with the call, when any.")

    public static var components: [(String, JSONValue)] {
        [
            (
                "LiveActivityStartResponse",
                Schema.object(
                    [
                        ("success", Schema.boolean()), ("activity_id", Schema.string("Pass it to update and end.")),
                        ("devices_notified", count), ("users_notified", count), ("effective_channel_slugs", slugsOrNull),
                        ("tags", tags), ("timestamp", time)
                    ], required: ["success", "activity_id", "devices_notified", "users_notified", "effective_channel_slugs", "timestamp"])
            ),
            ("LiveActivityUpdateResponse", change(ended: false)),
            ("LiveActivityEndResponse", change(ended: true)),
            (
                "LiveActivityStreamPutResponse",
                Schema.object(
                    [
                        ("success", Schema.boolean()),
                        (
                            "operation",
                            Schema.strings(
                                StreamOperation.allCases.map(\.rawValue),
                                "started: a new activity; updated: the live one changed; rotated: the type or targets changed, so the old one ended and a new one started; noop: the same state again; paused: the stream is paused, nothing was sent."
                            )
                        ),
                        ("stream_key", Schema.string()), ("activity_id", Schema.orNull(Schema.string("The stream's live activity; null when paused."))),
                        ("previous_activity_id", Schema.string("rotated: the activity that ended.")),
                        ("devices_notified", count), ("devices_queued", count), ("users_notified", count),
                        ("effective_channel_slugs", slugsOrNull), ("warning", Schema.string("A hint, e.g. why a call was a noop.")),
                        ("tags", tags), ("timestamp", time)
                    ], required: ["success", "operation", "stream_key", "activity_id", "timestamp"])
            ),
            (
                "LiveActivityStreamDeleteResponse",
                Schema.object(
                    [
                        ("success", Schema.boolean()), ("operation", Schema.strings(["ended"])), ("stream_key", Schema.string()),
                        ("activity_id", Schema.orNull(Schema.string("The activity that ended; null when none was live."))),
                        ("devices_notified", count), ("devices_queued", count), ("timestamp", time)
                    ], required: ["success", "operation", "stream_key", "activity_id", "devices_notified", "devices_queued", "timestamp"])
            ),
            (
                "PushNotificationResponse",
                Schema.object(
                    [
                        ("success", Schema.boolean()), ("notification_id", Schema.string("Pass it to replace the notification.")),
                        ("devices_notified", count), ("users_notified", count), ("effective_channel_slugs", slugsOrNull),
                        ("tags", tags), ("timestamp", time)
                    ], required: ["success", "notification_id", "devices_notified", "users_notified", "effective_channel_slugs", "timestamp"])
            ),
            ("MetricValueUpdateResponse", Schema.object([("success", Schema.boolean())], required: ["success"])),
            (
                "AppIconBadgeCountUpdateResponse",
                Schema.object(
                    [
                        ("success", Schema.boolean()), ("badge", Schema.integer(minimum: 0, maximum: Limits.badgeCount)),
                        ("devices_updated", count), ("users_updated", count), ("devices_notified", count), ("users_notified", count),
                        ("effective_channel_slugs", Schema.array(Schema.string(), "The channels reached; [] for the whole account.")),
                        ("timestamp", time)
                    ], required: ["success", "badge", "devices_notified", "users_notified", "effective_channel_slugs", "timestamp"])
            )
        ] + errors
    }

    static func change(ended: Bool) -> JSONValue {
        var properties: [(String, JSONValue)] = [
            ("success", Schema.boolean()), ("activity_id", Schema.string()),
            ("devices_notified", Schema.integer("Devices that received it now.", minimum: 0)),
            ("devices_queued", Schema.integer("Devices that get it once their push token registers.", minimum: 0)),
            ("timestamp", time)
        ]
        if ended { properties.append(("ignored", Schema.boolean("true when the activity had already ended: nothing changed."))) }
        return Schema.object(properties, required: ["success", "activity_id", "devices_notified", "devices_queued", "timestamp"])
    }

    static var errors: [(String, JSONValue)] {
        let text = Schema.string()
        return [
            (
                "Error",
                Schema.object(
                    [
                        ("error", Schema.string("A short name of what went wrong.")),
                        ("message", Schema.string("What to change, naming the field."))
                    ],
                    required: ["error"], open: true, "Every error: `error`, usually `message`, and fields of its kind.")
            ),
            (
                "NoRecipientsError",
                Schema.object(
                    [("error", text), ("message", text), ("effective_channel_slugs", slugsOrNull)],
                    required: ["error", "message"], open: true, "No device matched the target.")
            ),
            (
                "LiveActivityLimitError",
                Schema.object(
                    [
                        ("error", text), ("message", text),
                        ("limit", Schema.integer("Concurrent Live Activities allowed per device.", minimum: 0)),
                        ("active", Schema.integer("Live Activities active on the fullest targeted device.", minimum: 0)),
                        ("blocked_devices", count), ("targeted_devices", count)
                    ], required: ["error", "message", "limit", "active"], "A targeted device already shows the most Live Activities allowed.")
            )
        ]
    }
}
