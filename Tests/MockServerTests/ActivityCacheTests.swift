import XCTest
import TestSupport
@testable import MockServer
@testable import MockStore
import APIModel

/// The writer's activity cache never answers with something the database does not hold.
final class ActivityCacheTests: XCTestCase {
    private func storeWithActivity() throws -> (Store, String) {
        let store = try openStore()
        let fixtures = try FixtureSet.decode(PackageResources.default_json)
        let id = "cache-test-activity"
        try store.write { db in
            try FixtureLoader.apply(fixtures, to: db, now: 1000)
            var state = try ContentState.decode(
                try JSONParser.parse(
                    #"{"title":"t","number_of_steps":3,"current_step":1,"type":"segmented_progress"}"#), path: "s", phase: .start)
            state.type = .segmentedProgress
            _ = try ActivityLifecycle.start(
                db, id: id, account: "acme", state: state, action: nil, secondaryAction: nil,
                tags: nil, metadata: nil, streamKey: nil, devices: try db.devices.list(account: "acme"), now: 1000)
        }
        return (store, id)
    }

    /// One update through the same path as the API; returns (notified, queued).
    private func update(_ store: Store, _ id: String, step: Int, now: Int64, thenFail: Bool = false) throws -> (Int, Int) {
        struct Boom: Error {}
        return try store.write { db in
            let activity = try XCTUnwrap(try db.activities.get(id: id))
            let change = try ChangeRequest.decode(
                Array(#"{"activity_id":"\#(id)","content_state":{"title":"t","current_step":\#(step)}}"#.utf8), phase: .update)
            let state = try change.validated(against: activity.stored)
            let counts = try ActivityLifecycle.change(
                db, activity: activity, phase: .update, state: state, sent: change.contentState, action: nil,
                secondaryAction: nil, tags: nil, metadata: nil, now: now)
            if thenFail { throw Boom() }
            return counts
        }
    }

    func testWritesOutsideTheUpdatePathAreSeenByTheNextUpdate() throws {
        let (store, id) = try storeWithActivity()
        // lab-ipad's token is manual: queued until registered.
        XCTAssertEqual(try update(store, id, step: 2, now: 2000).1, 1)
        XCTAssertEqual(try update(store, id, step: 3, now: 3000).1, 1)  // served from the cache
        try store.write { db in _ = try db.activities.registerToken(activityID: id, deviceID: "lab-ipad", at: 3500) }
        let (notified, queued) = try update(store, id, step: 2, now: 4000)
        XCTAssertEqual(queued, 0)
        XCTAssertEqual(notified, 3)
        let count = try store.read { db in try db.scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(id)) }
        XCTAssertEqual(try store.read { try $0.activities.get(id: id)?.updateCount }, count)
    }

    func testARolledBackUpdateLeavesNoTraceInTheCache() throws {
        let (store, id) = try storeWithActivity()
        _ = try update(store, id, step: 2, now: 2000)
        XCTAssertThrowsError(try update(store, id, step: 3, now: 3000, thenFail: true))
        let cached = try store.read { try XCTUnwrap(try $0.activities.get(id: id)) }
        let stored = try store.read { db in
            try db.query("SELECT update_count, content_state FROM activities WHERE id = ?", .text(id)) { ($0.int(0), $0.text(1)) }.first
        }
        XCTAssertEqual(cached.updateCount, stored?.0)
        XCTAssertEqual(cached.contentState, stored?.1)
        XCTAssertTrue(cached.contentState.contains(#""current_step":2"#), cached.contentState)
    }

    func testADelayedTokenComingDueIsNoticedWithoutAnyWrite() throws {
        let (store, id) = try storeWithActivity()
        try store.write { db in
            try db.run("UPDATE activity_devices SET token_state = 'pending', register_at = 5000 WHERE activity_id = ? AND device_id = 'eve-iphone'", .text(id))
            db.activityCache.clear()  // raw SQL is no named operation: it says nothing to the cache
        }
        XCTAssertEqual(try update(store, id, step: 2, now: 4000).1, 2)  // eve waits, lab-ipad waits
        XCTAssertEqual(try update(store, id, step: 3, now: 6000).1, 1)  // eve's token came due
    }
}

extension ActivityCacheTests {
    /// The table operations say what they change: each one that writes an activity's row or its
    /// devices drops what the cache holds for it (devices: everything).
    func testNamedOperationsForgetWhatTheyChange() throws {
        let (store, id) = try storeWithActivity()
        let operations: [(String, (Database) throws -> Void)] = [
            ("registerToken", { _ = try $0.activities.registerToken(activityID: id, deviceID: "lab-ipad", at: 2500) }),
            ("setLastUpdate", { db in try db.activities.setLastUpdate(activityID: id, updateID: try XCTUnwrap(db.activities.get(id: id)?.lastUpdateID)) }),
            ("updateDevice", { try $0.devices.update(id: "eve-iphone", DeviceTable.DevicePatch()) }),
            ("deleteDevice", { try $0.devices.delete(id: "no-such-device") }),
            ("exec", { try $0.exec("SELECT 1") })
        ]
        for (name, operation) in operations {
            _ = try update(store, id, step: 2, now: 2000)
            let cached = try store.read { db in db.activityCache[id] != nil }
            XCTAssertTrue(cached, "\(name): the update left an entry")
            let after = try store.write { db -> Bool in
                try operation(db)
                return db.activityCache[id] != nil
            }
            XCTAssertFalse(after, "\(name) forgets the activity")
        }
        // Writing a row that no entry holds keeps the others.
        _ = try update(store, id, step: 2, now: 3000)
        let kept = try store.write { db -> Bool in
            try db.metrics.insertValue(account: "acme", key: "prod.status", value: "OK", measuredAt: 1, now: 1)
            return db.activityCache[id] != nil
        }
        XCTAssertTrue(kept)
    }
}
