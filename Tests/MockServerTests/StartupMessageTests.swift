import XCTest
import Glibc
import Foundation
@testable import MockServer

/// Start-up failures name their real cause once: the directory, the OS's reason, the option.
final class StartupMessageTests: XCTestCase {
    private var scratch = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/asmock-startup-XXXXXX".utf8CString)
        scratch = String(cString: try XCTUnwrap(mkdtemp(&template)))
    }

    override func tearDown() {
        _ = system("rm -rf '\(scratch)'")
    }

    private func failure(_ configure: (inout MockConfiguration) -> Void) -> String {
        var config = MockConfiguration()
        config.port = 0
        config.databasePath = ":memory:"
        config.log = nil
        configure(&config)
        do {
            let server = try MockServer(configuration: config)
            server.stop()
            return "started"
        } catch {
            return "\(error)"
        }
    }

    private func assertSaysOnce(_ message: String, _ phrase: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(message.contains(phrase), "\(message) should say \(phrase)", file: file, line: line)
        XCTAssertEqual(message.components(separatedBy: phrase).count, 2, "\(phrase) once in \(message)", file: file, line: line)
    }

    func testMissingDatabaseDirectoryIsNamed() {
        let message = failure { $0.databasePath = scratch + "/nope/mock.sqlite" }
        assertSaysOnce(message, "directory \(scratch)/nope does not exist")
        XCTAssertFalse(message.contains(".lock"), message)
    }

    func testDatabaseThatIsADirectoryIsSaidSo() {
        let message = failure { $0.databasePath = scratch }
        XCTAssertTrue(message.hasPrefix("--db \(scratch) is a directory"), message)
    }

    func testFixtureFileFailuresGiveTheOSReason() {
        XCTAssertTrue(failure { $0.fixturesPath = scratch + "/none.json" }.hasSuffix(": No such file or directory"))
        XCTAssertTrue(failure { $0.fixturesPath = scratch }.hasSuffix(": is a directory, not a file"))
        XCTAssertEqual(mkfifo(scratch + "/pipe.json", 0o600), 0)
        // A FIFO is refused at once, never waited on (the test would hang otherwise).
        XCTAssertTrue(failure { $0.fixturesPath = scratch + "/pipe.json" }.hasSuffix(": is not a regular file"))
    }

    func testVersionFlag() throws {
        XCTAssertTrue(try Options.parse(arguments: ["--version"], environment: [:]).showVersion)
        XCTAssertFalse(try Options.parse(arguments: [], environment: [:]).showVersion)
    }
}
