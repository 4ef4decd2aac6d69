import APIModel

/// Per-activity push tokens of the simulated devices, and the queue that waits for them.
extension Database {
    /// Starts token tracking for a device targeted by a new activity, per its behaviour.
    package func trackToken(activityID: String, device: DeviceRecord, now: Int64) throws {
        switch device.tokenBehavior {
        case .immediate:
            try insertActivityDevice(activityID: activityID, deviceID: device.id, registered: true, registerAt: nil, now: now)
        case .afterDelay where device.tokenDelayMillis <= 0:
            try insertActivityDevice(activityID: activityID, deviceID: device.id, registered: true, registerAt: nil, now: now)
        case .afterDelay:
            try insertActivityDevice(activityID: activityID, deviceID: device.id, registered: false,
                                     registerAt: now + device.tokenDelayMillis, now: now)
        case .manual, .never:
            try insertActivityDevice(activityID: activityID, deviceID: device.id, registered: false, registerAt: nil, now: now)
        }
    }

    /// Registers every delayed token whose time has come (lazily, when the activity is next touched).
    package func registerDueTokens(activityID: String, now: Int64) throws {
        let due = try query("""
            SELECT device_id, register_at FROM activity_devices
            WHERE activity_id = ? AND token_state = 'pending' AND register_at IS NOT NULL AND register_at <= ?
            """, .text(activityID), .int(now)) { ($0.text(0), $0.int(1)) }
        for (deviceID, at) in due {
            _ = try registerToken(activityID: activityID, deviceID: deviceID, at: at)
        }
    }

    /// Registers one device's token for an activity and delivers its queued updates in order.
    /// Returns how many queued updates were delivered (0 if the token was already registered).
    package func registerToken(activityID: String, deviceID: String, at time: Int64) throws -> Int {
        try run("""
            UPDATE activity_devices SET token_state = 'registered', registered_at = ?
            WHERE activity_id = ? AND device_id = ? AND token_state = 'pending'
            """, .int(time), .text(activityID), .text(deviceID))
        guard changes > 0 else { return 0 }
        activityCache.forget(activityID)
        try run("""
            UPDATE deliveries SET state = 'delivered', delivered_at = ?
            WHERE activity_id = ? AND device_id = ? AND state = 'queued'
            """, .int(time), .text(activityID), .text(deviceID))
        return changes
    }

    /// The activity's devices and token states at `now`: from the cache while no delayed token
    /// has come due, else registering the due ones and reading them back.
    private func deliveryTargets(activity: ActivityRecord, now: Int64) throws -> [ActivityDevice] {
        if let entry = activityCache[activity.id], let devices = entry.devices, (entry.nextTokenDue ?? .max) > now {
            return devices
        }
        try registerDueTokens(activityID: activity.id, now: now)
        let devices = try activityDevices(activityID: activity.id)
        let nextDue = devices.filter { !$0.registered }.compactMap(\.registerAt).min()
        // `activity` was read in this job and registering tokens does not touch its row.
        activityCache[activity.id] = ActivityCache.Entry(record: activity, devices: devices, nextTokenDue: nextDue)
        return devices
    }

    /// Records an update or end: devices with a registered token get it now (no row: they receive
    /// every update live), the others get a queued row that turns delivered when their token
    /// registers. Returns (notified, queued).
    package func deliver(activity: ActivityRecord, kind: Phase, payload: String, now: Int64) throws -> (notified: Int, queued: Int, updateID: Int64) {
        let targets = try deliveryTargets(activity: activity, now: now)
        let notified = targets.filter(\.registered).count
        let updateID = try insertUpdate(activityID: activity.id, previous: activity.lastUpdateID, seq: activity.updateCount + 1,
                                        kind: kind, payload: payload, notified: notified, queued: targets.count - notified, now: now)
        for target in targets where !target.registered {
            try insertQueuedDelivery(updateID: updateID, activityID: activity.id, deviceID: target.deviceID)
        }
        return (notified, targets.count - notified, updateID)
    }
}
