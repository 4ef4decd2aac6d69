import APIModel
import MockStore

/// Activities as the control plane shows them: a summary per activity, and one activity whole
/// (every update in order, what each targeted device got or awaits, a timer's window).
enum ActivityJSON {
    static func summary(_ a: ActivityTable.ActivitySummary) -> JSONValue {
        .object([
            ("id", .string(a.id)), ("account", .string(a.accountID)), ("type", .string(a.type.rawValue)),
            ("status", .string(a.status.rawValue)), ("stream_key", .optional(a.streamKey)),
            ("content_state", .stored(a.contentState)), ("update_count", .int(a.updateCount)),
            ("created_at", .time(a.createdAt)), ("updated_at", .time(a.updatedAt)), ("ended_at", .time(a.endedAt))
        ])
    }

    static func detail(
        _ activity: ActivityRecord, extras: ActivityTable.ActivityExtras?, updates: [ActivityTable.UpdateRow],
        tokens: [ActivityTable.TokenRow], now: Int64
    ) -> JSONValue {
        let sequence = updates.map(\.seq)
        return .object([
            ("id", .string(activity.id)), ("account", .string(activity.accountID)), ("type", .string(activity.type.rawValue)),
            ("status", .string(activity.status.rawValue)), ("stream_key", .optional(activity.streamKey)),
            ("content_state", .stored(activity.contentState)), ("action", .stored(extras?.action)),
            ("secondary_action", .stored(extras?.secondaryAction)),
            ("tags", .stored(activity.tags)), ("metadata", .stored(activity.metadata)),
            ("created_at", .time(activity.createdAt)), ("updated_at", .time(extras?.updatedAt)), ("ended_at", .time(activity.endedAt)),
            ("dismiss_at", .time(extras?.dismissAt)),
            // A timer's window at the mock's clock: what every device shows now.
            ("timer", activity.type == .timer ? ActivityLifecycle.timerWindow(of: activity).json(at: now) : .null),
            (
                "updates",
                .array(
                    updates.map { u in
                        .object([
                            ("seq", .int(u.seq)), ("kind", .string(u.kind)), ("payload", .stored(u.payload)),
                            ("devices_notified", .int(u.devicesNotified)), ("devices_queued", .int(u.devicesQueued)),
                            ("created_at", .time(u.createdAt))
                        ])
                    })
            ),
            // A device received every update live except those that waited (queued) for its token.
            (
                "devices",
                .array(
                    tokens.map { t in
                        .object([
                            ("device_id", .string(t.deviceID)), ("token_state", .string(t.tokenState.rawValue)),
                            ("registers_at", .time(t.registersAt)), ("registered_at", .time(t.registeredAt)),
                            ("received", .array(sequence.filter { !t.queuedSeqs.contains($0) }.map(JSONValue.int))),
                            ("queued", .array(sequence.filter { t.queuedSeqs.contains($0) }.map(JSONValue.int)))
                        ])
                    })
            )
        ])
    }

    static func stream(_ s: ActivityTable.StreamSummary) -> JSONValue {
        .object([
            ("account", .string(s.accountID)), ("stream_key", .string(s.streamKey)), ("activity_id", .string(s.activityID)),
            ("status", .string(s.status.rawValue)), ("type", .string(s.type.rawValue)), ("updated_at", .time(s.updatedAt)),
            ("paused", .bool(s.paused))
        ])
    }
}
