import APIModel

/// Per-activity push tokens of the simulated devices: storage only. What waits for a pending
/// token is derived, not stored (every change since the start; migration 10 dropped the table
/// that queued it). Which device is notified and which waits, and when a delayed token
/// registers, is delivery policy (`MockServer/Delivery/TokenDelivery.swift`).
extension ActivityTable {
    private enum DueColumn: String, ColumnSet {
        case deviceID = "device_id"
        case registerAt = "register_at"
    }

    /// The delayed tokens of an activity that are due at `now`: (device, when it became due).
    package func dueTokens(activityID: String, now: Int64) throws -> [(deviceID: String, at: Int64)] {
        try db.query(
            """
            SELECT \(DueColumn.list) FROM activity_devices
            WHERE activity_id = ? AND token_state = 'pending' AND register_at IS NOT NULL AND register_at <= ?
            """, .text(activityID), .int(now)
        ) { (deviceID: $0.text(DueColumn.deviceID), at: $0.int(DueColumn.registerAt)) }
    }

    /// Marks one device's token for an activity registered, which delivers what waited for it, in
    /// order: every change since the start (a token is pending from the start until it
    /// registers, once). Returns how many that was (0 if it was registered already).
    package func registerToken(activityID: String, deviceID: String, at time: Int64) throws -> Int {
        try db.run(
            """
            UPDATE activity_devices SET token_state = 'registered', registered_at = ?
            WHERE activity_id = ? AND device_id = ? AND token_state = 'pending'
            """, .int(time), .text(activityID), .text(deviceID))
        guard db.changes > 0 else { return 0 }
        db.activityCache.forget(activityID)
        return Int(try db.scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(activityID)) ?? 0)
    }

    /// The activity's devices and token states as last committed, if cached and no delayed token
    /// has come due since (`nextTokenDue`); nil when they must be read.
    package func cachedTargets(activityID: String, now: Int64) -> [ActivityDevice]? {
        guard let entry = db.activityCache[activityID], let devices = entry.devices, (entry.nextTokenDue ?? .max) > now else { return nil }
        return devices
    }

    /// Remembers an activity's devices (read in this job, like `activity`) until `nextTokenDue`.
    package func cacheTargets(activity: ActivityRecord, devices: [ActivityDevice], nextTokenDue: Int64?) {
        db.activityCache[activity.id] = ActivityCache.Entry(record: activity, devices: devices, nextTokenDue: nextTokenDue)
    }
}
