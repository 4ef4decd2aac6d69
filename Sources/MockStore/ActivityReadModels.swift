import APIModel

/// What the control plane shows of activities: summaries, one activity's history and what each
/// targeted device got or awaits, and each stream key's newest activity.
extension ActivityTable {
    package struct ActivitySummary: Sendable {
        package let id: String
        package let accountID: String
        package let type: ActivityType
        package let status: ActivityStatus
        package let streamKey: String?
        package let contentState: String
        package let updateCount: Int64
        package let createdAt: Int64
        package let updatedAt: Int64
        package let endedAt: Int64?
    }

    /// Newest first, each filter optional.
    /// With `scope` (a channel-scoped key's channels) only activities sent to them alone.
    package func summaries(
        status: String?, streamKey: String?, account: String?, limit: Int,
        scope: [String]? = nil
    ) throws -> [ActivitySummary] {
        // With an account, its index in created_at order; without, the overall one: LIMIT stops the walk.
        try db.query(
            """
            SELECT \(SummaryColumn.list)
            FROM activities WHERE \(account == nil ? "?3 IS NULL" : "account_id = ?3")
              AND (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR stream_key = ?2)
              AND (?5 IS NULL OR (effective_channels IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM json_each(effective_channels) c WHERE c.value NOT IN (SELECT value FROM json_each(?5)))))
            ORDER BY created_at DESC, rowid DESC LIMIT ?4
            """, .optional(status), .optional(streamKey), .optional(account), .int(Int64(limit)),
            .optional(scope.map(StringList.encode))
        ) { row in
            typealias C = SummaryColumn
            return ActivitySummary(
                id: row.text(C.id), accountID: row.text(C.accountID), type: try row.known(C.type, ActivityType.self),
                status: try row.known(C.status, ActivityStatus.self),
                streamKey: row.optionalText(C.streamKey), contentState: row.text(C.contentState), updateCount: row.int(C.updateCount),
                createdAt: row.int(C.createdAt), updatedAt: row.int(C.updatedAt), endedAt: row.optionalInt(C.endedAt))
        }
    }

    package struct UpdateRow: Sendable {
        package let seq: Int64
        package let kind: String
        package let payload: String
        package let devicesNotified: Int64
        package let devicesQueued: Int64
        package let createdAt: Int64
    }

    /// Every update of an activity in order (the history chain).
    package func updates(activityID: String) throws -> [UpdateRow] {
        try db.query(
            Self.historyCTE + """
                 SELECT \(UpdateColumn.list)
                FROM history h JOIN updates u ON u.id = h.id ORDER BY u.seq
                """, .text(activityID)
        ) { row in
            typealias C = UpdateColumn
            return UpdateRow(
                seq: row.int(C.seq), kind: row.text(C.kind), payload: row.text(C.payload), devicesNotified: row.int(C.devicesNotified),
                devicesQueued: row.int(C.devicesQueued), createdAt: row.int(C.createdAt))
        }
    }

    /// The payload of an activity's start: what a device whose token is pending received. Found
    /// down the history chain (no index on updates.activity_id).
    package func startPayload(activityID: String) throws -> String? {
        try db.query(
            Self.historyCTE + "SELECT u.payload FROM history h JOIN updates u ON u.id = h.id WHERE u.seq = 0", .text(activityID)
        ) { $0.text(0) }.first
    }

    package struct TokenRow: Sendable {
        package let deviceID: String
        package let tokenState: TokenState
        package let registersAt: Int64?
        package let registeredAt: Int64?
        /// Update numbers that wait for this device's token: while it is pending, every change
        /// since the start (which every device gets); none once it registered.
        package let queuedSeqs: Set<Int64>
    }

    /// Each targeted device's token, and which updates it got only once its token registered.
    package func tokens(activityID: String) throws -> [TokenRow] {
        let changes = try db.scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(activityID)) ?? 0
        let waiting: Set<Int64> = changes > 0 ? Set(1...changes) : []
        return try db.query(
            """
            SELECT \(TokenColumn.list) FROM activity_devices WHERE activity_id = ? ORDER BY device_id
            """, .text(activityID)
        ) { row in
            typealias C = TokenColumn
            let state = try row.known(C.tokenState, TokenState.self)
            return TokenRow(
                deviceID: row.text(C.deviceID), tokenState: state, registersAt: row.optionalInt(C.registersAt),
                registeredAt: row.optionalInt(C.registeredAt),
                queuedSeqs: state == .pending ? waiting : [])
        }
    }

    package struct ActivityExtras: Sendable {
        package let action: String?
        package let secondaryAction: String?
        package let dismissAt: Int64?
        package let updatedAt: Int64
    }

    /// The columns `ActivityRecord` leaves out.
    package func extras(id: String) throws -> ActivityExtras? {
        try db.query("SELECT \(ExtrasColumn.list) FROM activities WHERE id = ?", .text(id)) {
            ActivityExtras(
                action: $0.optionalText(ExtrasColumn.action), secondaryAction: $0.optionalText(ExtrasColumn.secondaryAction),
                dismissAt: $0.optionalInt(ExtrasColumn.dismissAt), updatedAt: $0.int(ExtrasColumn.updatedAt))
        }.first
    }

    package struct StreamSummary: Sendable {
        package let accountID: String
        package let streamKey: String
        package let activityID: String
        package let status: ActivityStatus
        package let type: ActivityType
        package let updatedAt: Int64
        package let paused: Bool
    }

    /// Each stream key's newest activity, per account.
    package func streamSummaries() throws -> [StreamSummary] {
        let paused = try db.streams.paused()
        return try db.query(
            """
            SELECT \(StreamColumn.list) FROM activities a
            WHERE a.stream_key IS NOT NULL AND a.rowid = (SELECT b.rowid FROM activities b WHERE b.account_id = a.account_id
                AND b.stream_key = a.stream_key ORDER BY b.created_at DESC, b.rowid DESC LIMIT 1)
            ORDER BY a.account_id, a.stream_key
            """
        ) { row in
            typealias C = StreamColumn
            return StreamSummary(
                accountID: row.text(C.accountID), streamKey: row.text(C.streamKey), activityID: row.text(C.activityID),
                status: try row.known(C.status, ActivityStatus.self), type: try row.known(C.type, ActivityType.self), updatedAt: row.int(C.updatedAt),
                paused: paused.contains("\(row.text(C.accountID))/\(row.text(C.streamKey))"))
        }
    }

    /// A new activity's first update, now that it has an id.
    package func setLastUpdate(activityID: String, updateID: Int64) throws {
        try db.run("UPDATE activities SET last_update_id = ? WHERE id = ?", .int(updateID), .text(activityID))
        db.activityCache.forget(activityID)
    }
}

/// The columns of the read models above, each named once.
extension ActivityTable {
    fileprivate enum SummaryColumn: String, ColumnSet {
        case id
        case accountID = "account_id"
        case type, status
        case streamKey = "stream_key"
        case contentState = "content_state"
        case updateCount = "update_count"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case endedAt = "ended_at"
    }

    fileprivate enum UpdateColumn: String, ColumnSet {
        case seq = "u.seq"
        case kind = "u.kind"
        case payload = "u.payload"
        case devicesNotified = "u.devices_notified"
        case devicesQueued = "u.devices_queued"
        case createdAt = "u.created_at"
    }

    fileprivate enum TokenColumn: String, ColumnSet {
        case deviceID = "device_id"
        case tokenState = "token_state"
        case registersAt = "register_at"
        case registeredAt = "registered_at"
    }

    fileprivate enum ExtrasColumn: String, ColumnSet {
        case action
        case secondaryAction = "secondary_action"
        case dismissAt = "dismiss_at"
        case updatedAt = "updated_at"
    }

    fileprivate enum StreamColumn: String, ColumnSet {
        case accountID = "a.account_id"
        case streamKey = "a.stream_key"
        case activityID = "a.id"
        case status = "a.status"
        case type = "a.type"
        case updatedAt = "a.updated_at"
    }
}
