import APIModel
import MockStore

/// Writes a fixture set into the store: upserts accounts, keys, channels, users and devices
/// (so a restart never duplicates them) and starts fixture activities only if they are absent
/// (so their history survives restarts).
enum FixtureLoader {
    static func apply(_ fixtures: FixtureSet, to db: Database, now: Int64) throws {
        for account in fixtures.accounts {
            try db.fixtures.upsertAccount(id: account.id, name: account.name, billing: account.billing, rateLimit: account.rateLimit)
            for metric in account.metrics { try db.fixtures.upsertMetric(account: account.id, key: metric.key, name: metric.name) }
            for key in account.keys { try db.fixtures.upsertKey(key) }
            for slug in account.channels { try db.fixtures.addChannel(account: account.id, slug: slug) }
            for user in account.users { try db.fixtures.addUser(account: account.id, id: user) }
            for device in account.devices { try db.fixtures.upsertDevice(device) }
            for activity in account.activities where try db.activities.get(id: activity.id) == nil {
                try startFixtureActivity(activity, account: account, db: db, now: now)
            }
        }
    }

    private static func startFixtureActivity(
        _ activity: FixtureSet.Activity, account: FixtureSet.Account,
        db: Database, now: Int64
    ) throws {
        let targeted = account.devices.filter { activity.devices.contains($0.id) }
        guard targeted.count == activity.devices.count else {
            throw APIError.invalid("fixture activity \(activity.id) names a device that account \(account.id) does not have")
        }
        _ = try ActivityLifecycle.start(
            db, id: activity.id, account: account.id, state: activity.contentState, action: nil,
            secondaryAction: nil, tags: nil, metadata: nil, streamKey: activity.streamKey,
            devices: targeted, now: now)
    }

}
