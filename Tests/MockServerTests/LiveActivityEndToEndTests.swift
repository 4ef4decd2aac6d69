import XCTest
import TestSupport
@testable import MockServer
@testable import MockStore

final class LiveActivityEndToEndTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock?.stop() }

    func testDocsUpdateExampleAnswersVerbatimOnAFreshServer() throws {
        for prefix in ["/api", ""] {
            let reply = try mock.post("\(prefix)/live-activity/update", MockFixture.docsUpdate)
            XCTAssertEqual(reply.status, 200, reply.text)
            let json = try XCTUnwrap(reply.json)
            XCTAssertEqual(json["success"] as? Bool, true)
            XCTAssertEqual(json["activity_id"] as? String, MockFixture.seededID)
            XCTAssertEqual(json["devices_notified"] as? Int, 2)
            XCTAssertEqual(json["devices_queued"] as? Int, 0)
            let timestamp = try XCTUnwrap(json["timestamp"] as? String)
            XCTAssertNotNil(timestamp.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression))
        }
    }

    func testStartUpdateEndLifecycleWithQueuedDevice() throws {
        // No target, scope all: adam-iphone, eve-iphone (immediate) and lab-ipad (manual).
        let start = try mock.post(
            "/live-activity/start", #"{"content_state":{"title":"Deploy","type":"segmented_progress","number_of_steps":4,"current_step":1}}"#)
        XCTAssertEqual(start.status, 200, start.text)
        let id = try XCTUnwrap(start.json?["activity_id"] as? String)
        XCTAssertEqual(id.count, 32)
        XCTAssertNotNil(id.range(of: "^[A-Za-z0-9_-]{32}$", options: .regularExpression))
        XCTAssertEqual(start.json?["devices_notified"] as? Int, 3)
        XCTAssertEqual(start.json?["users_notified"] as? Int, 2)
        XCTAssertTrue(start.json?["effective_channel_slugs"] is NSNull)

        // Without type: inferred; lab-ipad has no per-activity token yet, so it is queued.
        let update = try mock.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"Deploy","current_step":2}}"#)
        XCTAssertEqual(update.status, 200, update.text)
        XCTAssertEqual(update.json?["devices_notified"] as? Int, 2)
        XCTAssertEqual(update.json?["devices_queued"] as? Int, 1)

        let typed = try mock.post(
            "/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"Deploy","type":"segmented_progress","current_step":3}}"#)
        XCTAssertEqual(typed.status, 200, typed.text)

        let end = try mock.post("/live-activity/end", #"{"activity_id":"\#(id)","content_state":{"title":"Done","current_step":4,"auto_dismiss_minutes":0}}"#)
        XCTAssertEqual(end.status, 200, end.text)
        XCTAssertNil(end.json?["ignored"])

        let again = try mock.post("/live-activity/end", #"{"activity_id":"\#(id)","content_state":{"title":"Done","current_step":4}}"#)
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual(again.json?["ignored"] as? Bool, true)

        let late = try mock.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"Deploy","current_step":4}}"#)
        XCTAssertEqual(late.status, 400)
        XCTAssertEqual(late.json?["error"] as? String, "Live Activity has ended")

        let counts = try mock.server.store.read { db in
            (
                try db.scalarInt("SELECT COUNT(*) FROM updates WHERE activity_id = ?", .text(id)),
                try db.devices.activities(deviceID: "lab-ipad").first { $0.id == id }?.queued
            )
        }
        XCTAssertEqual(counts.0, 4, "start, two updates, end")
        // The end event carries the dismissal to the devices; the state kept on screen does not.
        let (endPayload, storedState) = try mock.server.store.read { db in
            (
                try db.query("SELECT payload FROM updates WHERE activity_id = ? AND kind = 'end'", .text(id)) { $0.text(0) }.first,
                try db.query("SELECT content_state FROM activities WHERE id = ?", .text(id)) { $0.text(0) }.first
            )
        }
        XCTAssertEqual(endPayload.map { $0.contains(#""auto_dismiss_minutes":0"#) }, true, endPayload ?? "")
        XCTAssertEqual(storedState.map { $0.contains("auto_dismiss") }, false, storedState ?? "")
        XCTAssertEqual(counts.1, 3, "lab-ipad's two updates and the end wait for its token")
    }

    func testTypeMismatchAndRulesOfTheStoredType() throws {
        let mismatch = try mock.post(
            "/live-activity/update", #"{"activity_id":"\#(MockFixture.seededID)","content_state":{"title":"x","type":"progress","percentage":5}}"#)
        XCTAssertEqual(mismatch.status, 400)
        XCTAssertTrue((mismatch.json?["message"] as? String)?.contains("content_state.type") == true)
        let tooFar = try mock.post("/live-activity/update", #"{"activity_id":"\#(MockFixture.seededID)","content_state":{"title":"x","current_step":4}}"#)
        XCTAssertEqual(tooFar.status, 400)
        XCTAssertTrue((tooFar.json?["message"] as? String)?.contains("content_state.current_step") == true)
    }

    func testAuthErrors() throws {
        let missing = try mock.post("/live-activity/update", key: nil, MockFixture.docsUpdate)
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.json?["error"] as? String, "Unauthorized")
        let unknown = try mock.post("/live-activity/update", key: "ask_nope_nope", MockFixture.docsUpdate)
        XCTAssertEqual(unknown.status, 401)
        let basic = try RawClient.exchange(
            port: mock.port, "POST /live-activity/update HTTP/1.1\r\nHost: t\r\nAuthorization: Basic YTpi\r\nContent-Length: 2\r\n\r\n{}")
        XCTAssertEqual(basic.status, 401)
        XCTAssertFalse(unknown.text.contains("ask_nope_nope"), "a key must never be echoed")
    }

    func testForeignAccountGets403WithUpstreamWording() throws {
        let update = try mock.post("/live-activity/update", key: "ask_globex_key", MockFixture.docsUpdate)
        XCTAssertEqual(update.status, 403)
        XCTAssertEqual(update.json?["message"] as? String, "This API key cannot update this Live Activity")
        let end = try mock.post(
            "/live-activity/end", key: "ask_globex_key", #"{"activity_id":"\#(MockFixture.seededID)","content_state":{"title":"x","current_step":3}}"#)
        XCTAssertEqual(end.status, 403)
        XCTAssertEqual(end.json?["message"] as? String, "This API key cannot end this Live Activity")
    }

    func testUnknownActivityIs404() throws {
        let reply = try mock.post("/live-activity/update", #"{"activity_id":"nope","content_state":{"title":"x"}}"#)
        XCTAssertEqual(reply.status, 404)
        XCTAssertEqual(reply.json?["error"] as? String, "Not Found")
    }

    func testChannelTargeting() throws {
        let ops = try mock.post("/live-activity/start", key: "ask_ops_only", #"{"content_state":{"title":"A","type":"alert","message":"m"}}"#)
        XCTAssertEqual(ops.status, 200, ops.text)
        XCTAssertEqual(ops.json?["devices_notified"] as? Int, 2, "adam-iphone and lab-ipad are in ops")
        XCTAssertEqual(ops.json?["effective_channel_slugs"] as? [String], ["ops"])

        let outside = try mock.post(
            "/live-activity/start", key: "ask_ops_only", #"{"content_state":{"title":"A","type":"alert","message":"m"},"target":{"channels":["marketing"]}}"#)
        XCTAssertEqual(outside.status, 403)
        XCTAssertEqual(outside.json?["error"] as? String, "Invalid channel targeting")

        let nobody = try mock.post(
            "/live-activity/start", #"{"content_state":{"title":"A","type":"alert","message":"m"},"target":{"channels":["nobody-here"]}}"#)
        XCTAssertEqual(nobody.status, 404)
        XCTAssertEqual(nobody.json?["error"] as? String, "No recipients found")
        XCTAssertEqual(nobody.json?["effective_channel_slugs"] as? [String], ["nobody-here"])

        let marketing = try mock.post(
            "/live-activity/start", #"{"content_state":{"title":"A","type":"alert","message":"m"},"target":{"channels":["marketing"]}}"#)
        XCTAssertEqual(marketing.json?["devices_notified"] as? Int, 1)
        XCTAssertEqual(marketing.json?["users_notified"] as? Int, 1)

        let badTarget = try mock.post("/live-activity/start", #"{"content_state":{"title":"A","type":"alert","message":"m"},"target":{"channels":[]}}"#)
        XCTAssertEqual(badTarget.status, 400)
        XCTAssertEqual(badTarget.json?["error"] as? String, "Invalid channel targeting")
    }

    func testLiveActivityLimitPerDevice() throws {
        // eve-iphone (marketing) already holds the seeded activity: 3 more fill it.
        let body = #"{"content_state":{"title":"A","type":"alert","message":"m"},"target":{"channels":["marketing"]}}"#
        for _ in 0..<3 { XCTAssertEqual(try mock.post("/live-activity/start", body).status, 200) }
        let full = try mock.post("/live-activity/start", body)
        XCTAssertEqual(full.status, 429)
        XCTAssertEqual(full.json?["error"] as? String, "Live Activity limit reached")
        XCTAssertEqual(full.json?["limit"] as? Int, 4)
        XCTAssertEqual(full.json?["active"] as? Int, 4)
        XCTAssertNil(full.json?["blocked_devices"])

        // Targeting everyone: only eve is full, so the capacity is mixed.
        let mixed = try mock.post("/live-activity/start", #"{"content_state":{"title":"A","type":"alert","message":"m"}}"#)
        XCTAssertEqual(mixed.status, 429)
        XCTAssertEqual(mixed.json?["blocked_devices"] as? Int, 1)
        XCTAssertEqual(mixed.json?["targeted_devices"] as? Int, 3)
        let active = try mock.server.store.read { try $0.scalarInt("SELECT COUNT(*) FROM activities WHERE status = 'active'") }
        XCTAssertEqual(active, 4, "nothing started when the limit answered")
    }

    func testLimitIsConfigurable() throws {
        let unlimited = try MockFixture { $0.liveActivityLimit = 0 }
        defer { unlimited.stop() }
        let body = #"{"content_state":{"title":"A","type":"alert","message":"m"},"target":{"channels":["marketing"]}}"#
        for _ in 0..<6 { XCTAssertEqual(try unlimited.post("/live-activity/start", body).status, 200) }
    }

    func testBadPayloadsGet400WithAFieldPath() throws {
        let cases: [(String, String)] = [
            ("/live-activity/start", "not json"),
            ("/live-activity/start", #"{"content_state":{"title":"A","type":"segmented_progress","number_of_steps":2,"current_step":3}}"#),
            ("/live-activity/start", #"{"content_state":{"title":"A","type":"alert","message":"m"},"extra":1}"#),
            ("/live-activity/update", #"{"activity_id":"x"}"#),
            ("/live-activity/end", #"{"activity_id":"\#(MockFixture.seededID)","content_state":{"title":"x","current_step":"3"}}"#)
        ]
        for (path, body) in cases {
            let reply = try mock.post(path, body)
            XCTAssertEqual(reply.status, 400, body)
            XCTAssertNotNil(reply.json?["message"] as? String, body)
            XCTAssertEqual(reply.header("Content-Type"), "application/json")
        }
    }

    func testUnknownRouteAndWrongMethodAreJSON() throws {
        let missing = try mock.post("/live-activity/pause", "{}")
        XCTAssertEqual(missing.status, 404)
        XCTAssertNotNil(missing.json?["error"])
        let wrong = try RawClient.exchange(port: mock.port, "GET /api/live-activity/update HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(wrong.status, 405)
        XCTAssertEqual(wrong.header("Allow"), "POST")
    }
}
