import APIModel

/// Simulated devices as the control plane creates, changes and reads them: what each holds, its badge.
package struct DeviceTable {
    let db: Database

    package struct DevicePatch: Sendable {
        package var tokenBehavior: TokenBehavior?
        package var tokenDelayMillis: Int64?
        package var online: Bool?
        package var registered: Bool?
        package var name: String?
        package init() {}
    }

    /// Changes the given fields of a device; the others stay.
    package func update(id: String, _ patch: DevicePatch) throws {
        try db.run(
            """
            UPDATE devices SET token_behavior = COALESCE(?, token_behavior), token_delay_ms = COALESCE(?, token_delay_ms),
                online = COALESCE(?, online), registered = COALESCE(?, registered), name = COALESCE(?, name) WHERE id = ?
            """, .optional(patch.tokenBehavior?.rawValue), .optional(patch.tokenDelayMillis),
            .optional(patch.online.map { $0 ? 1 : 0 }), .optional(patch.registered.map { $0 ? 1 : 0 }), .optional(patch.name),
            .text(id))
        db.activityCache.clear()
    }

    /// A new device, with its user and channels created in its account as needed.
    package func create(_ device: DeviceRecord) throws {
        try db.fixtures.addUser(account: device.accountID, id: device.userID)
        for slug in device.channels { try db.fixtures.addChannel(account: device.accountID, slug: slug) }
        try db.run(
            """
            INSERT INTO devices (id, account_id, user_id, name, channels, token_behavior, token_delay_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, .text(device.id), .text(device.accountID), .text(device.userID), .optional(device.name),
            .text(StringList.encode(device.channels)), .text(device.tokenBehavior.rawValue), .int(device.tokenDelayMillis))
        db.activityCache.clear()
    }

    /// Deletes a device; what it received stays in the history.
    package func delete(id: String) throws {
        try db.run("DELETE FROM devices WHERE id = ?", .text(id))
        db.activityCache.clear()
    }

    package func isTargeted(activityID: String, deviceID: String) throws -> Bool {
        try db.scalarInt(
            "SELECT COUNT(*) FROM activity_devices WHERE activity_id = ? AND device_id = ?",
            .text(activityID), .text(deviceID)) == 1
    }

    /// Updates of an activity waiting for a device's token (the one definition of that count):
    /// while it is pending, every change since the start.
    static let queuedCount = "(CASE WHEN ad.token_state = 'pending' THEN a.update_count ELSE 0 END)"

    package struct DeviceActivity: Sendable {
        package let id: String
        package let type: ActivityType
        package let status: ActivityStatus
        package let tokenState: TokenState
        package let received: Int64
        package let queued: Int64
    }

    private enum DeviceActivityColumn: String, ColumnSet {
        case id = "a.id"
        case type = "a.type"
        case status = "a.status"
        case tokenState = "ad.token_state"
        case updateCount = "a.update_count"
    }

    /// Every activity that targeted a device, oldest first, with what it received and what waits.
    package func activities(deviceID: String) throws -> [DeviceActivity] {
        try db.query(
            """
            SELECT \(DeviceActivityColumn.list), \(Self.queuedCount)
            FROM activity_devices ad JOIN activities a ON a.id = ad.activity_id WHERE ad.device_id = ? ORDER BY a.created_at
            """, .text(deviceID)
        ) { row in
            typealias C = DeviceActivityColumn
            let queued = row.after(C.self).int(0)
            return DeviceActivity(
                id: row.text(C.id), type: try row.known(C.type, ActivityType.self), status: try row.known(C.status, ActivityStatus.self),
                tokenState: try row.known(C.tokenState, TokenState.self),
                received: row.int(C.updateCount) + 1 - queued, queued: queued)
        }
    }

    /// One Live Activity as a device's Lock Screen shows it (the dashboard's card).
    package struct ActivityCard: Sendable {
        package let id: String
        package let type: ActivityType
        package let status: ActivityStatus
        package let streamKey: String?
        package let contentState: String
        package let action: String?
        package let secondaryAction: String?
        package let createdAt: Int64
        package let updatedAt: Int64
        package let endedAt: Int64?
        package let dismissAt: Int64?
        package let tokenState: TokenState
        package let updates: Int64
        package let queued: Int64
        package let timer: TimerWindow?
        /// While updates wait for this device's token: the payload of the newest one it did
        /// receive, the start (nil when none waits).
        package var receivedPayload: String?
    }

    private enum CardColumn: String, ColumnSet {
        case id = "a.id"
        case type = "a.type"
        case status = "a.status"
        case streamKey = "a.stream_key"
        case contentState = "a.content_state"
        case action = "a.action"
        case secondaryAction = "a.secondary_action"
        case createdAt = "a.created_at"
        case updatedAt = "a.updated_at"
        case endedAt = "a.ended_at"
        case dismissAt = "a.dismiss_at"
        case tokenState = "ad.token_state"
        case updates = "a.update_count"
        case timerStartedAt = "a.timer_started_at"
        case timerEndsAt = "a.timer_ends_at"
        case timerPausedAt = "a.timer_paused_at"
    }

    /// A device's recent activities, active ones first.
    package func activityCards(deviceID: String, limit: Int = 8) throws -> [ActivityCard] {
        try db.query(
            """
            SELECT \(CardColumn.list), \(Self.queuedCount)
            FROM activity_devices ad JOIN activities a ON a.id = ad.activity_id
            WHERE ad.device_id = ? ORDER BY a.status = 'active' DESC, a.updated_at DESC LIMIT ?
            """, .text(deviceID), .int(Int64(limit))
        ) { row in
            typealias C = CardColumn
            return ActivityCard(
                id: row.text(C.id), type: try row.known(C.type, ActivityType.self), status: try row.known(C.status, ActivityStatus.self),
                streamKey: row.optionalText(C.streamKey),
                contentState: row.text(C.contentState), action: row.optionalText(C.action), secondaryAction: row.optionalText(C.secondaryAction),
                createdAt: row.int(C.createdAt), updatedAt: row.int(C.updatedAt), endedAt: row.optionalInt(C.endedAt),
                dismissAt: row.optionalInt(C.dismissAt), tokenState: try row.known(C.tokenState, TokenState.self), updates: row.int(C.updates),
                queued: row.after(C.self).int(0),
                timer: row.optionalInt(C.timerStartedAt).map {
                    TimerWindow(startedAt: $0, endsAt: row.optionalInt(C.timerEndsAt), pausedAt: row.optionalInt(C.timerPausedAt))
                },
                receivedPayload: nil)
        }.map { card in
            // What a waiting device received is the start.
            guard card.queued > 0 else { return card }
            var waiting = card
            waiting.receivedPayload = try db.activities.startPayload(activityID: card.id)
            return waiting
        }
    }
}

/// The app icon badge: on each device, and the history of badge calls.
extension DeviceTable {
    package func insertBadgeUpdate(account: String, badge: Int64, devices: [String], now: Int64) throws {
        try db.run(
            "INSERT INTO badge_updates (account_id, badge, devices, created_at) VALUES (?, ?, ?, ?)",
            .text(account), .int(badge), .text(StringList.encode(devices)), .int(now))
    }

    package func setBadge(deviceID: String, badge: Int64) throws {
        try db.run("UPDATE devices SET badge = ? WHERE id = ?", .int(badge), .text(deviceID))
    }
}

/// Reading devices: an account's, all, one.
extension DeviceTable {
    package func list(account: String) throws -> [DeviceRecord] {
        try db.query("\(Self.selectDevices) WHERE account_id = ? ORDER BY id", .text(account), map: Self.deviceRow)
    }

    /// Every device, or one account's.
    package func all(account: String?, limit: Int = .max) throws -> [DeviceRecord] {
        try db.query(
            "\(Self.selectDevices) WHERE (?1 IS NULL OR account_id = ?1) ORDER BY account_id, id LIMIT ?2",
            .optional(account), .int(Int64(min(limit, Int(Int64.max)))), map: Self.deviceRow)
    }

    package func count() throws -> Int64 { try db.scalarInt("SELECT COUNT(*) FROM devices") ?? 0 }

    package func get(id: String) throws -> DeviceRecord? {
        try db.query("\(Self.selectDevices) WHERE id = ?", .text(id), map: Self.deviceRow).first
    }

    /// Built once: targeting reads an account's devices on every send.
    private static let selectDevices = "SELECT \(DeviceColumn.list) FROM devices"

    private enum DeviceColumn: String, ColumnSet {
        case id
        case accountID = "account_id"
        case userID = "user_id"
        case name, channels
        case tokenBehavior = "token_behavior"
        case tokenDelayMillis = "token_delay_ms"
        case online, registered, badge
    }

    private static func deviceRow(_ row: Row) throws -> DeviceRecord {
        typealias C = DeviceColumn
        return DeviceRecord(
            id: row.text(C.id), accountID: row.text(C.accountID), userID: row.text(C.userID), name: row.optionalText(C.name),
            channels: StringList.decode(row.text(C.channels)), tokenBehavior: try row.known(C.tokenBehavior, TokenBehavior.self),
            tokenDelayMillis: row.int(C.tokenDelayMillis), online: row.bool(C.online), registered: row.bool(C.registered),
            badge: row.optionalInt(C.badge))
    }
}
