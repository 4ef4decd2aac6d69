import APIModel

/// What the control plane shows of activities: summaries, one activity's history and what each
/// targeted device got or awaits, and each stream key's newest activity.
extension Database {
    package struct ActivitySummary: Sendable {
        package let id: String
        package let accountID: String
        package let type: String
        package let status: String
        package let streamKey: String?
        package let contentState: String
        package let updateCount: Int64
        package let createdAt: Int64
        package let updatedAt: Int64
        package let endedAt: Int64?
    }

    /// Newest first, each filter optional.
    /// With `scope` (a channel-scoped key's channels) only activities sent to them alone.
    package func activitySummaries(
        status: String?, streamKey: String?, account: String?, limit: Int,
        scope: [String]? = nil
    ) throws -> [ActivitySummary] {
        // With an account, its index in created_at order; without, the overall one: LIMIT stops the walk.
        try query(
            """
            SELECT id, account_id, type, status, stream_key, content_state, update_count, created_at, updated_at, ended_at
            FROM activities WHERE \(account == nil ? "?3 IS NULL" : "account_id = ?3")
              AND (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR stream_key = ?2)
              AND (?5 IS NULL OR (effective_channels IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM json_each(effective_channels) c WHERE c.value NOT IN (SELECT value FROM json_each(?5)))))
            ORDER BY created_at DESC, rowid DESC LIMIT ?4
            """, .optional(status), .optional(streamKey), .optional(account), .int(Int64(limit)),
            .optional(scope.map(StringList.encode))
        ) { row in
            ActivitySummary(
                id: row.text(0), accountID: row.text(1), type: row.text(2), status: row.text(3),
                streamKey: row.optionalText(4), contentState: row.text(5), updateCount: row.int(6),
                createdAt: row.int(7), updatedAt: row.int(8), endedAt: row.optionalInt(9))
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
        try query(
            Self.historyCTE + """
                 SELECT u.seq, u.kind, u.payload, u.devices_notified, u.devices_queued, u.created_at
                FROM history h JOIN updates u ON u.id = h.id ORDER BY u.seq
                """, .text(activityID)
        ) { row in
            UpdateRow(
                seq: row.int(0), kind: row.text(1), payload: row.text(2), devicesNotified: row.int(3),
                devicesQueued: row.int(4), createdAt: row.int(5))
        }
    }

    /// The payload of an activity's start: what a device whose token is pending received. Found
    /// down the history chain (no index on updates.activity_id).
    package func startPayload(activityID: String) throws -> String? {
        try query(
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
        let changes = try scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(activityID)) ?? 0
        let waiting: Set<Int64> = changes > 0 ? Set(1...changes) : []
        return try query(
            """
            SELECT device_id, token_state, register_at, registered_at FROM activity_devices WHERE activity_id = ? ORDER BY device_id
            """, .text(activityID)
        ) { row in
            let state = try row.known(1, TokenState.self)
            return TokenRow(
                deviceID: row.text(0), tokenState: state, registersAt: row.optionalInt(2), registeredAt: row.optionalInt(3),
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
    package func activityExtras(id: String) throws -> ActivityExtras? {
        try query("SELECT action, secondary_action, dismiss_at, updated_at FROM activities WHERE id = ?", .text(id)) {
            ActivityExtras(
                action: $0.optionalText(0), secondaryAction: $0.optionalText(1), dismissAt: $0.optionalInt(2),
                updatedAt: $0.int(3))
        }.first
    }

    package struct StreamSummary: Sendable {
        package let accountID: String
        package let streamKey: String
        package let activityID: String
        package let status: String
        package let type: String
        package let updatedAt: Int64
        package let paused: Bool
    }

    /// Each stream key's newest activity, per account.
    package func streamSummaries() throws -> [StreamSummary] {
        let paused = try pausedStreams()
        return try query(
            """
            SELECT a.account_id, a.stream_key, a.id, a.status, a.type, a.updated_at FROM activities a
            WHERE a.stream_key IS NOT NULL AND a.rowid = (SELECT b.rowid FROM activities b WHERE b.account_id = a.account_id
                AND b.stream_key = a.stream_key ORDER BY b.created_at DESC, b.rowid DESC LIMIT 1)
            ORDER BY a.account_id, a.stream_key
            """
        ) { row in
            StreamSummary(
                accountID: row.text(0), streamKey: row.text(1), activityID: row.text(2), status: row.text(3),
                type: row.text(4), updatedAt: row.int(5), paused: paused.contains("\(row.text(0))/\(row.text(1))"))
        }
    }

    /// Rows per table, for `/_mock/health`.
    package func healthCounts() throws -> [(String, Int64)] {
        try ["accounts", "devices", "activities", "notifications", "journal"].map { table in
            (table, try scalarInt("SELECT COUNT(*) FROM \(table)") ?? 0)
        } + [("active_activities", try scalarInt("SELECT COUNT(*) FROM activities WHERE status = 'active'") ?? 0)]
    }

    /// A new activity's first update, now that it has an id.
    package func setLastUpdate(activityID: String, updateID: Int64) throws {
        try run("UPDATE activities SET last_update_id = ? WHERE id = ?", .int(updateID), .text(activityID))
        activityCache.forget(activityID)
    }
}
