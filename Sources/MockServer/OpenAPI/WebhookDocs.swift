import APIModel
import HTTPKit

/// The published words of taps and webhook deliveries (`TapRoutes`).
enum WebhookDocs {
    private typealias C = ControlDocs

    private static let wait = C.q(
        "wait", Schema.number(minimum: 0, maximum: ChangeWaiters.maxSeconds),
        "Seconds to wait (at most 30): the answer comes as soon as the condition holds, or when the time is up, with `timed_out`.")
    private static let waitErrors: [(Int, String)] = [(400, "A query parameter is invalid."), (503, "Too many waits in progress; retry.")]

    private static let delivery = C.listing([
        ("id", Schema.integer()), ("tap_id", Schema.integer()), ("replay_of", Schema.orNull(Schema.integer())),
        ("state", Schema.strings(["pending", "delivered", "failed"])), ("device_id", Schema.string()),
        (
            "request",
            Schema.object(
                [
                    ("method", Schema.strings(["GET", "POST"])), ("url", Schema.string("The button's URL.")),
                    ("sent_to", Schema.string("Where it was called, after --webhook-route.")), ("headers", Schema.anyObject()),
                    ("body", Schema.orNull(Schema.anyObject()))
                ], open: true)
        ),
        (
            "response",
            Schema.orNull(
                Schema.object(
                    [
                        ("status", Schema.integer()), ("headers", Schema.anyObject()), ("body", Schema.string()),
                        ("truncated", Schema.boolean("The body went on past 64 KiB."))
                    ], open: true))
        ),
        (
            "error",
            Schema.orNull(Schema.string("Why there was no answer: name not resolved, connection refused, certificate not trusted, timeout, interrupted."))
        ),
        ("timed_out", Schema.boolean("With `wait`: whether it ran out before the delivery ended."))
    ])

    static let tap = C.op(
        .post, "/_mock/taps", "tap",
        "A simulated person taps a button (or a notification) a device received; a webhook button's call runs in the background",
        body: Schema.object(
            [
                ("device_id", Schema.string()), ("activity_id", Schema.string()),
                ("button", Schema.strings(["action", "secondary_action"], "With activity_id.")),
                ("notification_id", Schema.string()),
                (
                    "action_index",
                    Schema.integer(
                        "With notification_id: one of its actions; without, the notification itself (its redirection).", minimum: 0,
                        maximum: Int64(Limits.pushActions - 1))
                )
            ], required: ["device_id"]),
        answer: C.listing([
            ("tap_id", Schema.integer()), ("kind", Schema.strings(["webhook", "open_url", "redirection"])), ("url", Schema.string()),
            ("delivery_id", Schema.integer("Only for a webhook (and not with --webhooks off).")),
            ("sent_to", Schema.string("Where the webhook is called, after --webhook-route."))
        ]),
        errors: [
            (400, "The body is invalid."), (404, "No such device, activity or notification."),
            (409, "The device never received it, or the activity left its Lock Screen (auto_dismiss)."),
            (422, "It has no such button (or no redirection)."), (503, "The webhook queue is full; nothing was recorded.")
        ])

    static let listTaps = C.op(
        .get, "/_mock/taps", "listTaps", "Taps, newest first",
        query: [
            C.q("device_id", Schema.string(), "Only this device's."), C.q("limit", Schema.integer(minimum: 1, maximum: 1000), "At most this many."),
            C.q("before", Schema.integer(), "Only taps older than this id: the `next` link's cursor.")
        ],
        answer: C.listing([("taps", C.items), ("next", Schema.string("The next page, when there may be one."))]),
        errors: [(400, "A query parameter is invalid.")])

    static let listDeliveries = C.op(
        .get, "/_mock/deliveries", "listDeliveries", "Webhook deliveries, newest first; with `wait`, once at least `min_count` match",
        query: [
            C.q("activity_id", Schema.string(), "Only this activity's."), C.q("notification_id", Schema.string(), "Only this notification's."),
            C.q("device_id", Schema.string(), "Only this device's taps'."), C.q("tap_id", Schema.integer(), "Only this tap's (and its replays)."),
            C.q("state", Schema.strings(["pending", "delivered", "failed"]), "Only in this state."),
            C.q("limit", Schema.integer(minimum: 1, maximum: 1000), "At most this many."),
            C.q("before", Schema.integer(), "Only deliveries older than this id: the `next` link's cursor."), wait,
            C.q("min_count", Schema.integer(minimum: 1, maximum: 1000), "With `wait`: how many must match (default 1).")
        ],
        answer: C.listing([("deliveries", Schema.array(delivery)), ("next", Schema.string()), ("timed_out", Schema.boolean())]),
        errors: waitErrors)

    static let getDelivery = C.op(
        .get, "/_mock/deliveries/:id", "getDelivery", "One webhook delivery; with `wait`, once it is no longer pending",
        query: [wait], answer: delivery, errors: waitErrors + [(404, "No such delivery.")])

    static let replayDelivery = C.op(
        .post, "/_mock/deliveries/:id/replay", "replayDelivery", "Send a delivery's request again, as a new delivery",
        answer: delivery,
        errors: [(404, "No such delivery."), (409, "Webhooks are off (--webhooks off)."), (503, "The webhook queue is full.")])

    static let control: [OperationDoc] = [tap, listTaps, listDeliveries, getDelivery, replayDelivery]
}
