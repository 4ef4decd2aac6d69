import APIModel
import MockStore

/// Push notifications and widget metrics as the control plane shows them.
enum NotificationJSON {
    static func summary(_ n: NotificationTable.NotificationSummary) -> JSONValue {
        .object([
            ("id", .string(n.id)), ("account", .string(n.accountID)), ("payload", .stored(n.payload)),
            ("tags", .stored(n.tags)), ("metadata", .stored(n.metadata)), ("revision", .int(n.revision)),
            ("created_at", .time(n.createdAt)), ("updated_at", .time(n.updatedAt)), ("devices", .int(Int64(n.devices.count)))
        ])
    }

    static func metric(_ m: MetricTable.MetricSummary) -> JSONValue {
        .object([
            ("account", .string(m.account)), ("key", .string(m.key)), ("name", .optional(m.name)),
            ("value", .stored(m.latestValue)), ("measured_at", .time(m.measuredAt)),
            ("history_count", .int(m.historyCount))
        ])
    }
}
