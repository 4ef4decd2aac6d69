import XCTest
import Foundation
@testable import MockServer

/// The clock takes only real instants of the years 1–9999, rate windows follow it both ways, MCP
/// path arguments act on exactly the object named, JSON-RPC ids come back as sent.
final class ClockAndIDTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture { $0.rateLimit = 5 } }
    override func tearDown() { mock.stop() }

    func testTheClockTakesOnlyRealInstantsWithinTheYears1To9999() throws {
        for bad in [
            "2026-02-31T00:00:00Z", "2026-01-01T00:00:60Z", "2025-02-29T00:00:00Z", "0000-12-31T00:00:00Z",
            "9999-12-31T23:59:59-01:00", "10000-01-01T00:00:00Z"
        ] {
            XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"set":"\#(bad)"}"#).status, 400, bad)
        }
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"set":"2024-02-29T00:00:00Z"}"#).status, 200)
        XCTAssertEqual(
            try mock.control("POST", "/_mock/clock", #"{"set":"0001-01-01T00:00:00Z"}"#).json?["now"] as? String,
            "0001-01-01T00:00:00.000Z")
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"set":"9999-12-31T23:59:59Z"}"#).status, 200)
        let past = try mock.control("POST", "/_mock/clock", #"{"advance_ms":1000}"#)
        XCTAssertEqual(past.status, 400)
        XCTAssertEqual(try mock.control("GET", "/_mock/clock").json?["now"] as? String, "9999-12-31T23:59:59.000Z")
    }

    func testRateWindowsFollowTheClockBackwards() throws {
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"set":"2030-01-01T00:00:00Z"}"#).status, 200)
        let statuses = try (0..<6).map { _ in try mock.post("/api/push-notification", #"{"title":"t"}"#).status }
        XCTAssertEqual(statuses, [200, 200, 200, 200, 200, 429])
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"set":"2026-01-01T00:00:00Z"}"#).status, 200)
        XCTAssertEqual(try mock.post("/api/push-notification", #"{"title":"t"}"#).status, 200, "2030's requests are not in 2026's window")
    }

    private func mcp(_ json: String) throws -> [String: Any] {
        let reply = try mock.post("/mcp", json)
        return try XCTUnwrap(reply.json, reply.text)
    }

    private func tool(_ name: String, _ arguments: String) throws -> [String: Any] {
        let answer = try mcp(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\#(name)","arguments":\#(arguments)}}"#)
        return try XCTUnwrap(answer["result"] as? [String: Any], "\(answer)")
    }

    func testMCPPathArgumentsActOnExactlyTheObjectNamed() throws {
        for key in ["a?x=1", "%41", "a/b"] {
            let result = try tool("set_live_activity_stream", #"{"stream_key":"\#(key)","content_state":{"title":"t","type":"alert","message":"m"}}"#)
            XCTAssertEqual(result["isError"] as? Bool, true, key)
            XCTAssertEqual((result["structuredContent"] as? [String: Any])?["error"] as? String, "Invalid stream_key", key)
        }
        let streams = try XCTUnwrap(try mock.control("GET", "/_mock/streams").json?["streams"] as? [Any])
        XCTAssertEqual(streams.count, 0, "no stream a, A or a/b was written")
        let metric = try tool("set_widget_metric_value", #"{"key":"deploy.success_rate/value?","value":5}"#)
        XCTAssertEqual(metric["isError"] as? Bool, true)
        XCTAssertEqual(
            (metric["structuredContent"] as? [String: Any])?["error"] as? String,
            "metric key must match ^[a-z0-9][a-z0-9_.-]{0,63}$")
    }

    func testJSONRPCIdsComeBackAsSent() throws {
        let reply = try mock.post("/mcp", #"{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"}"#)
        XCTAssertEqual(reply.text, #"{"jsonrpc":"2.0","id":123456789012345678901234567890,"result":{}}"#)
        let batch = try mock.post("/mcp", #"[{"jsonrpc":"2.0","id":-99999999999999999999,"method":"ping"},{"jsonrpc":"2.0","id":"x","method":"ping"}]"#)
        XCTAssertEqual(batch.text, #"[{"jsonrpc":"2.0","id":-99999999999999999999,"result":{}},{"jsonrpc":"2.0","id":"x","result":{}}]"#)
        XCTAssertEqual(try mcp(#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#)["error"].map { _ in true }, true, "a fraction is still no id")
    }
}
