import XCTest
import Foundation
import TestSupport
import Locking
import HTTPKit
import MockStore
@testable import MockServer

/// The journal's groups: committed by the store's tick, or as soon as one holds
/// `Journal.groupLimit` entries, so no request waits behind a tick's worth of them.
final class JournalGroupTests: XCTestCase {
    func testAFullGroupIsCommittedWithoutWaitingForTheTick() throws {
        // A tick an hour away: whatever commits the group below is the group's own limit.
        let store = try Store(path: ":memory:", flushInterval: .seconds(3600))
        defer { store.close() }
        let journal = Journal(store: store, clock: MockClock(), retention: 1000, waiters: ChangeWaiters())
        let respond = Middleware.chain([journal.middleware]) { _, answer in answer(Response(status: 200)) }
        let post = { respond(Request(method: .post, target: "/api/push-notification")) { _ in } }

        for _ in 1..<Journal.groupLimit { post() }
        // Queued behind the group's write, so it runs in the same flush.
        let flushed = Locked(false)
        store.submitDeferred { _ in flushed.withLock { $0 = true } }
        XCTAssertFalse(flushed.withLock { $0 }, "nothing commits a group short of the limit before the tick")

        post()
        // The next batch takes the full group, even one that reads nothing deferred.
        try commitJob(store)
        XCTAssertTrue(flushed.withLock { $0 }, "the full group was not committed with the next batch")
        let rows = try store.read { try $0.scalarInt("SELECT COUNT(*) FROM journal") }
        XCTAssertEqual(rows, Int64(Journal.groupLimit))
    }

    func testFlushingSoonCommitsDeferredWritesBeforeTheTick() throws {
        let store = try Store(path: ":memory:", flushInterval: .seconds(3600))
        defer { store.close() }
        let ran = Locked(false)
        store.submitDeferred { _ in ran.withLock { $0 = true } }
        try commitJob(store)
        XCTAssertFalse(ran.withLock { $0 }, "a batch that reads nothing deferred leaves them for the tick")
        store.flushDeferredSoon()
        try commitJob(store)
        XCTAssertTrue(ran.withLock { $0 }, "the deferred write waited for the tick")
    }

    /// Commits a job that reads nothing deferred, and waits for it.
    private func commitJob(_ store: Store) throws {
        try store.write(readsDeferred: false) { try $0.run("INSERT INTO accounts (id, name) VALUES (?, 'j')", .text(UUID().uuidString)) }
    }
}
