import APIModel
import HTTPKit

/// The published words and examples of push notifications, widget metrics and the badge.
enum PushAndWidgetDocs {
    static let time = "2026-11-30T09:00:00.000Z"

    static var all: [OperationDoc] { [push, replace, metric, badge] }

    static let push = OperationDoc(
        method: .post, path: "/push-notification",
        id: "sendPushNotification", tag: .pushNotifications, summary: "Send a push notification",
        description: "Delivers a notification to every device the key and `target` reach, online or not (the mock records it per device).",
        body: Schema.ref("PushNotificationRequest"),
        bodyExamples: [
            .init(name: "simple", summary: "Title and message", value: .object([("title", "Deploy finished"), ("message", "api v2.14 is live")])),
            .init(
                name: "channel_targeted", summary: "Only the ops channel",
                value: .object([
                    ("title", "Pager"), ("message", "db-2 disk at 93%"), ("target", .object([("channels", .array(["ops"]))]))
                ])),
            .init(
                name: "actions", summary: "Two buttons",
                value: .object([
                    ("title", "Approve release?"), ("message", "v2.14 waits for you"),
                    (
                        "actions",
                        .array([
                            .object([("title", "Approve"), ("type", "webhook"), ("url", "https://example.com/hooks/approve"), ("method", "POST")]),
                            .object([("title", "Open"), ("type", "open_url"), ("url", "https://example.com/releases/2.14")])
                        ])
                    )
                ])),
            .init(
                name: "media", summary: "An image, opened on tap",
                value: .object([
                    ("title", "New sign-up"), ("media", "https://example.com/avatar.png"), ("redirection", "https://example.com/users/7")
                ]))
        ],
        answers: [
            .init(
                status: 200, description: "Sent.", schema: Schema.ref("PushNotificationResponse"),
                examples: [
                    .init(
                        name: "sent", summary: "Reached the whole account",
                        value: OtherResponses.push(
                            notificationID: "Nf3k2L1m0N9o8P7q6R5s4T3u2V1w0X9y", devicesNotified: 3, usersNotified: 2,
                            effectiveChannelSlugs: nil, tags: nil, timestamp: time))
                ])
        ] + LiveActivityDocs.sendingErrors(liveActivity: false, rateLimited: true) + OperationDoc.Answer.apiCommon)

    static let replace = OperationDoc(
        method: .put, path: "/push-notification/:notification_id",
        id: "replacePushNotification", tag: .pushNotifications, summary: "Replace a push notification",
        description: "Shows new content in place of a sent notification, on the devices that received it.",
        body: Schema.ref("PushNotificationReplaceRequest"),
        bodyExamples: [
            .init(
                name: "corrected", summary: "A corrected message",
                value: .object([
                    ("title", "Deploy finished"), ("message", "api v2.14.1 is live")
                ]))
        ],
        answers: [
            .init(status: 200, description: "Replaced.", schema: Schema.ref("PushNotificationResponse")),
            .error(400, "The body is invalid."),
            .error(403, "The notification reached channels outside the key's scope."),
            .error(404, "No notification with this id in the key's account."),
            .error(429, "Too many calls in the rate window.")
        ] + OperationDoc.Answer.apiCommon)

    static let metric = OperationDoc(
        method: .post, path: "/metrics/:key/value",
        id: "updateMetricValue", tag: .widgets, summary: "Record a widget metric value",
        description:
            "Stores the metric's newest value. The metric must exist in the account (fixtures, or MCP `create_widget_metric`). Errors here carry only `error`.",
        body: Schema.ref("MetricValueUpdateRequest"),
        bodyExamples: [
            .init(name: "number", summary: "A number", value: .object([("value", .double(99.2))])),
            .init(name: "text", summary: "A short text, measured earlier", value: .object([("value", "healthy"), ("timestamp", .string(time))]))
        ],
        answers: [
            .init(
                status: 200, description: "Stored.", schema: Schema.ref("MetricValueUpdateResponse"),
                examples: [.init(name: "stored", summary: "Stored", value: .object([("success", true)]))]),
            .error(
                400, "The key or the body is invalid.",
                examples: [
                    .init(
                        name: "invalid_value", summary: "A boolean value",
                        value: .object([("error", "value must be a finite number")]))
                ]),
            .error(
                404, "No such metric in the account.",
                examples: [
                    .init(
                        name: "not_found", summary: "Unknown key",
                        value: .object([("error", "Metric not found")]))
                ]),
            .error(429, "Too many calls in the rate window.")
        ] + OperationDoc.Answer.apiCommon)

    static let badge = OperationDoc(
        method: .post, path: "/badge",
        id: "updateAppIconBadgeCount", tag: .widgets, summary: "Set the app icon badge",
        body: Schema.ref("AppIconBadgeCountUpdateRequest"),
        bodyExamples: [
            .init(name: "set", summary: "Show 3", value: .object([("badge", 3)])),
            .init(
                name: "clear", summary: "Clear it on the ops channel", value: .object([("badge", 0), ("target", .object([("channels", .array(["ops"]))]))]))
        ],
        answers: [
            .init(
                status: 200, description: "Set.", schema: Schema.ref("AppIconBadgeCountUpdateResponse"),
                examples: [
                    .init(
                        name: "set", summary: "Three devices",
                        value: OtherResponses.badge(3, devices: 3, users: 2, effectiveChannelSlugs: nil, timestamp: time))
                ]),
            .error(400, "The body is invalid."),
            .error(402, "The account's billing blocks sending."),
            .error(403, "A key of scope channels named a channel outside its scope."),
            .error(404, "No device matched the target.", schema: "NoRecipientsError")
        ] + OperationDoc.Answer.apiCommon)
}
