import XCTest
import TestSupport
import Foundation
import Dispatch
@testable import MockStore

/// Snapshot reads run on connections of their own: they see the last commit, including the
/// writes still waiting to be committed when they start, and a long one never holds the writer.
final class ReaderPoolTests: XCTestCase {
    var path = ""
    var store: Store!

    override func setUpWithError() throws {
        path = TemporaryDatabase.path()
        store = try openStore(path)
    }

    override func tearDown() {
        store.close()
        // XCTest keeps each test case until the run ends: let go of the store and its descriptors.
        store = nil
        TemporaryDatabase.remove(path)
    }

    func testASnapshotSeesWhatWasCommittedAndWhatWaited() throws {
        try store.write { try $0.exec("CREATE TABLE t (n INTEGER)") }
        try store.write { try $0.run("INSERT INTO t VALUES (1)") }
        store.submitDeferred { try $0.run("INSERT INTO t VALUES (2)") }
        let count = try store.snapshot(includingDeferred: true) { try $0.scalarInt("SELECT COUNT(*) FROM t") }
        XCTAssertEqual(count, 2, "the deferred write is committed before the snapshot reads")
    }

    func testALongSnapshotDoesNotHoldTheWriter() throws {
        try store.write { try $0.exec("CREATE TABLE t (n INTEGER)") }
        let reading = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let store = self.store!
        DispatchQueue.global().async {
            _ = try? store.snapshot { db -> Int64? in
                reading.signal()
                release.wait()  // the reader holds its connection and its transaction
                return try db.scalarInt("SELECT COUNT(*) FROM t")
            }
            done.signal()
        }
        reading.wait()
        // While the reader sits in its transaction, the writer commits (waited for with a bound,
        // so a regression fails here instead of hanging the suite).
        let written = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? store.write { try $0.run("INSERT INTO t VALUES (1)") }
            written.signal()
        }
        let outcome = written.wait(timeout: .now() + .seconds(5))
        XCTAssertEqual(outcome, .success, "the write waited for the reader")
        release.signal()
        done.wait()
        XCTAssertEqual(try store.read { try $0.scalarInt("SELECT COUNT(*) FROM t") }, 1)
    }

    func testAFileStoreHasItsFileAloneAndItsReadersShareTheIndexInMemory() throws {
        XCTAssertEqual(store.locking, .processExclusive, "nobody else had the file open")
        try store.write { try $0.exec("CREATE TABLE t (n INTEGER)") }
        try store.write { try $0.run("INSERT INTO t VALUES (7)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-shm"), "the WAL index is in memory")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"))
        let seen = try store.snapshot { try $0.scalarInt("SELECT n FROM t") }
        XCTAssertEqual(seen, 7, "a reader's connection sees the writer's commit")
        XCTAssertThrowsError(try store.snapshot { try $0.run("INSERT INTO t VALUES (8)") }, "a reader cannot write")
    }

    func testAnInMemoryStoreReadsThroughTheWriter() throws {
        let memory = try openStore()
        defer { memory.close() }
        try memory.write { try $0.exec("CREATE TABLE t (n INTEGER)") }
        XCTAssertEqual(try memory.snapshot { try $0.scalarInt("SELECT COUNT(*) FROM t") }, 0)
    }
}
