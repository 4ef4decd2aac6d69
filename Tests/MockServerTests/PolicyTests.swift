import XCTest
import Foundation
import TestSupport
@testable import MockServer
@testable import MockStore

final class PolicyTests: XCTestCase {
    func testRateLimitIsSharedAcrossSendingEndpointsAndChangesNothing() throws {
        let mock = try MockFixture { $0.rateLimit = 4 }
        defer { mock.stop() }
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"1"}"#).status, 200)
        XCTAssertEqual(try mock.post("/metrics/prod.status/value", #"{"value":"OK"}"#).status, 200)
        XCTAssertEqual(try mock.post("/live-activity/stream/a", #"{"content_state":{"title":"A","type":"alert","message":"m"}}"#, method: "PUT").status, 200)
        XCTAssertEqual(try mock.post("/live-activity/stream/a", "", method: "DELETE").status, 200)
        let limited = try mock.post("/push-notification", #"{"title":"5"}"#)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.text, #"{"error":"Rate limit exceeded","message":"Too many requests, please try again later."}"#)
        XCTAssertEqual(try mock.post("/metrics/prod.status/value", #"{"value":"X"}"#).status, 429)
        let counts = try mock.server.store.read { db in
            (try db.scalarInt("SELECT COUNT(*) FROM notifications"), try db.scalarInt("SELECT COUNT(*) FROM metric_values"))
        }
        XCTAssertEqual(counts.0, 1)
        XCTAssertEqual(counts.1, 1)
        // Other accounts have their own window; the legacy lifecycle is not rate limited.
        XCTAssertEqual(try mock.post("/push-notification", key: "ask_globex_key", #"{"title":"g"}"#).status, 200)
        XCTAssertEqual(try mock.post("/live-activity/update", MockFixture.docsUpdate).status, 200)
    }

    func testWindowSlides() throws {
        let mock = try MockFixture {
            $0.rateLimit = 1; $0.rateWindowSeconds = 1; $0.fixedClock = 1_800_000_000_000
        }
        defer { mock.stop() }
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"1"}"#).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"2"}"#).status, 429)
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"advance_ms":999}"#).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"2"}"#).status, 429, "still inside the window")
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"advance_ms":1}"#).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"3"}"#).status, 200, "the window slid past the first")
    }

    func testZeroDisables() throws {
        let unlimited = try MockFixture { $0.rateLimit = 0 }
        defer { unlimited.stop() }
        for i in 0..<70 { XCTAssertEqual(try unlimited.post("/metrics/prod.status/value", #"{"value":\#(i)}"#).status, 200) }
    }

    func testFixtureOverridesTheDefaultLimit() throws {
        let path = NSTemporaryDirectory() + "rate-\(UUID().uuidString).json"
        try #"{"accounts":[{"id":"r","rate_limit":1,"keys":[{"key":"ask_rate_one","scope":"all"}],"devices":[{"id":"d","user":"u"}]}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mock = try MockFixture { $0.fixturesPath = path }
        defer { mock.stop() }
        XCTAssertEqual(try mock.post("/push-notification", key: "ask_rate_one", #"{"title":"1"}"#).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", key: "ask_rate_one", #"{"title":"2"}"#).status, 429)
    }

    func testBillingStateAnswers402OnSendingEndpoints() throws {
        let path = NSTemporaryDirectory() + "billing-\(UUID().uuidString).json"
        try #"""
        {"accounts":[{"id":"late","billing_state":"trial_expired","rate_limit":100,
          "keys":[{"key":"ask_late_payer","scope":"all"}],"users":["u"],"devices":[{"id":"d","user":"u"}],
          "metrics":[{"key":"m"}]}]}
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mock = try MockFixture { $0.fixturesPath = path }
        defer { mock.stop() }
        let calls: [(String, String, String)] = [
            ("POST", "/live-activity/start", #"{"content_state":{"title":"A","type":"alert","message":"m"}}"#),
            ("PUT", "/live-activity/stream/s", #"{"content_state":{"title":"A","type":"alert","message":"m"}}"#),
            ("POST", "/push-notification", #"{"title":"t"}"#),
            ("POST", "/badge", #"{"badge":1}"#)
        ]
        for (method, path, body) in calls {
            let reply = try mock.post(path, key: "ask_late_payer", body, method: method)
            XCTAssertEqual(reply.status, 402, path)
            XCTAssertEqual(reply.json?["error"] as? String, "trial_expired")
            XCTAssertNotNil(reply.json?["upgrade_url"] as? String)
        }
        XCTAssertEqual(try mock.post("/metrics/m/value", key: "ask_late_payer", #"{"value":1}"#).status, 200, "metrics are not billed")
    }
}
