import APIModel
import HTTPKit

/// The published words and examples of the Live Activity calls (start, update, end, streams).
enum LiveActivityDocs {
    static let seeded = "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"
    static let time: JSONValue = "2026-11-30T09:00:00.000Z"

    static var all: [OperationDoc] { [start, update, end, streamPut, streamDelete] }

    static let update = change(.update)
    static let end = change(.end)

    static let start = OperationDoc(
        method: .post, path: "/live-activity/start",
        id: "startLiveActivity", tag: .liveActivities, summary: "Start a Live Activity",
        description:
            "Shows a new Live Activity on every device the key and `target` reach. Devices whose push token is registered get it now (`devices_notified`); the rest once it registers.",
        body: Schema.ref("LiveActivityStartRequest"),
        bodyExamples: [
            .init(
                name: "segmented_progress", summary: "A deploy in four steps",
                value: state([
                    ("title", "Deploy api"), ("subtitle", "build"), ("type", "segmented_progress"),
                    ("number_of_steps", 4), ("current_step", 1), ("color", "blue")
                ])),
            .init(
                name: "progress", summary: "A download at a percentage",
                value: state([
                    ("title", "Model download"), ("type", "progress"), ("percentage", 12)
                ])),
            .init(
                name: "metrics", summary: "Two live figures",
                value: state([
                    ("title", "Checkout service"), ("type", "metrics"),
                    (
                        "metrics",
                        .array([
                            .object([("label", "p95"), ("value", 182), ("unit", "ms")]),
                            .object([("label", "errors"), ("value", "0.2%"), ("color", "green")])
                        ])
                    )
                ])),
            .init(
                name: "alert", summary: "An alert with an action",
                value: .object([
                    (
                        "content_state",
                        .object([
                            ("title", "Disk almost full"), ("type", "alert"), ("message", "db-2 at 93%"),
                            ("icon", .object([("symbol", "externaldrive.fill"), ("color", "orange")]))
                        ])
                    ),
                    ("action", .object([("title", "Open runbook"), ("type", "open_url"), ("url", "https://example.com/runbooks/disk")]))
                ])),
            .init(
                name: "timer", summary: "A ten-minute countdown",
                value: state([
                    ("title", "Maintenance window"), ("type", "timer"), ("duration_seconds", 600)
                ])),
            .init(
                name: "channel_targeted", summary: "Only the ops channel",
                value: .object([
                    ("content_state", .object([("title", "Incident 42"), ("type", "alert"), ("message", "Investigating")])),
                    ("target", .object([("channels", .array(["ops"]))]))
                ]))
        ],
        answers: [
            .init(
                status: 200, description: "Started.", schema: Schema.ref("LiveActivityStartResponse"),
                examples: [
                    .init(
                        name: "started", summary: "Reached the whole account",
                        value: LiveActivityResponses.start(
                            activityID: "Jm2c8Y0b3s1bqP5qWlq2oJ0a2b3c4d5e", devicesNotified: 2, usersNotified: 2,
                            effectiveChannelSlugs: nil, tags: nil, timestamp: time.stringValue ?? ""))
                ])
        ] + sendingErrors(liveActivity: true, rateLimited: false) + OperationDoc.Answer.apiCommon,
        links: [
            (
                "Update",
                .object([
                    ("operationId", "updateLiveActivity"),
                    (
                        "requestBody",
                        .object([
                            ("activity_id", "$response.body#/activity_id"), ("content_state", .object([("title", "Linked update")]))
                        ])
                    )
                ])
            ),
            (
                "End",
                .object([
                    ("operationId", "endLiveActivity"),
                    (
                        "requestBody",
                        .object([
                            ("activity_id", "$response.body#/activity_id"), ("content_state", .object([("title", "Linked end")]))
                        ])
                    )
                ])
            )
        ])

    static func change(_ phase: Phase) -> OperationDoc {
        let end = phase == .end
        var examples: [OperationDoc.Example] = [
            .init(
                name: "inferred", summary: "The stored type is used when type is omitted",
                value: .object([
                    ("activity_id", .string(seeded)),
                    (
                        "content_state",
                        .object(
                            [
                                ("title", "Nightly database backup"), ("subtitle", end ? "done" : "upload archive"),
                                ("current_step", end ? 3 : 2)
                            ] + (end ? [("auto_dismiss_minutes", 2)] : []))
                    )
                ])),
            .init(
                name: "progress", summary: "A progress activity",
                value: .object([
                    ("activity_id", .string(seeded)), ("content_state", .object([("title", "Model download"), ("percentage", end ? 100 : 64)]))
                ]))
        ]
        if !end {
            examples.append(
                .init(
                    name: "timer_reset", summary: "A timer restarted with a new duration",
                    value: .object([
                        ("activity_id", .string(seeded)), ("content_state", .object([("title", "Maintenance window"), ("duration_seconds", 300)]))
                    ])))
        }
        let answer = LiveActivityResponses.change(activityID: seeded, devicesNotified: 2, devicesQueued: 0, timestamp: "2026-11-30T09:00:00.000Z")
        return OperationDoc(
            method: .post, path: "/live-activity/\(phase.rawValue)",
            id: end ? "endLiveActivity" : "updateLiveActivity", tag: .liveActivities,
            summary: end ? "End a Live Activity" : "Update a Live Activity",
            description: end
                ? "Sends the final state; the activity leaves the Lock Screen after `auto_dismiss_seconds` or `auto_dismiss_minutes`. Ending an ended activity changes nothing and answers `ignored: true`."
                : "Sends a new state to the activity's devices. `type` may be omitted: the stored one applies, with its rules.",
            body: Schema.ref(end ? "LiveActivityEndRequest" : "LiveActivityUpdateRequest"), bodyExamples: examples,
            answers: [
                .init(
                    status: 200, description: end ? "Ended (or already ended: ignored)." : "Updated.",
                    schema: Schema.ref(end ? "LiveActivityEndResponse" : "LiveActivityUpdateResponse"),
                    examples: [.init(name: "sent", summary: "Both devices got it", value: answer)]),
                .error(400, "The body is invalid, the type differs from the activity's, or (update) the activity has ended."),
                .error(403, "The key may not reach this activity's channels."),
                .error(
                    404, "No activity with this id in the key's account.",
                    examples: [
                        .init(
                            name: "unknown_activity", summary: "Unknown id",
                            value: .object([
                                ("error", "Not Found"), ("message", "Live Activity not found: activity_id nope")
                            ]))
                    ])
            ] + OperationDoc.Answer.apiCommon)
    }

    static let streamPut: OperationDoc = {
        let metrics = state([
            ("title", "Server health"), ("type", "metrics"),
            ("metrics", .array([.object([("label", "CPU"), ("value", 41), ("unit", "%")])]))
        ])
        return OperationDoc(
            method: .put, path: "/live-activity/stream/:stream_key",
            id: "reconcileLiveActivityStream", tag: .liveActivities, summary: "Send a stream's current state",
            description:
                "Send the state a stream key should show, as often as it changes. The mock starts an activity when none is live for the key, updates the live one, rotates it when the type or targets change, and answers noop when nothing changed.",
            body: Schema.ref("LiveActivityStreamRequest"),
            bodyExamples: [
                .init(name: "metrics", summary: "Health figures", value: metrics),
                .init(
                    name: "channel_targeted", summary: "Only the ops channel",
                    value: .object([
                        ("content_state", .object([("title", "Build queue"), ("type", "value"), ("value", 7)])), ("channels", .array(["ops"]))
                    ]))
            ],
            answers: [
                .init(
                    status: 200, description: "started, updated, rotated, noop or paused.", schema: Schema.ref("LiveActivityStreamPutResponse"),
                    examples: [
                        .init(
                            name: "started", summary: "No activity was live: one started",
                            value: OtherResponses.streamPut(
                                operation: .started, streamKey: "server-health", activityID: "Qx1v9Rk2Lm3Np4Ob5Pc6Qd7Re8Sf9Tg0", previousActivityID: nil,
                                devicesNotified: 2, devicesQueued: 0, usersNotified: 2, effectiveChannelSlugs: .some(nil), warning: nil,
                                timestamp: "2026-11-30T09:00:00.000Z")),
                        .init(
                            name: "paused", summary: "The stream is paused",
                            value: OtherResponses.streamPaused(
                                streamKey: "server-health", timestamp: "2026-11-30T09:00:00.000Z"))
                    ])
            ] + sendingErrors(liveActivity: true, rateLimited: true) + OperationDoc.Answer.apiCommon,
            links: [
                (
                    "End",
                    .object([
                        ("operationId", "endLiveActivityStream"),
                        ("parameters", .object([("stream_key", "$request.path.stream_key")]))
                    ])
                )
            ])
    }()

    static let streamDelete = OperationDoc(
        method: .delete, path: "/live-activity/stream/:stream_key",
        id: "endLiveActivityStream", tag: .liveActivities, summary: "End a stream",
        description:
            "Ends the stream's live activity, optionally with a final state laid over the stored one. A stream without a live activity answers `activity_id: null`.",
        body: Schema.orNull(Schema.ref("LiveActivityStreamDeleteRequest")), bodyRequired: false,
        bodyExamples: [
            .init(name: "plain", summary: "End as it is", value: .object([])),
            .init(
                name: "final_state", summary: "End with a last title",
                value: .object([
                    ("content_state", .object([("title", "Server health: done"), ("auto_dismiss_minutes", 0)]))
                ]))
        ],
        answers: [
            .init(
                status: 200, description: "Ended.", schema: Schema.ref("LiveActivityStreamDeleteResponse"),
                examples: [
                    .init(
                        name: "ended", summary: "The live activity ended",
                        value: OtherResponses.streamDelete(
                            streamKey: "server-health", activityID: "Qx1v9Rk2Lm3Np4Ob5Pc6Qd7Re8Sf9Tg0", devicesNotified: 2, devicesQueued: 0,
                            timestamp: "2026-11-30T09:00:00.000Z"))
                ]),
            .error(400, "The stream key or the body is invalid."),
            .error(404, "The key was never used in this account."),
            .error(429, "Too many calls in the rate window.")
        ] + OperationDoc.Answer.apiCommon)

    /// The errors of the calls that reach devices anew (start, stream PUT, push). `liveActivity`:
    /// the Live Activity limit applies; `rateLimited`: the account's rate window applies.
    static func sendingErrors(liveActivity: Bool, rateLimited: Bool) -> [OperationDoc.Answer] {
        let noRecipients =
            liveActivity
            ? "No Live Activity devices matched the effective channel target"
            : "No devices matched the effective channel target"
        var tooMany: [OperationDoc.Example] = []
        if rateLimited {
            tooMany.append(
                .init(
                    name: "rate_limited", summary: "Over the account's rate",
                    value: .object([
                        ("error", "Rate limit exceeded"), ("message", "Too many requests, please try again later.")
                    ])))
        }
        if liveActivity {
            tooMany.append(
                .init(
                    name: "live_activity_limit", summary: "Two of the three targeted devices show 4 already",
                    value: .object([
                        ("error", "Live Activity limit reached"), ("message", "Only 4 concurrent Live Activities are allowed per device"),
                        ("limit", 4), ("active", 4), ("blocked_devices", 2), ("targeted_devices", 3)
                    ])))
        }
        return [
            .error(
                400, "The body is invalid; `message` names the field.",
                examples: [
                    .init(
                        name: "invalid_target", summary: "Channels that are not a list",
                        value: .object([
                            ("error", "Invalid channel targeting"), ("message", "target.channels must be an array of channel slugs")
                        ]))
                ]),
            .error(402, "The account's billing blocks sending."),
            .error(
                403, "A key of scope channels named a channel outside its scope.",
                examples: [
                    .init(
                        name: "channel_scope_violation", summary: "ask_ops_only targeting marketing",
                        value: .object([
                            ("error", "Invalid channel targeting"),
                            ("message", "This API key can only target assigned channels. Requested channels include channels outside this key scope.")
                        ]))
                ]),
            .error(
                404, "No device matched the target.", schema: "NoRecipientsError",
                examples: [
                    .init(
                        name: "no_devices", summary: "A channel without devices",
                        value: .object([
                            ("error", "No recipients found"), ("message", .string(noRecipients)), (Member.effectiveChannelSlugs.key, .array(["nobody"]))
                        ]))
                ]),
            .init(
                status: 429,
                description: rateLimited
                    ? "Too many calls in the rate window\(liveActivity ? ", or a targeted device already shows the most Live Activities allowed" : "")."
                    : "A targeted device already shows the most Live Activities allowed.",
                schema: liveActivity ? .object([("anyOf", .array([Schema.ref("LiveActivityLimitError"), Schema.ref("Error")]))]) : Schema.ref("Error"),
                examples: tooMany)
        ]
    }

    static func state(_ members: [(String, JSONValue)]) -> JSONValue {
        .object([("content_state", .object(members))])
    }
}
