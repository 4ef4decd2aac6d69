/// The request bodies' schemas, one per call, from the decoders' bounds (`Limits`) and enums.
public enum RequestSchemas {
    public static var components: [(String, JSONValue)] {
        ContentStateSchemas.Variant.allCases.map { ($0.rawValue, ContentStateSchemas.schema($0)) }
            + ContentStateSchemas.parts + common + [
                (
                    "LiveActivityStartRequest",
                    Schema.object(
                        liveActivityFields(.start, alert: true) + [
                            ("target", Schema.ref("ChannelTarget")), ("tags", Schema.ref("Tags")), ("metadata", Schema.ref("Metadata"))
                        ] + ignored, required: ["content_state"], nullOptional: true, "Starts a Live Activity on the targeted devices.")
                ),
                ("LiveActivityUpdateRequest", change(.update, "Updates a running Live Activity.")),
                ("LiveActivityEndRequest", change(.end, "Ends a Live Activity; an activity that already ended answers `ignored: true`.")),
                (
                    "LiveActivityStreamRequest",
                    Schema.object(
                        liveActivityFields(.stream, alert: true) + [
                            ("channels", Schema.describe(slugs, "The channels to target; the same as target.channels.")),
                            ("target", Schema.ref("ChannelTarget")), ("tags", Schema.ref("Tags")), ("metadata", Schema.ref("Metadata"))
                        ] + ignored, required: ["content_state"], nullOptional: true,
                        "Sends the state a stream key should show: starts an activity, updates it, starts a new one when the type or targets change (rotated), or does nothing when the state is unchanged (noop)."
                    )
                ),
                (
                    "LiveActivityStreamDeleteRequest",
                    Schema.object(
                        liveActivityFields(.stream, alert: true) + [
                            ("tags", Schema.ref("Tags")), ("metadata", Schema.ref("Metadata"))
                        ] + ignored, nullOptional: true, "Ends a stream's activity, with an optional final state. The body may be empty or null.")
                ),
                ("PushNotificationRequest", push(replace: false)),
                ("PushNotificationReplaceRequest", push(replace: true)),
                (
                    "MetricValueUpdateRequest",
                    Schema.object(
                        [
                            (
                                "value",
                                Schema.oneOf(
                                    [Schema.number(), Schema.string(minLength: 1, maxLength: Limits.metricText)],
                                    "A finite number or a short text.")
                            ),
                            ("timestamp", Schema.string("When the value was measured; the receipt time when omitted.", format: "date-time"))
                        ], required: ["value"], "A widget metric's new value.")
                ),
                (
                    "AppIconBadgeCountUpdateRequest",
                    Schema.object(
                        [
                            ("badge", Schema.integer("The number on the app icon; 0 clears it.", minimum: 0, maximum: Limits.badgeCount)),
                            ("target", Schema.ref("ChannelTarget"))
                        ], required: ["badge"], nullOptional: true, "Sets the app icon's badge on the targeted devices.")
                )
            ]
    }

    /// `IgnoredProperties`: accepted as strings, dropped, listed in the journal.
    static var ignored: [(String, JSONValue)] {
        IgnoredProperties.names.map { name in
            (
                name,
                Schema.string(
                    "Ignored. The official GitHub Action sends its live-activity-id input here on every call (\"\" when unset); the mock accepts a string and lists it in the journal entry's ignored_properties."
                )
            )
        }
    }

    static let slugs = Schema.array(
        Schema.string(minLength: 1, maxLength: Limits.channelSlug),
        minItems: 1, maxItems: Limits.channelsPerTarget)

    static var common: [(String, JSONValue)] {
        [
            (
                "ChannelTarget",
                Schema.object(
                    [("channels", Schema.describe(slugs, "Channel slugs; at least one."))],
                    required: ["channels"], "Limits delivery to the devices of these channels.")
            ),
            (
                "Tags",
                Schema.array(
                    Schema.string(minLength: 1, maxLength: Limits.tagLength),
                    "Labels stored with the call and returned; [] clears them.", maxItems: Limits.tags)
            ),
            (
                "Metadata",
                [
                    ("type", "object"), ("maxProperties", .int(Int64(Limits.metadataEntries))),
                    ("propertyNames", Schema.string(minLength: 1, maxLength: Limits.metadataKey)),
                    ("additionalProperties", Schema.oneOf([Schema.string(maxLength: Limits.metadataText), Schema.number(), Schema.boolean()])),
                    ("description", .string("Flat key-value pairs stored with the call (at most \(Limits.metadataBytes / 1024) KB as JSON)."))
                ].asObject
            ),
            (
                "AlertPayload",
                Schema.object(
                    [
                        ("title", Schema.string(maxLength: Limits.title)), ("body", Schema.string(maxLength: Limits.message))
                    ], nullOptional: true, "A banner shown with the start.")
            ),
            ("LiveActivityAction", action(openURL: "https://, http:// or shortcuts://")),
            (
                "PushNotificationAction",
                action(openURL: "any openable scheme (https://, shortcuts://, an app's own) but javascript:, file:, data:, about:, blob: and vbscript:")
            )
        ]
    }

    static func action(openURL: String) -> JSONValue {
        Schema.object(
            [
                ("title", Schema.string("The button's label.", maxLength: Limits.actionTitle)),
                ("type", Schema.enumeration(LiveActivityAction.Kind.self, "open_url opens url; webhook calls it.")),
                ("url", Schema.string("open_url: \(openURL); webhook: https:// only.", minLength: 1, maxLength: Limits.url)),
                ("method", Schema.enumeration(LiveActivityAction.Method.self, "webhook: the HTTP method (POST when omitted).")),
                ("body", Schema.anyObject("webhook: the JSON body sent."))
            ], required: ["title", "type", "url"], nullOptional: true, "A button.")
    }

    static func liveActivityFields(_ variant: ContentStateSchemas.Variant, alert: Bool) -> [(String, JSONValue)] {
        [
            ("content_state", Schema.ref(variant.rawValue)),
            ("action", Schema.ref("LiveActivityAction")), ("secondary_action", Schema.ref("LiveActivityAction"))
        ]
            + (alert ? [("alert", Schema.ref("AlertPayload"))] : [])
    }

    static func change(_ variant: ContentStateSchemas.Variant, _ description: String) -> JSONValue {
        Schema.object(
            [("activity_id", Schema.string("The id the start answered.", minLength: 1, maxLength: Limits.activityID))]
                + liveActivityFields(variant, alert: false) + [("tags", Schema.ref("Tags")), ("metadata", Schema.ref("Metadata"))],
            required: ["activity_id", "content_state"], nullOptional: true, description)
    }

    static func push(replace: Bool) -> JSONValue {
        var properties: [(String, JSONValue)] = [
            ("title", Schema.string(maxLength: Limits.title)),
            ("message", Schema.string(maxLength: Limits.message)),
            ("subtitle", Schema.string(maxLength: Limits.subtitle)),
            ("icon", Schema.string("An https:// image shown as the notification's icon.", maxLength: Limits.url, pattern: "^[Hh][Tt][Tt][Pp][Ss]://")),
            ("media", Schema.string("An https:// image or video; not with actions.", maxLength: Limits.url, pattern: "^[Hh][Tt][Tt][Pp][Ss]://")),
            ("redirection", Schema.string("Opened on tap: any openable URL, as for actions.", maxLength: Limits.url)),
            ("actions", Schema.array(Schema.ref("PushNotificationAction"), "Buttons; not with media.", maxItems: Limits.pushActions)),
            ("payload", Schema.anyObject("Custom data delivered with the notification.")),
            ("badge", Schema.integer("The app icon's badge after delivery.", minimum: 0, maximum: Limits.badgeCount))
        ]
        if !replace {
            properties +=
                [
                    ("sound", Schema.string(maxLength: Limits.sound)),
                    ("interruption_level", Schema.enumeration(PushRequest.InterruptionLevel.self)),
                    ("target", Schema.ref("ChannelTarget"))
                ] + ignored
        }
        properties += [("tags", Schema.ref("Tags")), ("metadata", Schema.ref("Metadata"))]
        return Schema.object(
            properties, required: ["title"], nullOptional: true,
            replace
                ? "Replaces a sent notification on the devices that got it (same recipients: no target, sound or interruption_level)."
                : "A push notification to the targeted devices.")
    }
}

extension Array where Element == (String, JSONValue) {
    var asObject: JSONValue { .object(self) }
}
