import XCTest
import Foundation
@testable import MockStore

/// The per-batch check that the database and WAL files are still the ones opened: each way of
/// losing them is seen on the next look, and what leaves them in place (a chmod, another file in
/// the directory) is not mistaken for a loss.
final class DatabaseFilesTests: XCTestCase {
    var directory = ""
    var path = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "asmock-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/mock.sqlite"
        for name in [path, path + "-wal"] { XCTAssertTrue(FileManager.default.createFile(atPath: name, contents: Data("x".utf8))) }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testNothingChangedIsNothing() {
        let files = DatabaseFiles(path: path)
        XCTAssertNil(files.change())
        XCTAssertEqual(chmod(path, 0o600), 0)
        XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/other", contents: nil))
        XCTAssertNil(files.change(), "a chmod or another file in the directory changes nothing")
        XCTAssertNil(files.change())
    }

    func testDeletedDatabase() {
        let files = DatabaseFiles(path: path)
        XCTAssertNil(files.change())
        XCTAssertEqual(unlink(path), 0)
        XCTAssertEqual(files.change(), .databaseDeleted)
    }

    func testDatabaseMovedAway() {
        let files = DatabaseFiles(path: path)
        XCTAssertNil(files.change())
        XCTAssertEqual(rename(path, path + ".moved"), 0)
        XCTAssertEqual(files.change(), .databaseDeleted)
    }

    func testDatabaseReplacedByRename() {
        let files = DatabaseFiles(path: path)
        XCTAssertNil(files.change())
        XCTAssertTrue(FileManager.default.createFile(atPath: path + ".new", contents: Data("y".utf8)))
        XCTAssertEqual(rename(path + ".new", path), 0)
        XCTAssertEqual(files.change(), .databaseReplaced)
    }

    func testWALDeleted() {
        let files = DatabaseFiles(path: path)
        XCTAssertNil(files.change())
        XCTAssertEqual(unlink(path + "-wal"), 0)
        XCTAssertEqual(files.change(), .walGone)
    }

    func testAWALThatAppearsLaterIsWatchedFromThen() {
        XCTAssertEqual(unlink(path + "-wal"), 0)
        let files = DatabaseFiles(path: path)
        XCTAssertNil(files.change())
        XCTAssertTrue(FileManager.default.createFile(atPath: path + "-wal", contents: nil))
        XCTAssertNil(files.change(), "the first WAL seen is the one opened")
        XCTAssertNil(files.change())
        XCTAssertEqual(unlink(path + "-wal"), 0)
        XCTAssertEqual(files.change(), .walGone)
    }
}
