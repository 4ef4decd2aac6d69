import XCTest
import TestSupport
import Foundation
import Dispatch
@testable import MockStore
import CSQLite

/// The writer: jobs run inline or on the writer thread, nested writes, and the WAL's size.
final class StoreWriterTests: XCTestCase {
    func testConcurrentWritersAndNestedWritesAllCommit() throws {
        let store = try openStore()
        let group = DispatchGroup()
        for thread in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for i in 0..<200 {
                    try? store.write { db in
                        try db.run("INSERT INTO accounts (id, name) VALUES (?, 'a')", .text("t\(thread)-\(i)"))
                        if i.isMultiple(of: 50) {
                            // A job that writes again runs inside its own batch instead of waiting for it.
                            try store.write { try $0.run("INSERT INTO accounts (id, name) VALUES (?, 'n')", .text("n\(thread)-\(i)")) }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success, "writers did not finish (deadlock?)")
        XCTAssertEqual(try store.read { try $0.scalarInt("SELECT COUNT(*) FROM accounts") }, Int64(8 * 200 + 8 * 4))
    }

    /// One MCP request or control call is one job; a part of it that fails leaves nothing behind,
    /// and the rest of the job commits.
    func testAPartThatThrowsIsUndoneAloneInsideItsJob() throws {
        let store = try openStore()
        struct Refused: Error {}
        try store.write { db in
            try db.run("INSERT INTO accounts (id, name) VALUES ('kept-before', 'a')")
            XCTAssertThrowsError(
                try db.atomically { db in
                    try db.run("INSERT INTO accounts (id, name) VALUES ('undone', 'a')")
                    throw Refused()
                })
            let inner = try db.atomically { db in
                try db.run("INSERT INTO accounts (id, name) VALUES ('kept-inside', 'a')")
                return 7
            }
            XCTAssertEqual(inner, 7)
        }
        let ids = try store.read { try $0.query("SELECT id FROM accounts ORDER BY id") { $0.text(0) } }
        XCTAssertEqual(ids, ["kept-before", "kept-inside"])
    }

    /// One client at a time (a test suite) never waits for the writer thread: each job runs on
    /// the caller's thread, alone in its transaction; one that throws leaves nothing behind and
    /// the next commits as usual.
    func testASequentialCallerRunsEachJobItselfAndAFailureLeavesNoTrace() throws {
        let path = TemporaryDatabase.path()
        defer { TemporaryDatabase.remove(path) }
        let store = try openStore(path)
        defer { store.close() }
        struct Refused: Error {}
        var inline = 0
        for i in 0..<40 {
            let caller = pthread_self()
            nonisolated(unsafe) var ranHere = false
            nonisolated(unsafe) var outcome: Result<Int, Error>?
            store.submit({ db -> Int in
                ranHere = pthread_equal(pthread_self(), caller) != 0
                try db.run("INSERT INTO accounts (id, name) VALUES (?, 'a')", .text("a\(i)"))
                if i.isMultiple(of: 3) { throw Refused() }
                return i
            }) { outcome = $0 }
            // Run inline, the job has completed by the time submit returns.
            XCTAssertNotNil(outcome, "job \(i) did not complete on the caller's thread")
            if i.isMultiple(of: 3) { XCTAssertThrowsError(try outcome?.get()) } else { XCTAssertEqual(try outcome?.get(), i) }
            if ranHere { inline += 1 }
        }
        XCTAssertEqual(inline, 40)
        let ids = try store.read { try $0.query("SELECT id FROM accounts WHERE id LIKE 'a%'") { $0.text(0) } }
        XCTAssertEqual(Set(ids), Set((0..<40).filter { !$0.isMultiple(of: 3) }.map { "a\($0)" }))
    }

    /// The asynchronous snapshot answers without anyone waiting, and sees what was committed.
    func testAsynchronousSnapshotSeesCommittedWrites() throws {
        let store = try openStore()
        try store.write { try $0.run("INSERT INTO accounts (id, name) VALUES ('a', 'a')") }
        let answered = expectation(description: "snapshot")
        store.snapshot(includingDeferred: true, { try $0.scalarInt("SELECT COUNT(*) FROM accounts") }) { result in
            XCTAssertEqual(try? result.get(), 1)
            answered.fulfill()
        }
        wait(for: [answered], timeout: 10)
    }

    func testCheckpointsReachTheFileAndTheWALRewindsUnderSteadyWrites() throws {
        let path = TemporaryDatabase.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try openStore(path)
        let filler = String(repeating: "x", count: 1500)  // a new page every other commit
        let size = { (file: String) in ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? Int) ?? 0 }
        // Steady writes, no pause (SQLite alone would never rewind the log), until the first
        // rewind; the cap only bounds a failing run.
        var commits = 0
        var rewound = false
        while !rewound && commits < 30_000 {
            try store.write { try $0.run("INSERT INTO accounts (id, name) VALUES (?, ?)", .text("\(commits)"), .text(filler)) }
            commits += 1
            if commits.isMultiple(of: 500) { rewound = store.walRewinds > 0 }
        }
        // The log went back to its start (so its file stops growing)...
        XCTAssertTrue(rewound, "no rewind after \(commits) commits")
        // ...and checkpoints copied the pages into the database file, each background pass
        // syncing what it copied (so the writer's final copy has little left to sync).
        XCTAssertGreaterThan(size(path), commits / 4 * 1500)
        XCTAssertGreaterThan(store.walDatabaseSyncs, 0)
        store.close()
    }

    func testADeferredWriteThatFailsCostsOnlyItself() throws {
        let store = try openStore()
        // Deferred writes share one savepoint; a failing one makes them run one by one instead.
        for id in ["d1", "d2", "d3"] {
            store.submitDeferred { try $0.run("INSERT INTO accounts (id, name) VALUES (?, 'a')", .text(id)) }
            if id == "d2" { store.submitDeferred { try $0.run("INSERT INTO no_such_table VALUES (1)") } }
        }
        store.submitDeferred { try $0.run("INSERT INTO accounts (id, name) VALUES ('d1', 'again')") }  // a duplicate key
        // A read takes the deferred writes into its batch first.
        let ids = try store.read { try $0.query("SELECT id || name FROM accounts ORDER BY id") { $0.text(0) } }
        XCTAssertEqual(ids, ["d1a", "d2a", "d3a"])
        store.close()
    }

    func testSQLiteKeepsNoMemoryStatistics() throws {
        // Their global mutex was taken on every allocation (~150 per update); see csqlite_configure_process.
        let store = try openStore()
        try store.write { try $0.run("INSERT INTO accounts (id, name) VALUES ('m', 'm')") }
        XCTAssertEqual(sqlite3_memory_used(), 0)
        store.close()
    }

    func testClosingEmptiesTheWAL() throws {
        let path = TemporaryDatabase.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try openStore(path)
        for i in 0..<50 { try store.write { try $0.run("INSERT INTO accounts (id, name) VALUES (?, 'a')", .text("\(i)")) } }
        store.close()
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size]) as? Int ?? 0
        XCTAssertEqual(wal, 0, "everything is in the database file after close")
        let reopened = try openStore(path)
        XCTAssertEqual(try reopened.read { try $0.scalarInt("SELECT COUNT(*) FROM accounts") }, 50)
        reopened.close()
    }
}
