import XCTest
import Foundation
import TestSupport
@testable import MockServer
@testable import MockStore

/// The control plane reads fixture files only from `--fixtures-dir`, and its errors never quote
/// what a file holds.
final class FixtureFilesTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "asmock-fixtures-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/sets", withIntermediateDirectories: true)
        try #"{"accounts":[{"id":"solo","keys":[{"key":"ask_solo_key"}]}]}"#.write(toFile: directory + "/sets/solo.json", atomically: true, encoding: .utf8)
        try "root:x:0:0:secret".write(toFile: directory + "/outside.txt", atomically: true, encoding: .utf8)
        try #"{"accounts":[{"id":"x","keys":[{"key":"ask_secret_value","scope":"hidden-word"}]}]}"#
            .write(toFile: directory + "/sets/bad.json", atomically: true, encoding: .utf8)
        try "root:x:0:0:secret".write(toFile: directory + "/sets/notjson.json", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/sets/escape.json", withDestinationPath: directory + "/outside.txt")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    private func reset(_ mock: MockFixture, _ name: String) throws -> RawClient.Reply {
        try mock.control("POST", "/_mock/reset", #"{"fixtures":"\#(name)"}"#)
    }

    func testWithoutADirectoryNoFileIsRead() throws {
        let mock = try MockFixture()
        defer { mock.stop() }
        for path in ["/etc/passwd", "/etc/shadow", "/proc/self/environ", directory + "/sets/solo.json"] {
            let reply = try reset(mock, path)
            XCTAssertEqual(reply.status, 403, path)
            XCTAssertFalse(reply.text.contains("root"), reply.text)
            XCTAssertFalse(reply.text.contains("byte 0"), "no parse error, so nothing about the file's bytes")
        }
        XCTAssertEqual(
            try mock.control("POST", "/_mock/reset", #"{"fixture_set":{"accounts":[{"id":"inline"}]}}"#).status, 200,
            "inline sets always work")
    }

    func testOnlyFilesInsideTheDirectoryLoad() throws {
        let mock = try MockFixture { $0.fixturesDirectory = self.directory + "/sets" }
        defer { mock.stop() }
        XCTAssertEqual(try reset(mock, "solo.json").status, 200)
        XCTAssertEqual(
            try mock.post("/api/push-notification", key: "ask_solo_key", #"{"title":"t"}"#).status, 404,
            "the set was loaded (a key of it authenticates; it has no devices)")
        for name in ["../outside.txt", "/etc/passwd", "escape.json", "missing.json", "%2e%2e/outside.txt"] {
            let reply = try reset(mock, name)
            XCTAssertEqual(reply.status, 400, name)
            XCTAssertFalse(reply.text.contains("root:x"), reply.text)
        }
    }

    func testErrorsNameThePathNotTheContent() throws {
        let mock = try MockFixture { $0.fixturesDirectory = self.directory + "/sets" }
        defer { mock.stop() }
        let notJSON = try reset(mock, "notjson.json")
        XCTAssertEqual(notJSON.status, 400)
        XCTAssertEqual(notJSON.json?["message"] as? String, "fixtures: notjson.json is not a valid fixture file")
        let bad = try reset(mock, "bad.json")
        XCTAssertEqual(bad.json?["message"] as? String, "fixtures: bad.json is not a valid fixture file (at accounts[0].keys[0].scope)")
        XCTAssertFalse(bad.text.contains("hidden-word") || bad.text.contains("ask_secret_value"), bad.text)
    }

    func testTheExposureWarning() {
        var config = MockConfiguration()
        XCTAssertNil(MockServerCLI.exposureWarning(config), "loopback")
        config.host = "0.0.0.0"
        XCTAssertEqual(MockServerCLI.exposureWarning(config)?.contains("without --admin-token"), true)
        config.adminToken = "s3cret-token"
        XCTAssertNil(MockServerCLI.exposureWarning(config))
        config.adminToken = nil
        config.host = "::1"
        XCTAssertNil(MockServerCLI.exposureWarning(config))
    }
}
