import APIModel

/// A tap on something a device received, as stored.
package struct TapRecord: Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case webhook
        case openURL = "open_url"
        case redirection
    }

    package var id: Int64 = 0
    package var deviceID: String
    package var activityID: String?
    package var notificationID: String?
    package var button: String?
    package var actionIndex: Int64?
    package var kind: Kind
    package var title: String?
    package var url: String
    package var deliveryID: Int64?
    package var createdAt: Int64

    package init(
        deviceID: String, activityID: String? = nil, notificationID: String? = nil, button: String? = nil,
        actionIndex: Int64? = nil, kind: Kind, title: String?, url: String, createdAt: Int64
    ) {
        self.deviceID = deviceID
        self.activityID = activityID
        self.notificationID = notificationID
        self.button = button
        self.actionIndex = actionIndex
        self.kind = kind
        self.title = title
        self.url = url
        self.createdAt = createdAt
    }
}

extension Database {
    /// Stores a tap; returns its id.
    package func insertTap(_ tap: TapRecord) throws -> Int64 {
        try run(
            """
            INSERT INTO taps (device_id, activity_id, notification_id, button, action_index, kind, title, url, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, .text(tap.deviceID), .optional(tap.activityID), .optional(tap.notificationID), .optional(tap.button),
            .optional(tap.actionIndex), .text(tap.kind.rawValue), .optional(tap.title), .text(tap.url), .int(tap.createdAt))
        return lastInsertRowID
    }

    package func setTapDelivery(tapID: Int64, deliveryID: Int64) throws {
        try run("UPDATE taps SET delivery_id = ? WHERE id = ?", .int(deliveryID), .int(tapID))
    }

    private static let tapColumns = "id, device_id, activity_id, notification_id, button, action_index, kind, title, url, delivery_id, created_at"

    /// Newest first, optionally one device's, older than `before`.
    package func taps(deviceID: String?, before: Int64?, limit: Int) throws -> [TapRecord] {
        try query(
            """
            SELECT \(Self.tapColumns) FROM taps WHERE (?1 IS NULL OR device_id = ?1) AND (?2 IS NULL OR id < ?2)
            ORDER BY id DESC LIMIT ?3
            """, .optional(deviceID), .optional(before), .int(Int64(limit)), map: Self.tap)
    }

    package func tap(id: Int64) throws -> TapRecord? {
        try query("SELECT \(Self.tapColumns) FROM taps WHERE id = ?", .int(id), map: Self.tap).first
    }

    static func tap(_ row: Row) throws -> TapRecord {
        var tap = TapRecord(
            deviceID: row.text(1), activityID: row.optionalText(2), notificationID: row.optionalText(3), button: row.optionalText(4),
            actionIndex: row.optionalInt(5), kind: try row.known(6, TapRecord.Kind.self), title: row.optionalText(7), url: row.text(8),
            createdAt: row.int(10))
        tap.id = row.int(0)
        tap.deliveryID = row.optionalInt(9)
        return tap
    }
}

/// What a device holds that can be tapped.
extension Database {
    /// An activity as one device received it: its buttons as that device drew them (while its
    /// token is pending, the start's), its status and when it leaves the Lock Screen. Nil when the
    /// activity never targeted the device.
    package struct ReceivedActivity: Sendable {
        package let status: String
        package let endedAt: Int64?
        package let dismissAt: Int64?
        package let action: String?
        package let secondaryAction: String?
    }

    package func receivedActivity(activityID: String, deviceID: String) throws -> ReceivedActivity? {
        guard
            let row = try query(
                """
                SELECT a.status, a.ended_at, a.dismiss_at, a.action, a.secondary_action, \(Self.queuedCount)
                FROM activity_devices ad JOIN activities a ON a.id = ad.activity_id WHERE ad.activity_id = ? AND ad.device_id = ?
                """, .text(activityID), .text(deviceID),
                map: { row in
                    (
                        ReceivedActivity(
                            status: row.text(0), endedAt: row.optionalInt(1), dismissAt: row.optionalInt(2),
                            action: row.optionalText(3), secondaryAction: row.optionalText(4)),
                        row.int(5)
                    )
                }
            ).first
        else { return nil }
        guard row.1 > 0 else { return row.0 }
        // Updates wait for this device's token: it shows the start's buttons.
        let start = try startPayload(activityID: activityID).flatMap { try? JSONParser.parse($0) }
        return ReceivedActivity(
            status: row.0.status, endedAt: row.0.endedAt, dismissAt: row.0.dismissAt,
            action: start?["action"].map(JSONWriter.string), secondaryAction: start?["secondary_action"].map(JSONWriter.string))
    }

    /// The newest revision of a notification that the device received (its payload), or nil.
    package func receivedNotification(id: String, deviceID: String) throws -> String? {
        try query(
            "SELECT payload FROM notification_deliveries WHERE notification_id = ? AND device_id = ? ORDER BY revision DESC LIMIT 1",
            .text(id), .text(deviceID)
        ) { $0.text(0) }.first
    }
}

/// What the dashboard shows of a device's taps: each with its delivery's state.
extension Database {
    package struct TapOutcome: Sendable {
        package let tap: TapRecord
        package let state: WebhookDeliveryRecord.State?
        package let status: Int64?
        package let error: String?
        package let durationMillis: Double?
    }

    /// A device's newest taps, newest first.
    package func recentTaps(deviceID: String, limit: Int) throws -> [TapOutcome] {
        try query(
            """
            SELECT t.id, t.device_id, t.activity_id, t.notification_id, t.button, t.action_index, t.kind, t.title, t.url, t.delivery_id,
                t.created_at, d.state, d.status, d.error, d.duration_ms
            FROM taps t LEFT JOIN webhook_deliveries d ON d.id = t.delivery_id WHERE t.device_id = ? ORDER BY t.id DESC LIMIT ?
            """, .text(deviceID), .int(Int64(limit))
        ) { row in
            TapOutcome(
                tap: try Self.tap(row), state: try row.isNull(11) ? nil : row.known(11, WebhookDeliveryRecord.State.self),
                status: row.optionalInt(12), error: row.optionalText(13), durationMillis: row.isNull(14) ? nil : row.double(14))
        }
    }
}
