import XCTest
import TestSupport
@testable import MockStore

/// The journal's retention: a reader sees exactly the newest `retention` entries, while the rows
/// past it are deleted `journalSlack` at a time (so a commit under load does not touch the head
/// of the table every time).
final class JournalRetentionTests: XCTestCase {
    private func entry(_ n: Int) -> JournalEntry {
        JournalEntry(
            at: Int64(n), method: "POST", path: "/api/metrics/x/value", status: 200, keyID: nil, activityID: nil,
            requestBody: #"{"value":\#(n)}"#, responseBody: "{}", durationMicros: 1, fault: nil)
    }

    private func read(_ db: Database, retention: Int, limit: Int = 1000) throws -> [Int64] {
        let filter = JournalTable.JournalFilter(path: nil, method: nil, status: nil, activityID: nil, since: nil, limit: limit)
        return try db.journal.page(filter, retention: retention, preview: 100).records.map { $0.entry.at }
    }

    func testReadersSeeTheRetentionWhileTheDeleteWaitsForTheSlack() throws {
        let store = try openStore()
        let retention = 5
        let slack = Int(JournalTable.journalSlack)
        var appended = 0
        // One entry per flush, as at one connection, past two multiples of the slack.
        for n in 0..<(2 * slack + 40) {
            try store.write { try $0.journal.append([self.entry(n)], retention: retention) }
            appended += 1
            let (visible, rows) = try store.read { db in
                (try self.read(db, retention: retention), try db.scalarInt("SELECT COUNT(*) FROM journal") ?? 0)
            }
            XCTAssertEqual(visible, (max(0, appended - retention)..<appended).reversed().map(Int64.init), "after \(appended)")
            XCTAssertLessThanOrEqual(rows, Int64(retention + slack), "rows past the retention are bounded by the slack")
        }
        let rows = try store.read { try $0.scalarInt("SELECT COUNT(*) FROM journal") ?? 0 }
        XCTAssertGreaterThan(rows, Int64(retention), "the last rows past the retention wait for the next multiple")

        // An entry past the retention is gone for a reader, though its row is still there.
        let hidden = try store.read { try $0.scalarInt("SELECT MIN(id) FROM journal") ?? 0 }
        XCTAssertNil(try store.read { try $0.journal.entry(id: hidden, retention: retention) })
        let newest = try store.read { try $0.scalarInt("SELECT MAX(id) FROM journal") ?? 0 }
        XCTAssertEqual(try store.read { try $0.journal.entry(id: newest, retention: retention) }?.entry.at, Int64(appended - 1))

        // Clearing reports what a reader saw, and empties the table.
        XCTAssertEqual(try store.write { try $0.journal.clear(retention: retention) }, Int64(retention))
        XCTAssertEqual(try store.read { try $0.scalarInt("SELECT COUNT(*) FROM journal") }, 0)
    }

    func testALargeFlushAndASmallerRetentionCatchUp() throws {
        let store = try openStore()
        let slack = Int(JournalTable.journalSlack)
        // A flush larger than the slack always crosses a multiple: the table ends within it.
        try store.write { db in try db.journal.append((0..<(3 * slack)).map(self.entry), retention: 100) }
        var rows = try store.read { try $0.scalarInt("SELECT COUNT(*) FROM journal") ?? 0 }
        XCTAssertLessThanOrEqual(rows, Int64(100 + slack))
        XCTAssertEqual(try store.read { try self.read($0, retention: 100).count }, 100)
        // A retention made smaller (a restart with another --journal-retention): readers see the
        // new bound at once; the rows catch up within the slack's entries.
        XCTAssertEqual(try store.read { try self.read($0, retention: 3) }, [767, 766, 765])
        for n in (3 * slack)..<(4 * slack) {
            try store.write { try $0.journal.append([self.entry(n)], retention: 3) }
        }
        rows = try store.read { try $0.scalarInt("SELECT COUNT(*) FROM journal") ?? 0 }
        XCTAssertLessThanOrEqual(rows, Int64(3 + slack))
        XCTAssertEqual(try store.read { try self.read($0, retention: 3) }, [1023, 1022, 1021])
    }
}
