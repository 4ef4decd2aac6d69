/// The answers' schemas: the success bodies' come from their typed answers (`WireAnswer`), the
/// error bodies' describe what `APIError.json` builds.
public enum ResponseSchemas {
    static let count = Schema.integer(minimum: 0)

    public static var components: [(String, JSONValue)] {
        [
            ("LiveActivityStartResponse", StartAnswer.schema),
            ("LiveActivityUpdateResponse", ChangeAnswer.updateSchema),
            ("LiveActivityEndResponse", ChangeAnswer.schema),
            ("LiveActivityStreamPutResponse", StreamPutAnswer.schema),
            ("LiveActivityStreamDeleteResponse", StreamDeleteAnswer.schema),
            ("PushNotificationResponse", PushAnswer.schema),
            ("MetricValueUpdateResponse", MetricAnswer.schema),
            ("AppIconBadgeCountUpdateResponse", BadgeAnswer.schema)
        ] + errors
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
                    [("error", text), ("message", text), (Member.effectiveChannelSlugs.key, Member.effectiveChannelSlugs.schema)],
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
