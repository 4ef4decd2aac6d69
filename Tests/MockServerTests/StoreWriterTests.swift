import XCTest
import Foundation
import Dispatch
@testable import MockServer

/// The writer: jobs run inline or on the writer thread, nested writes, and the WAL's size.
final class StoreWriterTests: XCTestCase {
    func testConcurrentWritersAndNestedWritesAllCommit() throws {
        let store = try Store(path: ":memory:")
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

    func testCheckpointsReachTheFileAndTheWALRewinds() throws {
        let path = MockFixture.temporaryDatabase()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try Store(path: path)
        let filler = String(repeating: "x", count: 1500)  // a new page every other commit
        let size = { (file: String) in ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? Int) ?? 0 }
        // Steady writes, no pause: SQLite alone would never rewind the log.
        var walEarly = 0
        let started = Date()
        var n = 0
        while Date().timeIntervalSince(started) < 2 {
            try store.write { try $0.run("INSERT INTO accounts (id, name) VALUES (?, ?)", .text("\(n)"), .text(filler)) }
            n += 1
            if walEarly == 0 && Date().timeIntervalSince(started) > 0.7 { walEarly = size(path + "-wal") }
        }
        // Background checkpoints copy pages into the database file while the server runs...
        XCTAssertGreaterThan(size(path), n / 2 * 1500)
        // ...and the log rewinds to its start: its file stops growing (without rewinds it doubles).
        XCTAssertGreaterThan(walEarly, 0)
        XCTAssertLessThan(size(path + "-wal"), walEarly * 3 / 2, "\(n) commits")
        store.close()
    }
}
