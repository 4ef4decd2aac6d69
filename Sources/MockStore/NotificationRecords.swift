import APIModel

package struct NotificationRecord: Sendable {
    package let id: String
    package let accountID: String
    package let tags: String
    package let metadata: String
    package let effectiveChannels: [String]?
    package let revision: Int64
}

/// Push notifications: each revision and who received it.
package struct NotificationTable {
    let db: Database

    package func insert(
        id: String, account: String, payload: JSONValue, tags: [String], metadata: JSONObject,
        effectiveChannels: [String]?, now: Int64
    ) throws {
        try db.run(
            """
            INSERT INTO notifications (id, account_id, payload, tags, metadata, effective_channels, revision, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, .text(id), .text(account), .text(JSONWriter.string(payload)), .text(StringList.encode(tags)),
            .text(JSONWriter.string(.object(metadata))), .optional(effectiveChannels.map(StringList.encode)), .int(now), .int(now))
    }

    private enum NotificationColumn: String, ColumnSet {
        case id
        case accountID = "account_id"
        case tags, metadata
        case effectiveChannels = "effective_channels"
        case revision
    }

    package func get(id: String) throws -> NotificationRecord? {
        try db.query("SELECT \(NotificationColumn.list) FROM notifications WHERE id = ?", .text(id)) { row in
            typealias C = NotificationColumn
            return NotificationRecord(
                id: row.text(C.id), accountID: row.text(C.accountID), tags: row.text(C.tags), metadata: row.text(C.metadata),
                effectiveChannels: row.optionalText(C.effectiveChannels).map(StringList.decode), revision: row.int(C.revision))
        }.first
    }

    /// Replaces a notification's content; nil tags or metadata keep the stored ones.
    package func replace(id: String, payload: JSONValue, tags: [String]?, metadata: JSONObject?, now: Int64) throws {
        try db.run(
            """
            UPDATE notifications SET payload = ?, tags = COALESCE(?, tags), metadata = COALESCE(?, metadata),
                revision = revision + 1, updated_at = ? WHERE id = ?
            """, .text(JSONWriter.string(payload)), .optional(tags.map(StringList.encode)),
            .optional(metadata.map { JSONWriter.string(.object($0)) }), .int(now), .text(id))
    }

    package func recordDelivery(id: String, revision: Int64, deviceID: String, payload: JSONValue, now: Int64) throws {
        try db.run(
            """
            INSERT INTO notification_deliveries (notification_id, revision, device_id, payload, delivered_at) VALUES (?, ?, ?, ?, ?)
            """, .text(id), .int(revision), .text(deviceID), .text(JSONWriter.string(payload)), .int(now))
    }

    /// The devices that received the first revision: a replace goes to exactly them.
    package func recipients(id: String) throws -> [DeviceRecord] {
        let ids = Set(
            try db.query(
                "SELECT device_id FROM notification_deliveries WHERE notification_id = ? AND revision = 1",
                .text(id)
            ) { $0.text(0) })
        guard let account = try db.query("SELECT account_id FROM notifications WHERE id = ?", .text(id), map: { $0.text(0) }).first else { return [] }
        return try db.devices.list(account: account).filter { ids.contains($0.id) }
    }
}

/// What the control plane and dashboard show of push notifications.
extension NotificationTable {
    package struct NotificationSummary: Sendable {
        package let id: String
        package let accountID: String
        package let payload: String
        package let tags: String
        package let metadata: String
        package let revision: Int64
        package let createdAt: Int64
        package let updatedAt: Int64
        /// Devices that received the current revision.
        package let devices: [String]
    }

    private enum SummaryColumn: String, ColumnSet {
        case id = "n.id"
        case accountID = "n.account_id"
        case payload = "n.payload"
        case tags = "n.tags"
        case metadata = "n.metadata"
        case revision = "n.revision"
        case createdAt = "n.created_at"
        case updatedAt = "n.updated_at"
    }

    /// Newest first, optionally for one account, or the one with `id`.
    /// The newest first; with `scope` (a channel-scoped key's channels) only those sent to them alone.
    package func summaries(account: String?, limit: Int, id: String? = nil, scope: [String]? = nil) throws -> [NotificationSummary] {
        // One statement per shape, so each filter is an index lookup (an `?1 IS NULL OR …` would
        // make SQLite sort the whole history before the LIMIT).
        let filter = id != nil ? "n.id = ?3 AND (?1 IS NULL OR n.account_id = ?1)" : account != nil ? "n.account_id = ?1" : "?1 IS NULL"
        return try db.query(
            """
            SELECT \(SummaryColumn.list),
                (SELECT group_concat(d.device_id, char(31)) FROM notification_deliveries d
                 WHERE d.notification_id = n.id AND d.revision = n.revision)
            FROM notifications n WHERE \(filter) AND (?3 IS NULL OR ?3 = n.id)
              AND (?5 IS NULL OR (n.effective_channels IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM json_each(n.effective_channels) c WHERE c.value NOT IN (SELECT value FROM json_each(?5)))))
            ORDER BY n.created_at DESC, n.rowid DESC LIMIT ?2
            """, .optional(account), .int(Int64(limit)), .optional(id), .null, .optional(scope.map(StringList.encode))
        ) { row in
            typealias C = SummaryColumn
            return NotificationSummary(
                id: row.text(C.id), accountID: row.text(C.accountID), payload: row.text(C.payload), tags: row.text(C.tags),
                metadata: row.text(C.metadata), revision: row.int(C.revision), createdAt: row.int(C.createdAt),
                updatedAt: row.int(C.updatedAt),
                devices: (row.after(SummaryColumn.self).optionalText(0) ?? "").split(separator: "\u{1F}").map(String.init))
        }
    }

    package struct DeliveredNotification: Sendable {
        package let id: String
        package let revision: Int64
        package let payload: String
        package let deliveredAt: Int64
    }

    private enum DeliveredColumn: String, ColumnSet {
        case id = "notification_id"
        case revision, payload
        case deliveredAt = "delivered_at"
    }

    /// Every notification revision one device received, in order.
    package func delivered(deviceID: String) throws -> [DeliveredNotification] {
        try db.query(
            """
            SELECT \(DeliveredColumn.list) FROM notification_deliveries WHERE device_id = ?
            ORDER BY delivered_at, notification_id, revision
            """, .text(deviceID)
        ) { row in
            typealias C = DeliveredColumn
            return DeliveredNotification(
                id: row.text(C.id), revision: row.int(C.revision), payload: row.text(C.payload), deliveredAt: row.int(C.deliveredAt))
        }
    }
}
