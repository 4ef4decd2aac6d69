import APIModel
import MockStore

/// Delivery policy: a device receives a Live Activity's updates once its per-activity push token
/// is registered: at once (`immediate`), after its delay, when the control plane registers it
/// (`manual`), or never. Until then each update waits in its queue, and registering delivers the
/// queue in order.
enum TokenDelivery {
    /// Starts token tracking for a device targeted by a new activity, per its behaviour.
    static func track(_ db: Database, activityID: String, device: DeviceRecord, now: Int64) throws {
        switch device.tokenBehavior {
        case .immediate:
            try db.activities.insertTarget(activityID: activityID, deviceID: device.id, registered: true, registerAt: nil, now: now)
        case .afterDelay where device.tokenDelayMillis <= 0:
            try db.activities.insertTarget(activityID: activityID, deviceID: device.id, registered: true, registerAt: nil, now: now)
        case .afterDelay:
            try db.activities.insertTarget(
                activityID: activityID, deviceID: device.id, registered: false,
                registerAt: now + device.tokenDelayMillis, now: now)
        case .manual, .never:
            try db.activities.insertTarget(activityID: activityID, deviceID: device.id, registered: false, registerAt: nil, now: now)
        }
    }

    /// The activity's devices and token states at `now`: delayed tokens that came due register
    /// first (lazily: when the activity is next touched).
    static func targets(_ db: Database, activity: ActivityRecord, now: Int64) throws -> [ActivityDevice] {
        if let cached = db.activities.cachedTargets(activityID: activity.id, now: now) { return cached }
        for due in try db.activities.dueTokens(activityID: activity.id, now: now) {
            _ = try db.activities.registerToken(activityID: activity.id, deviceID: due.deviceID, at: due.at)
        }
        let devices = try db.activities.targets(activityID: activity.id)
        // Registering tokens does not touch the activity's row, read in this job.
        db.activities.cacheTargets(activity: activity, devices: devices, nextTokenDue: devices.filter { !$0.registered }.compactMap(\.registerAt).min())
        return devices
    }

    /// Records an update or end: devices with a registered token get it now, the others wait for
    /// it (what waits needs no row of its own: a pending token has waited for every change since
    /// the start, see migration 10). Returns (notified, queued, the update's id).
    static func deliver(
        _ db: Database, activity: ActivityRecord, kind: Phase, payload: String,
        now: Int64
    ) throws -> (notified: Int, queued: Int, updateID: Int64) {
        let targets = try targets(db, activity: activity, now: now)
        let notified = targets.filter(\.registered).count
        let updateID = try db.activities.insertUpdate(
            activityID: activity.id, previous: activity.lastUpdateID, seq: activity.updateCount + 1,
            kind: kind, payload: payload, notified: notified, queued: targets.count - notified, now: now)
        return (notified, targets.count - notified, updateID)
    }
}
