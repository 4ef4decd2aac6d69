import XCTest
import Foundation
import CSQLite
import APIModel
import TestSupport
@testable import MockServer
@testable import MockStore

/// How storage failures reach a client, and the one-owner rule. The faults themselves (a full
/// tmpfs, files deleted under the server) run in `scripts/storage-faults`.
final class StorageFailureTests: XCTestCase {
    func testFailuresAreClassifiedFromSQLiteAndTheOS() {
        XCTAssertEqual(StorageError.Kind(code: SQLITE_FULL, errno: 0), .diskFull)
        XCTAssertEqual(StorageError.Kind(code: SQLITE_IOERR | (4 << 8), errno: ENOSPC), .diskFull, "IOERR_WRITE with ENOSPC")
        XCTAssertEqual(StorageError.Kind(code: SQLITE_IOERR, errno: EDQUOT), .diskFull)
        XCTAssertEqual(StorageError.Kind(code: SQLITE_READONLY, errno: 0), .readOnly)
        XCTAssertEqual(StorageError.Kind(code: SQLITE_IOERR, errno: EROFS), .readOnly)
        XCTAssertEqual(StorageError.Kind(code: SQLITE_IOERR, errno: EIO), .other)
        XCTAssertEqual(StorageError.Kind(code: SQLITE_CONSTRAINT, errno: 0), .other)
    }

    func testEachKindIsAnsweredWithItsStatusAndRetryAfter() {
        let full = ErrorResponse.of(StorageError("database or disk is full", kind: .diskFull))
        XCTAssertEqual(full.status, 507)
        XCTAssertEqual(full.headers["Retry-After"], "5")
        XCTAssertTrue(String(decoding: full.body, as: UTF8.self).contains(#""error":"Insufficient Storage""#))
        let readOnly = ErrorResponse.of(StorageError("attempt to write a readonly database", kind: .readOnly))
        XCTAssertEqual(readOnly.status, 503)
        XCTAssertEqual(readOnly.headers["Retry-After"], "5")
        let gone = ErrorResponse.of(StorageError("x", kind: .fileGone("the database file /x was deleted")))
        XCTAssertEqual(gone.status, 503)
        XCTAssertTrue(String(decoding: gone.body, as: UTF8.self).contains("the database file /x was deleted"))
        let other = ErrorResponse.of(StorageError("boom"))
        XCTAssertEqual(other.status, 500)
        XCTAssertNil(other.headers["Retry-After"])
    }

    func testOneStorePerDatabaseFile() throws {
        let path = TemporaryDatabase.path()
        let first = try openStore(path)
        XCTAssertThrowsError(try Store(path: path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(path) && text.contains("pid \(getpid())"), text)
        }
        first.close()
        XCTAssertNoThrow(try Store(path: path).close(), "close lets go of the file")
        XCTAssertNoThrow(try Store(path: ":memory:").close())
        XCTAssertNoThrow(try Store(path: ":memory:").close(), "in-memory stores share nothing")
    }

    func testAReadOnlyJournalBufferKeepsTheNewestWithinRetention() {
        let buffer = JournalBuffer(capacity: 3)
        let entries = (0..<5).map { i in
            JournalEntry(
                at: Int64(i), method: "POST", path: "/p", status: 507, keyID: nil, activityID: nil,
                requestBody: "\(i)", responseBody: "", durationMicros: 0, fault: nil)
        }
        XCTAssertEqual(buffer.add(entries[0]), 1, "the first of a group queues the write")
        XCTAssertEqual(entries.dropFirst().map { buffer.add($0) }, [2, 3, 3, 3], "held up to the retention")
        XCTAssertEqual(buffer.takeAll().map(\.requestBody), ["2", "3", "4"])
        XCTAssertEqual(buffer.add(entries[0]), 1, "after a take, a new group")
    }
}
