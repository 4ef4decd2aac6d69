import APIModel
import MockStore

/// Everything the dashboard draws, in one JSON document: each simulated device with its recent
/// Live Activities (state, token, what waits), the notifications, badges and metric values.
/// Bounded whatever the store holds: the first `maxDevices` devices (by account and id) with
/// their 8 newest activities and 5 newest taps, 50 notifications, 200 metrics; `devices_omitted` says how many
/// devices were left out (every one is under `/_mock/devices`).
enum DashboardSnapshot {
    static let maxDevices = 100
    static let maxMetrics = 200
    /// A device's newest taps, each with its outcome.
    static let maxTaps = 5

    /// Reads the state on a reader connection (no writer round trip) and hands it over, nil if
    /// the read failed: the dashboard draws what it can.
    static func reader(_ store: Store, _ clock: MockClock) -> ChangeFeed.Snapshot {
        { done in store.snapshot(includingDeferred: false, { try build($0, now: clock.nowMillis()) }) { done(try? $0.get()) } }
    }

    static func build(_ db: Database, now: Int64) throws -> JSONValue {
        let notifications = try db.notifications.summaries(account: nil, limit: 50).map { n -> JSONValue in
            .object([
                ("id", .string(n.id)), ("account", .string(n.accountID)), ("payload", .stored(n.payload)),
                ("revision", .int(n.revision)), ("created_at", .time(n.createdAt)), ("updated_at", .time(n.updatedAt)),
                ("devices", .array(n.devices.map(JSONValue.string)))
            ])
        }
        let paused = try db.streams.paused()
        let devices = try db.devices.all(account: nil, limit: maxDevices).map { device -> JSONValue in
            let cards = try db.devices.activityCards(deviceID: device.id).map { card(device, $0, paused: paused, now: now) }
            return DeviceJSON.device(
                device,
                [
                    ("name", .string(device.name ?? device.id)), ("badge", .int(device.badge ?? 0)),
                    ("activities", .array(cards)),
                    ("taps", .array(try db.taps.recent(deviceID: device.id, limit: maxTaps).map(TapOutcomeJSON.json)))
                ])
        }
        let metrics = try db.metrics.summaries().prefix(maxMetrics).map { m -> JSONValue in
            .object([
                ("account", .string(m.account)), ("key", .string(m.key)), ("name", .optional(m.name)),
                ("value", .stored(m.latestValue)), ("measured_at", .time(m.measuredAt))
            ])
        }
        let omitted = devices.count < maxDevices ? 0 : max(0, try db.devices.count() - Int64(devices.count))
        return .object([
            ("now", .time(now)), ("devices", .array(devices)), ("devices_omitted", .int(omitted)),
            ("notifications", .array(notifications)), ("metrics", .array(metrics))
        ])
    }

    /// A card draws what this device received: while updates wait for its token, the start (which
    /// every device gets; a card without it draws `content_state` null), with the activity's
    /// newest state beside it as `newest_content_state`. A timer is drawn from its window, the one the devices received.
    private static func card(_ device: DeviceRecord, _ a: DeviceTable.ActivityCard, paused: Set<String>, now: Int64) -> JSONValue {
        let waiting = a.queued > 0
        let received: JSONValue? = waiting ? .stored(a.receivedPayload) : nil
        let timer = a.timer.map { $0.json(at: now) } ?? .null
        var members: [(String, JSONValue)] = [
            ("id", .string(a.id)), ("type", .string(a.type.rawValue)), ("status", .string(a.status.rawValue)),
            ("stream_key", .optional(a.streamKey)),
            ("content_state", received.map { $0["content_state"] ?? .null } ?? .stored(a.contentState)),
            ("action", received.map { $0["action"] ?? .null } ?? .stored(a.action)),
            ("secondary_action", received.map { $0["secondary_action"] ?? .null } ?? .stored(a.secondaryAction)),
            ("created_at", .time(a.createdAt)), ("updated_at", .time(a.updatedAt)), ("ended_at", .time(a.endedAt)),
            ("dismiss_at", .time(a.dismissAt)), ("token_state", .string(a.tokenState.rawValue)),
            ("updates", .int(a.updates)), ("queued", .int(a.queued)),
            ("timer", received.map { $0["timer"] ?? .null } ?? timer),
            ("stream_paused", .bool(a.streamKey.map { paused.contains("\(device.accountID)/\($0)") } ?? false))
        ]
        if waiting { members.append(("newest_content_state", .stored(a.contentState))) }
        return .object(members)
    }
}
