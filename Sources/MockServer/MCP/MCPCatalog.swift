import HTTPKit
import APIModel
import MockStore

/// The 27 tools of the docs' MCP page, in its order. REST-backed tools take the REST body's own
/// field names (plus the path's, such as `stream_key`); the rest act on the mock's records.
enum MCPCatalog {
    typealias S = MCPSchema

    static let tools: [MCPTools.Tool] = notifications + liveActivities + widgets + channels + account + apiKeys

    static let notifications: [MCPTools.Tool] = [
        .init(
            name: "send_push_notification", description: "Send a Push Notification, with optional actions, media, and channel targeting.",
            inputSchema: S.object(
                [
                    ("title", S.string("The notification's title")), ("message", S.string("Its body")),
                    ("subtitle", S.string("A subtitle")), ("media", S.string("An https image, audio or video URL")),
                    ("redirection", S.string("A URL opened on tap")), ("actions", S.anyArray("Up to 4 action buttons")),
                    ("payload", S.anyObject("Custom data")), ("badge", S.integer("App icon badge count", minimum: 0)),
                    ("sound", S.string("A sound name")),
                    ("interruption_level", S.string("How it interrupts", enum: ["passive", "active", "time-sensitive"])),
                    ("target", S.target), ("tags", S.tags), ("metadata", S.metadata)
                ], required: ["title"]),
            run: { try $0.api({ PushEndpoints(context: $0).send }, .post, body: $0.body(without: [])) }),
        .init(
            name: "list_push_notifications", description: "List Push Notification history for the account.",
            inputSchema: S.object([("limit", S.integer("At most this many, newest first (default 20)", minimum: 1, maximum: 100))]),
            run: MCPRecords.listNotifications),
        .init(
            name: "get_push_notification", description: "Get one Push Notification by public ID.",
            inputSchema: S.object([("notification_id", S.string("The notification's id"))], required: ["notification_id"]),
            run: MCPRecords.getNotification),
        .init(
            name: "update_app_icon_badge_count", description: "Set or clear the App Icon Badge Count, with optional channel targeting.",
            inputSchema: S.object(
                [("badge", S.integer("The count; 0 clears it", minimum: 0, maximum: 2_147_483_647)), ("target", S.target)],
                required: ["badge"]),
            run: { try $0.api({ MetricAndBadgeEndpoints(context: $0).badge }, .post, body: $0.body(without: [])) })
    ]

    static let liveActivities: [MCPTools.Tool] = [
        .init(
            name: "set_live_activity_stream", description: "Start or update a Live Activity stream with its latest state.",
            inputSchema: S.object(
                [
                    ("stream_key", S.string("A stable key for the work, e.g. prod-web-1")), ("content_state", S.contentState),
                    ("action", S.action), ("secondary_action", S.action), ("alert", S.anyObject("A banner shown with the start")),
                    ("channels", S.strings("Channel slugs to target")), ("target", S.target), ("tags", S.tags),
                    ("metadata", S.metadata)
                ], required: ["stream_key", "content_state"]),
            run: { call in
                try call.api(
                    { StreamEndpoints(context: $0).put }, .put, parameters: ["stream_key": try call.pathArgument("stream_key")],
                    body: call.body(without: ["stream_key"]))
            }),
        .init(
            name: "pause_live_activity_stream", description: "Pause a stream and end its current Live Activity.",
            inputSchema: S.object([("stream_key", S.string("The stream's key"))], required: ["stream_key"]),
            run: { try MCPRecords.setPaused($0, true) }),
        .init(
            name: "resume_live_activity_stream", description: "Resume a paused stream so updates apply again.",
            inputSchema: S.object([("stream_key", S.string("The stream's key"))], required: ["stream_key"]),
            run: { try MCPRecords.setPaused($0, false) }),
        .init(
            name: "end_live_activity_stream", description: "End a stream's Live Activity, optionally with a final state.",
            inputSchema: S.object([("stream_key", S.string("The stream's key")), ("content_state", S.contentState)], required: ["stream_key"]),
            run: { call in
                let body = call.body(without: ["stream_key"])
                return try call.api(
                    { StreamEndpoints(context: $0).delete }, .delete,
                    parameters: ["stream_key": try call.pathArgument("stream_key")],
                    body: body.objectValue?.isEmpty == true ? nil : body)
            }),
        .init(
            name: "list_live_activities", description: "List Live Activity history for the account.",
            inputSchema: S.object([
                ("status", S.string("Only these", enum: ["active", "ended"])), ("stream_key", S.string("Only this stream's")),
                ("limit", S.integer("At most this many, newest first (default 20)", minimum: 1, maximum: 100))
            ]),
            run: MCPRecords.listActivities)
    ]

    static let widgets: [MCPTools.Tool] = [
        .init(
            name: "create_widget_metric", description: "Create a widget metric for Lock Screen Widgets.",
            inputSchema: S.object([("key", S.string("^[a-z0-9][a-z0-9_.-]{0,63}$")), ("name", S.string("A display name"))], required: ["key"]),
            run: { try MCPRecords.defineMetric($0, creating: true) }),
        .init(
            name: "update_widget_metric", description: "Rename a widget metric.",
            inputSchema: S.object([("key", S.string("The metric's key")), ("name", S.string("The new display name"))], required: ["key", "name"]),
            run: { try MCPRecords.defineMetric($0, creating: false) }),
        .init(
            name: "set_widget_metric_value", description: "Set a widget metric's value.",
            inputSchema: S.object(
                [
                    ("key", S.string("The metric's key")),
                    ("value", .object([("description", "A finite number or a string of 1-64 characters")])),
                    ("timestamp", S.string("When it was measured (ISO 8601); default now"))
                ], required: ["key", "value"]),
            run: { call in
                try call.api(
                    { MetricAndBadgeEndpoints(context: $0).metric }, .post, parameters: ["key": try call.pathArgument("key")],
                    body: call.body(without: ["key"]))
            }),
        .init(
            name: "list_widget_metrics", description: "List the account's widget metrics with their latest values.",
            inputSchema: S.object([]), run: MCPRecords.listMetrics),
        .init(
            name: "delete_widget_metric", description: "Delete a widget metric and its values.",
            inputSchema: S.object([("key", S.string("The metric's key"))], required: ["key"]),
            run: MCPRecords.deleteMetric)
    ]

    static let channels: [MCPTools.Tool] = [
        .init(
            name: "create_channel", description: "Create a channel.",
            inputSchema: S.object(
                [("slug", S.string("1-64 characters: lowercase letters, digits, - and _")), ("name", S.string("A display name"))],
                required: ["slug"]),
            run: MCPChannels.create),
        .init(
            name: "get_channel", description: "Get a channel with its users and devices.",
            inputSchema: S.object([("slug", S.string("The channel's slug"))], required: ["slug"]), run: MCPChannels.get),
        .init(name: "list_channels", description: "List the account's channels.", inputSchema: S.object([]), run: MCPChannels.list),
        .init(
            name: "update_channel", description: "Rename a channel or change its slug.",
            inputSchema: S.object(
                [("slug", S.string("The channel's slug")), ("new_slug", S.string("A new slug")), ("name", S.string("A new name"))],
                required: ["slug"]),
            run: MCPChannels.update),
        .init(
            name: "set_channel_users", description: "Set the users of a channel: every device of theirs, and no other, is in it.",
            inputSchema: S.object(
                [("slug", S.string("The channel's slug")), ("user_ids", S.strings("User ids of the account"))],
                required: ["slug", "user_ids"]),
            run: { try MCPChannels.setMembers($0, users: true) }),
        .init(
            name: "set_channel_devices", description: "Set the devices of a channel.",
            inputSchema: S.object(
                [("slug", S.string("The channel's slug")), ("device_ids", S.strings("Device ids of the account"))],
                required: ["slug", "device_ids"]),
            run: { try MCPChannels.setMembers($0, users: false) }),
        .init(
            name: "delete_channel", description: "Delete a channel.",
            inputSchema: S.object([("slug", S.string("The channel's slug"))], required: ["slug"]), run: MCPChannels.delete)
    ]

    static let account: [MCPTools.Tool] = [
        .init(
            name: "list_account_users", description: "List the account's users and their devices.",
            inputSchema: S.object([]), run: MCPRecords.listUsers),
        .init(
            name: "list_account_devices", description: "List the account's paired devices.",
            inputSchema: S.object([]), run: MCPRecords.listDevices)
    ]

    static let apiKeys: [MCPTools.Tool] = [
        .init(
            name: "create_api_key", description: "Create an API key; its secret is shown once.",
            inputSchema: S.object(
                [
                    ("name", S.string("A name")), ("scope", S.string("What it may target", enum: ["all", "channels"])),
                    ("channels", S.strings("The channels of a channel-scoped key"))
                ], required: ["name"]),
            run: MCPKeys.create),
        .init(name: "list_api_keys", description: "List API keys (never their secrets).", inputSchema: S.object([]), run: MCPKeys.list),
        .init(
            name: "update_api_key", description: "Rename an API key or change its scope.",
            inputSchema: S.object(
                [
                    ("id", S.string("The key's id")), ("name", S.string("A new name")),
                    ("scope", S.string("A new scope", enum: ["all", "channels"])), ("channels", S.strings("The channels of a channel-scoped key"))
                ],
                required: ["id"]),
            run: MCPKeys.update),
        .init(
            name: "delete_api_key", description: "Delete an API key; it authenticates nothing afterwards.",
            inputSchema: S.object([("id", S.string("The key's id"))], required: ["id"]), run: MCPKeys.delete)
    ]
}
