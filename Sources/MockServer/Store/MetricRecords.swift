import APIModel

extension Database {
    func metricExists(account: String, key: String) throws -> Bool {
        try scalarInt("SELECT COUNT(*) FROM metrics WHERE account_id = ? AND key = ?", .text(account), .text(key)) ?? 0 > 0
    }

    func insertMetricValue(account: String, key: String, value: JSONValue, measuredAt: Int64, now: Int64) throws {
        try run("INSERT INTO metric_values (account_id, key, value, measured_at, received_at) VALUES (?, ?, ?, ?, ?)",
                .text(account), .text(key), .text(JSONWriter.string(value)), .int(measuredAt), .int(now))
    }

    func insertBadgeUpdate(account: String, badge: Int64, devices: [String], now: Int64) throws {
        try run("INSERT INTO badge_updates (account_id, badge, devices, created_at) VALUES (?, ?, ?, ?)",
                .text(account), .int(badge), .text(StringList.encode(devices)), .int(now))
    }
}
