/// The tables of this connection, one struct per aggregate: each is a view over the connection
/// (it holds no state of its own), made where it is used (`db.activities.get(id:)`).
extension Database {
    /// Live Activities: rows, updates, targeted devices and their tokens, the read models.
    package var activities: ActivityTable { ActivityTable(db: self) }
    /// Simulated devices: created, changed, read; what each holds; its badge.
    package var devices: DeviceTable { DeviceTable(db: self) }
    /// Accounts with their limits, the keys that act for them, their users.
    package var accounts: AccountTable { AccountTable(db: self) }
    /// Fixture sets written (upserts) and read back; wiping.
    package var fixtures: FixtureTable { FixtureTable(db: self) }
    /// The request journal.
    package var journal: JournalTable { JournalTable(db: self) }
    /// Taps, and what a device received that can be tapped.
    package var taps: TapTable { TapTable(db: self) }
    /// Webhook deliveries.
    package var deliveries: DeliveryTable { DeliveryTable(db: self) }
    /// Push notifications, each revision and who received it.
    package var notifications: NotificationTable { NotificationTable(db: self) }
    /// Widget metrics and their values.
    package var metrics: MetricTable { MetricTable(db: self) }
    /// Channels as MCP manages them.
    package var channels: ChannelTable { ChannelTable(db: self) }
    /// API keys as MCP manages them.
    package var keys: KeyTable { KeyTable(db: self) }
    /// Stream keys: their newest activity, whether paused.
    package var streams: StreamTable { StreamTable(db: self) }
}
