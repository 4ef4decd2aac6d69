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

/// The taps table, and what a device received that can be tapped.
package struct TapTable {
    let db: Database

    /// Stores a tap; returns its id.
    package func insert(_ tap: TapRecord) throws -> Int64 {
        try db.run(
            """
            INSERT INTO taps (device_id, activity_id, notification_id, button, action_index, kind, title, url, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, .text(tap.deviceID), .optional(tap.activityID), .optional(tap.notificationID), .optional(tap.button),
            .optional(tap.actionIndex), .text(tap.kind.rawValue), .optional(tap.title), .text(tap.url), .int(tap.createdAt))
        return db.lastInsertRowID
    }

    package func setDelivery(tapID: Int64, deliveryID: Int64) throws {
        try db.run("UPDATE taps SET delivery_id = ? WHERE id = ?", .int(deliveryID), .int(tapID))
    }

    private enum TapColumn: String, ColumnSet {
        case id
        case deviceID = "device_id"
        case activityID = "activity_id"
        case notificationID = "notification_id"
        case button
        case actionIndex = "action_index"
        case kind, title, url
        case deliveryID = "delivery_id"
        case createdAt = "created_at"
    }

    /// Newest first, optionally one device's, older than `before`.
    package func list(deviceID: String?, before: Int64?, limit: Int) throws -> [TapRecord] {
        try db.query(
            """
            SELECT \(TapColumn.list) FROM taps WHERE (?1 IS NULL OR device_id = ?1) AND (?2 IS NULL OR id < ?2)
            ORDER BY id DESC LIMIT ?3
            """, .optional(deviceID), .optional(before), .int(Int64(limit)), map: Self.tap)
    }

    package func get(id: Int64) throws -> TapRecord? {
        try db.query("SELECT \(TapColumn.list) FROM taps WHERE id = ?", .int(id), map: Self.tap).first
    }

    private static func tap(_ row: Row) throws -> TapRecord {
        typealias C = TapColumn
        var tap = TapRecord(
            deviceID: row.text(C.deviceID), activityID: row.optionalText(C.activityID), notificationID: row.optionalText(C.notificationID),
            button: row.optionalText(C.button), actionIndex: row.optionalInt(C.actionIndex), kind: try row.known(C.kind, TapRecord.Kind.self),
            title: row.optionalText(C.title), url: row.text(C.url), createdAt: row.int(C.createdAt))
        tap.id = row.int(C.id)
        tap.deliveryID = row.optionalInt(C.deliveryID)
        return tap
    }

    /// A tap joined with its delivery's outcome (`recentTaps`).
    private enum OutcomeColumn: String, ColumnSet {
        case state = "d.state"
        case status = "d.status"
        case error = "d.error"
        case durationMillis = "d.duration_ms"
    }
}

/// What a device holds that can be tapped.
extension TapTable {
    /// An activity as one device received it: its buttons as that device drew them (while its
    /// token is pending, the start's), its status and when it leaves the Lock Screen. Nil when the
    /// activity never targeted the device.
    package struct ReceivedActivity: Sendable {
        package let status: ActivityStatus
        package let endedAt: Int64?
        package let dismissAt: Int64?
        package let action: String?
        package let secondaryAction: String?
    }

    private enum ReceivedColumn: String, ColumnSet {
        case status = "a.status"
        case endedAt = "a.ended_at"
        case dismissAt = "a.dismiss_at"
        case action = "a.action"
        case secondaryAction = "a.secondary_action"
    }

    package func receivedActivity(activityID: String, deviceID: String) throws -> ReceivedActivity? {
        guard
            let row = try db.query(
                """
                SELECT \(ReceivedColumn.list), \(DeviceTable.queuedCount)
                FROM activity_devices ad JOIN activities a ON a.id = ad.activity_id WHERE ad.activity_id = ? AND ad.device_id = ?
                """, .text(activityID), .text(deviceID),
                map: { row in
                    typealias C = ReceivedColumn
                    return (
                        ReceivedActivity(
                            status: try row.known(C.status, ActivityStatus.self), endedAt: row.optionalInt(C.endedAt), dismissAt: row.optionalInt(C.dismissAt),
                            action: row.optionalText(C.action), secondaryAction: row.optionalText(C.secondaryAction)),
                        row.after(ReceivedColumn.self).int(0)
                    )
                }
            ).first
        else { return nil }
        guard row.1 > 0 else { return row.0 }
        // Updates wait for this device's token: it shows the start's buttons.
        let start = try db.activities.startPayload(activityID: activityID).flatMap { try? JSONParser.parse($0) }
        return ReceivedActivity(
            status: row.0.status, endedAt: row.0.endedAt, dismissAt: row.0.dismissAt,
            action: start?["action"].map(JSONWriter.string), secondaryAction: start?["secondary_action"].map(JSONWriter.string))
    }

    /// The newest revision of a notification that the device received (its payload), or nil.
    package func receivedNotification(id: String, deviceID: String) throws -> String? {
        try db.query(
            "SELECT payload FROM notification_deliveries WHERE notification_id = ? AND device_id = ? ORDER BY revision DESC LIMIT 1",
            .text(id), .text(deviceID)
        ) { $0.text(0) }.first
    }
}

/// What the dashboard shows of a device's taps: each with its delivery's state.
extension TapTable {
    package struct TapOutcome: Sendable {
        package let tap: TapRecord
        package let state: WebhookDeliveryRecord.State?
        package let status: Int64?
        package let error: String?
        package let durationMillis: Double?
    }

    /// A device's newest taps, newest first.
    package func recent(deviceID: String, limit: Int) throws -> [TapOutcome] {
        try db.query(
            """
            SELECT \(TapColumn.list(from: "t")), \(OutcomeColumn.list)
            FROM taps t LEFT JOIN webhook_deliveries d ON d.id = t.delivery_id WHERE t.device_id = ? ORDER BY t.id DESC LIMIT ?
            """, .text(deviceID), .int(Int64(limit))
        ) { row in
            let outcome = row.after(TapColumn.self)
            return TapOutcome(
                tap: try Self.tap(row), state: try outcome.optionalKnown(OutcomeColumn.state, WebhookDeliveryRecord.State.self),
                status: outcome.optionalInt(OutcomeColumn.status), error: outcome.optionalText(OutcomeColumn.error),
                durationMillis: outcome.optionalDouble(OutcomeColumn.durationMillis))
        }
    }
}
