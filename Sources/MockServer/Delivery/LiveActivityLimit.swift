import APIModel
import MockStore

/// At most N concurrent Live Activities per targeted device (iOS's limit, 4 by default).
enum LiveActivityLimit {
    static func check(_ db: Database, devices: [DeviceRecord], limit: Int) throws {
        guard limit > 0 else { return }
        let counts = try db.activities.activeCounts(deviceIDs: devices.map(\.id))
        let blocked = devices.filter { (counts[$0.id] ?? 0) >= limit }
        guard !blocked.isEmpty else { return }
        var extra: [(String, JSONValue)] = [
            ("limit", .int(Int64(limit))),
            ("active", .int(Int64(counts.values.max() ?? 0)))
        ]
        if blocked.count < devices.count {
            extra.append(("blocked_devices", .int(Int64(blocked.count))))
            extra.append(("targeted_devices", .int(Int64(devices.count))))
        }
        throw APIError(
            status: 429, error: "Live Activity limit reached",
            message: "Only \(limit) concurrent Live Activities are allowed per device", extra: extra)
    }
}
