import APIModel

/// Writing a fixture set (upserts, so a restart never duplicates anything), wiping, and reading
/// the store back in the fixture format's terms.
package struct FixtureTable {
    let db: Database

    package func upsertAccount(id: String, name: String, billing: BillingState?, rateLimit: Int?) throws {
        try db.run(
            """
            INSERT INTO accounts (id, name, billing_state, rate_limit) VALUES (?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, billing_state = excluded.billing_state,
                rate_limit = excluded.rate_limit
            """, .text(id), .text(name), .optional(billing?.rawValue), .optional(rateLimit.map(Int64.init)))
    }

    package func upsertMetric(account: String, key: String, name: String?) throws {
        try db.run(
            """
            INSERT INTO metrics (account_id, key, name) VALUES (?, ?, ?)
            ON CONFLICT(account_id, key) DO UPDATE SET name = excluded.name
            """, .text(account), .text(key), .optional(name))
    }

    package func upsertKey(_ key: APIKeyRecord) throws {
        try db.run(
            """
            INSERT INTO api_keys (key, account_id, scope, channels) VALUES (?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET account_id = excluded.account_id, scope = excluded.scope,
                channels = excluded.channels
            """, .text(key.key), .text(key.accountID), .text(key.scope.rawValue), .text(StringList.encode(key.channels)))
        try db.run("UPDATE api_keys SET id = 'key_' || rowid WHERE id IS NULL")
    }

    package func addChannel(account: String, slug: String) throws {
        try db.run("INSERT OR IGNORE INTO channels (account_id, slug) VALUES (?, ?)", .text(account), .text(slug))
    }

    package func addUser(account: String, id: String) throws {
        try db.run("INSERT OR IGNORE INTO users (account_id, id) VALUES (?, ?)", .text(account), .text(id))
    }

    package func upsertDevice(_ device: DeviceRecord) throws {
        try db.run(
            """
            INSERT INTO devices (id, account_id, user_id, name, channels, token_behavior, token_delay_ms, online, registered)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, user_id = excluded.user_id,
                name = excluded.name, channels = excluded.channels, token_behavior = excluded.token_behavior,
                token_delay_ms = excluded.token_delay_ms, online = excluded.online, registered = excluded.registered
            """, .text(device.id), .text(device.accountID), .text(device.userID), .optional(device.name),
            .text(StringList.encode(device.channels)), .text(device.tokenBehavior.rawValue),
            .int(device.tokenDelayMillis), .int(device.online ? 1 : 0), .int(device.registered ? 1 : 0))
        db.activityCache.clear()
    }

    /// Empties every table (for `--reset` and `POST /_mock/reset`), children first.
    package func wipe() throws {
        for table in [
            "paused_streams", "updates", "activity_devices", "activities", "notification_deliveries",
            "notifications", "metric_values", "metrics", "badge_updates", "devices", "users", "channels",
            "api_keys", "accounts", "taps", "webhook_deliveries"
        ] {
            try db.exec("DELETE FROM \(table)")
        }
    }

    package func channelSlugs(account: String) throws -> [String] {
        try db.query("SELECT slug FROM channels WHERE account_id = ? ORDER BY slug", .text(account)) { $0.text(0) }
    }

    package func users(account: String) throws -> [String] {
        try db.query("SELECT id FROM users WHERE account_id = ? ORDER BY id", .text(account)) { $0.text(0) }
    }

    package func metricDefinitions(account: String) throws -> [(key: String, name: String?)] {
        try db.query("SELECT \(MetricColumn.list) FROM metrics WHERE account_id = ? ORDER BY key", .text(account)) {
            ($0.text(MetricColumn.key), $0.optionalText(MetricColumn.name))
        }
    }

    /// An active activity as a fixture entry would start it again.
    package struct ActiveActivityRow: Sendable {
        package let id: String
        package let contentState: String
        package let streamKey: String?
        /// Targeted devices that still exist, sorted.
        package let devices: [String]
    }

    private enum MetricColumn: String, ColumnSet { case key, name }

    private enum ActiveColumn: String, ColumnSet {
        case id = "a.id"
        case contentState = "a.content_state"
        case streamKey = "a.stream_key"
        /// The activity's devices of its own account, separated by U+001F.
        case devices = """
            (SELECT group_concat(ad.device_id, char(31)) FROM activity_devices ad JOIN devices d ON d.id = ad.device_id
             WHERE ad.activity_id = a.id AND d.account_id = a.account_id)
            """
    }

    package func activeActivities(account: String) throws -> [ActiveActivityRow] {
        try db.query(
            """
            SELECT \(ActiveColumn.list)
            FROM activities a WHERE a.account_id = ? AND a.status = 'active' ORDER BY a.created_at, a.rowid
            """, .text(account)
        ) { row in
            ActiveActivityRow(
                id: row.text(ActiveColumn.id), contentState: row.text(ActiveColumn.contentState), streamKey: row.optionalText(ActiveColumn.streamKey),
                devices: (row.optionalText(ActiveColumn.devices) ?? "").split(separator: "\u{1F}").map(String.init).sorted())
        }
    }
}
