import APIModel

/// Whether a Live Activity still runs.
package enum ActivityStatus: String, Sendable {
    case active, ended
}

/// Whether a targeted device has its per-activity push token (`activity_devices.token_state`):
/// updates for a device whose token is pending wait for it.
package enum TokenState: String, Sendable {
    case registered, pending
}

/// A Live Activity row, with the JSON columns still as text. Changed only by copy-and-change
/// (`updated`), so a field added here cannot be dropped by a copy written out by hand.
package struct ActivityRecord: Sendable {
    package private(set) var id: String
    package private(set) var accountID: String
    package private(set) var type: ActivityType
    package private(set) var status: ActivityStatus
    package private(set) var contentState: String
    package private(set) var tags: String
    package private(set) var metadata: String
    package private(set) var streamKey: String?
    package private(set) var updateCount: Int64
    package private(set) var lastUpdateID: Int64?
    package private(set) var createdAt: Int64
    package private(set) var endedAt: Int64?
    /// A timer's window; nil for other types (and for timers stored before schema 5).
    package private(set) var timer: TimerWindow?

    /// What the content-state rules need from the stored state (parsed once, here).
    package private(set) var stored: ContentStateRules.Stored

    package var isActive: Bool { status == .active }

    package init(
        id: String, accountID: String, type: ActivityType, status: ActivityStatus, contentState: String, tags: String,
        metadata: String, streamKey: String?, updateCount: Int64, lastUpdateID: Int64?, createdAt: Int64, endedAt: Int64?,
        timer: TimerWindow? = nil, stored: ContentStateRules.Stored? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.type = type
        self.status = status
        self.contentState = contentState
        self.tags = tags
        self.metadata = metadata
        self.streamKey = streamKey
        self.updateCount = updateCount
        self.lastUpdateID = lastUpdateID
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.timer = timer
        // Only segmented_progress and timer carry fields forward; skip the parse for the rest.
        self.stored =
            stored
            ?? Self.stored(
                type: type,
                state: type == .segmentedProgress || type == .timer
                    ? try? JSONParser.parse(contentState) : nil)
    }

    package static func stored(type: ActivityType, state: JSONValue?) -> ContentStateRules.Stored {
        ContentStateRules.Stored(
            type: type, numberOfSteps: state?["number_of_steps"]?.intValue,
            durationSeconds: state?["duration_seconds"], countsDown: state?["counts_down"]?.boolValue,
            isRunning: state?["is_running"]?.boolValue)
    }

    /// The same activity after an update (not an end) that wrote these columns.
    package func updated(
        contentState json: JSONValue, contentStateText: String, tags: String?, metadata: String?,
        updateID: Int64, timer: TimerWindow?
    ) -> ActivityRecord {
        var copy = self
        copy.contentState = contentStateText
        if let tags { copy.tags = tags }
        if let metadata { copy.metadata = metadata }
        copy.updateCount += 1
        copy.lastUpdateID = updateID
        if let timer { copy.timer = timer }
        copy.stored = Self.stored(type: type, state: json)
        return copy
    }
}

/// The columns `activity(id:)` reads, by name: the SELECT list and the row positions come from
/// this one declaration.
private enum ActivityColumn: String, ColumnSet {
    case id
    case accountID = "account_id"
    case type, status
    case contentState = "content_state"
    case tags, metadata
    case streamKey = "stream_key"
    case updateCount = "update_count"
    case createdAt = "created_at"
    case endedAt = "ended_at"
    case lastUpdateID = "last_update_id"
    case timerStartedAt = "timer_started_at"
    case timerEndsAt = "timer_ends_at"
    case timerPausedAt = "timer_paused_at"
}

/// A Live Activity as it starts: what `db.activities.insert` stores (status `active`, no updates yet).
package struct NewActivity: Sendable {
    package var id: String
    package var account: String
    package var type: ActivityType
    package var contentState: String
    package var action: JSONValue?
    package var secondaryAction: JSONValue?
    package var tags: [String]
    package var metadata: JSONObject
    package var streamKey: String?
    package var timer: TimerWindow?
    /// The channels it was sent to; nil for the whole account.
    package var effectiveChannels: [String]?
    package var now: Int64

    package init(
        id: String, account: String, type: ActivityType, contentState: String, action: JSONValue? = nil,
        secondaryAction: JSONValue? = nil, tags: [String] = [], metadata: JSONObject = JSONObject(), streamKey: String? = nil,
        timer: TimerWindow? = nil, effectiveChannels: [String]? = nil, now: Int64
    ) {
        self.id = id
        self.account = account
        self.type = type
        self.contentState = contentState
        self.action = action
        self.secondaryAction = secondaryAction
        self.tags = tags
        self.metadata = metadata
        self.streamKey = streamKey
        self.timer = timer
        self.effectiveChannels = effectiveChannels
        self.now = now
    }

    /// The columns an insert writes, each beside its value (`value(_:)`).
    enum Column: String, ColumnSet {
        case id
        case account = "account_id"
        case type
        case contentState = "content_state"
        case action
        case secondaryAction = "secondary_action"
        case tags, metadata
        case streamKey = "stream_key"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case timerStartedAt = "timer_started_at"
        case timerEndsAt = "timer_ends_at"
        case timerPausedAt = "timer_paused_at"
        case effectiveChannels = "effective_channels"
    }

    func value(_ column: Column) -> SQLValue {
        switch column {
        case .id: return .text(id)
        case .account: return .text(account)
        case .type: return .text(type.rawValue)
        case .contentState: return .text(contentState)
        case .action: return .optional(action.map(JSONWriter.string))
        case .secondaryAction: return .optional(secondaryAction.map(JSONWriter.string))
        case .tags: return .text(StringList.encode(tags))
        case .metadata: return .text(JSONWriter.string(.object(metadata)))
        case .streamKey: return .optional(streamKey)
        case .createdAt, .updatedAt: return .int(now)
        case .timerStartedAt: return .optional(timer?.startedAt)
        case .timerEndsAt: return .optional(timer?.endsAt)
        case .timerPausedAt: return .optional(timer?.pausedAt)
        case .effectiveChannels: return .optional(effectiveChannels.map(StringList.encode))
        }
    }
}

/// An update or end as `db.activities.saveChange` stores it; nil tags, metadata or actions keep what
/// was stored.
package struct ActivityChange: Sendable {
    package var updateID: Int64
    package var contentState: JSONValue
    /// `contentState` encoded (the caller has it already).
    package var contentStateText: String
    package var action: JSONValue?
    package var secondaryAction: JSONValue?
    package var tags: [String]?
    package var metadata: JSONObject?
    package var ended: Bool
    package var dismissAt: Int64?
    package var timer: TimerWindow?
    package var now: Int64

    package init(
        updateID: Int64, contentState: JSONValue, contentStateText: String, action: JSONValue?, secondaryAction: JSONValue?,
        tags: [String]?, metadata: JSONObject?, ended: Bool, dismissAt: Int64?, timer: TimerWindow?, now: Int64
    ) {
        self.updateID = updateID
        self.contentState = contentState
        self.contentStateText = contentStateText
        self.action = action
        self.secondaryAction = secondaryAction
        self.tags = tags
        self.metadata = metadata
        self.ended = ended
        self.dismissAt = dismissAt
        self.timer = timer
        self.now = now
    }
}

/// One targeted device's per-activity token.
package struct ActivityDevice: Sendable {
    package let deviceID: String
    package let userID: String
    package let registered: Bool
    /// When a pending token registers by itself (a delayed one); nil otherwise.
    package let registerAt: Int64?
}

/// Live Activities: their rows, updates and targeted devices, through the write-through cache
/// (`ActivityCache`, which the connection holds).
package struct ActivityTable {
    let db: Database

    package func get(id: String) throws -> ActivityRecord? {
        if let cached = db.activityCache[id] { return cached.record }
        let record = try db.query("SELECT \(ActivityColumn.list) FROM activities WHERE id = ?", .text(id)) { row in
            typealias C = ActivityColumn
            let typeText = row.text(C.type), statusText = row.text(C.status)
            // A value this binary does not know is an error, never silently something else.
            guard let type = ActivityType(rawValue: typeText), let status = ActivityStatus(rawValue: statusText) else {
                throw StorageError("activity \(id) has a stored type or status this binary does not know (\(typeText), \(statusText))")
            }
            return ActivityRecord(
                id: row.text(C.id), accountID: row.text(C.accountID), type: type, status: status,
                contentState: row.text(C.contentState), tags: row.text(C.tags), metadata: row.text(C.metadata),
                streamKey: row.optionalText(C.streamKey), updateCount: row.int(C.updateCount),
                lastUpdateID: row.optionalInt(C.lastUpdateID), createdAt: row.int(C.createdAt),
                endedAt: row.optionalInt(C.endedAt),
                timer: row.optionalInt(C.timerStartedAt).map {
                    TimerWindow(startedAt: $0, endsAt: row.optionalInt(C.timerEndsAt), pausedAt: row.optionalInt(C.timerPausedAt))
                })
        }.first
        if let record { db.activityCache[id] = ActivityCache.Entry(record: record) }
        return record
    }

    private static let insertActivitySQL = """
        INSERT INTO activities (\(NewActivity.Column.list), status, update_count) VALUES (\(NewActivity.Column.placeholders), 'active', 0)
        """

    package func insert(_ new: NewActivity) throws {
        try db.run(Self.insertActivitySQL, values: NewActivity.Column.allCases.map(new.value))
        db.activityCache.forget(new.id)
    }

    /// The channels an activity was sent to: `.some(nil)` for the whole account, nil when there is
    /// no such activity.
    package func channels(id: String) throws -> [String]?? {
        try db.query("SELECT effective_channels FROM activities WHERE id = ?", .text(id)) { row in
            row.optionalText(0).map(StringList.decode)
        }.first
    }

    /// Stores the state after an update or end; nil tags/metadata/actions keep what was stored.
    package func saveChange(id: String, _ change: ActivityChange) throws {
        let tagsText = change.tags.map(StringList.encode)
        let metadataText = change.metadata.map { JSONWriter.string(.object($0)) }
        try db.run(
            """
            UPDATE activities SET last_update_id = ?, content_state = ?, action = COALESCE(?, action),
                secondary_action = COALESCE(?, secondary_action), tags = COALESCE(?, tags),
                metadata = COALESCE(?, metadata), update_count = update_count + 1, updated_at = ?
            WHERE id = ?
            """, .int(change.updateID), .text(change.contentStateText), .optional(change.action.map(JSONWriter.string)),
            .optional(change.secondaryAction.map(JSONWriter.string)), .optional(tagsText), .optional(metadataText), .int(change.now),
            .text(id))
        // Only an end touches `status`: naming it in an update's SET would rewrite its index
        // entry (activities_account) every time, one more page per commit.
        if change.ended {
            try db.run(
                "UPDATE activities SET status = 'ended', ended_at = ?, dismiss_at = ? WHERE id = ?",
                .int(change.now), .optional(change.dismissAt), .text(id))
        }
        // Timers only, so no other type's update writes three more columns.
        if let timer = change.timer {
            try db.run(
                "UPDATE activities SET timer_started_at = ?, timer_ends_at = ?, timer_paused_at = ? WHERE id = ?",
                .int(timer.startedAt), .optional(timer.endsAt), .optional(timer.pausedAt), .text(id))
        }
        // Write-through: the entry now says what the row says (an end simply drops it).
        guard !change.ended, var entry = db.activityCache[id] else {
            db.activityCache[id] = nil
            return
        }
        entry.record = entry.record.updated(
            contentState: change.contentState, contentStateText: change.contentStateText, tags: tagsText,
            metadata: metadataText, updateID: change.updateID, timer: change.timer)
        db.activityCache[id] = entry
    }

    /// Active activities per device, for the concurrency limit.
    package func activeCounts(deviceIDs: [String]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for id in deviceIDs {
            counts[id] = Int(
                try db.scalarInt(
                    """
                    SELECT COUNT(*) FROM activity_devices ad JOIN activities a ON a.id = ad.activity_id
                    WHERE ad.device_id = ? AND a.status = 'active'
                    """, .text(id)) ?? 0)
        }
        return counts
    }

    package func insertTarget(activityID: String, deviceID: String, registered: Bool, registerAt: Int64?, now: Int64) throws {
        try db.run(
            """
            INSERT INTO activity_devices (activity_id, device_id, token_state, register_at, registered_at)
            VALUES (?, ?, ?, ?, ?)
            """, .text(activityID), .text(deviceID), .text((registered ? TokenState.registered : .pending).rawValue),
            .optional(registerAt), registered ? .int(now) : .null)
        db.activityCache.forget(activityID)
    }

    private enum TargetColumn: String, ColumnSet {
        case deviceID = "ad.device_id"
        case userID = "d.user_id"
        case tokenState = "ad.token_state"
        case registerAt = "ad.register_at"
    }

    /// The activity's targeted devices with their token state, in device order.
    package func targets(activityID: String) throws -> [ActivityDevice] {
        try db.query(
            """
            SELECT \(TargetColumn.list) FROM activity_devices ad
            JOIN devices d ON d.id = ad.device_id WHERE ad.activity_id = ? ORDER BY ad.device_id
            """, .text(activityID)
        ) { row in
            typealias C = TargetColumn
            return ActivityDevice(
                deviceID: row.text(C.deviceID), userID: row.text(C.userID),
                registered: try row.known(C.tokenState, TokenState.self) == .registered, registerAt: row.optionalInt(C.registerAt))
        }
    }

    /// Records one delivered-or-queued update and returns its row id.
    package func insertUpdate(
        activityID: String, previous: Int64?, seq: Int64, kind: Phase, payload: String,
        notified: Int, queued: Int, now: Int64
    ) throws -> Int64 {
        try db.run(
            """
            INSERT INTO updates (activity_id, prev_id, seq, kind, payload, devices_notified, devices_queued, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, .text(activityID), .optional(previous), .int(seq), .text(kind.rawValue), .text(payload),
            .int(Int64(notified)), .int(Int64(queued)), .int(now))
        return db.lastInsertRowID
    }

    /// Columns of an activity's updates, oldest first, following the history chain.
    package static let historyCTE = """
        WITH RECURSIVE history(id) AS (
            SELECT last_update_id FROM activities WHERE id = ?1
            UNION ALL SELECT u.prev_id FROM updates u JOIN history h ON u.id = h.id WHERE u.prev_id IS NOT NULL)
        """
}
