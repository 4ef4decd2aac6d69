import APIModel
import MockStore

/// Writes a fixture set into the store: upserts accounts, keys, channels, users and devices
/// (so a restart never duplicates them) and starts fixture activities only if they are absent
/// (so their history survives restarts).
enum FixtureLoader {
    static func apply(_ fixtures: FixtureSet, to db: Database, now: Int64) throws {
        for account in fixtures.accounts {
            try db.run("""
                INSERT INTO accounts (id, name, billing_state, rate_limit) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, billing_state = excluded.billing_state,
                    rate_limit = excluded.rate_limit
                """, .text(account.id), .text(account.name), .optional(account.billingState),
                .optional(account.rateLimit.map(Int64.init)))
            for metric in account.metrics {
                try db.run("""
                    INSERT INTO metrics (account_id, key, name) VALUES (?, ?, ?)
                    ON CONFLICT(account_id, key) DO UPDATE SET name = excluded.name
                    """, .text(account.id), .text(metric.key), .optional(metric.name))
            }
            for key in account.keys {
                try db.run("""
                    INSERT INTO api_keys (key, account_id, scope, channels) VALUES (?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET account_id = excluded.account_id, scope = excluded.scope,
                        channels = excluded.channels
                    """, .text(key.key), .text(account.id), .text(key.scope.rawValue), .text(StringList.encode(key.channels)))
            }
            for slug in account.channels {
                try db.run("INSERT OR IGNORE INTO channels (account_id, slug) VALUES (?, ?)", .text(account.id), .text(slug))
            }
            for user in account.users {
                try db.run("INSERT OR IGNORE INTO users (account_id, id) VALUES (?, ?)", .text(account.id), .text(user))
            }
            for device in account.devices {
                try db.run("""
                    INSERT INTO devices (id, account_id, user_id, name, channels, token_behavior, token_delay_ms, online, registered)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, user_id = excluded.user_id,
                        name = excluded.name, channels = excluded.channels, token_behavior = excluded.token_behavior,
                        token_delay_ms = excluded.token_delay_ms, online = excluded.online, registered = excluded.registered
                    """, .text(device.id), .text(account.id), .text(device.userID), .optional(device.name),
                    .text(StringList.encode(device.channels)), .text(device.tokenBehavior.rawValue),
                    .int(device.tokenDelayMillis), .int(device.online ? 1 : 0), .int(device.registered ? 1 : 0))
            }
            for activity in account.activities where try db.activity(id: activity.id) == nil {
                try startFixtureActivity(activity, account: account, db: db, now: now)
            }
        }
    }

    private static func startFixtureActivity(_ activity: FixtureSet.Activity, account: FixtureSet.Account,
                                             db: Database, now: Int64) throws {
        let targeted = account.devices.filter { activity.devices.contains($0.id) }
        guard targeted.count == activity.devices.count else {
            throw APIError.invalid("fixture activity \(activity.id) names a device that account \(account.id) does not have")
        }
        _ = try ActivityLifecycle.start(db, id: activity.id, account: account.id, state: activity.contentState, action: nil,
                                        secondaryAction: nil, tags: nil, metadata: nil, streamKey: activity.streamKey,
                                        devices: targeted, now: now)
    }

    /// Empties every table (for `--reset`), children first.
    static func wipe(_ db: Database) throws {
        for table in ["paused_streams", "deliveries", "updates", "activity_devices", "activities", "notification_deliveries", "notifications",
                      "metric_values", "metrics", "badge_updates", "devices", "users", "channels", "api_keys", "accounts"] {
            try db.exec("DELETE FROM \(table)")
        }
    }
}
