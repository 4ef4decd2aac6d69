import XCTest
import TestSupport
@testable import MockServer
@testable import MockStore

/// Issue 15 through the HTTP server: the Go SDK's bytes, paused streams, a partial final state,
/// the bare address, and a fixture export that round-trips with its activities.
final class FidelityEndToEndTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws {
        mock = try MockFixture {
            $0.fixedClock = 1_769_594_400_000; $0.rateLimit = 0
        }
    }
    override func tearDown() { mock?.stop() }

    private let metrics = #"{"content_state":{"title":"Server Health","type":"metrics","metrics":[{"label":"CPU","value":27,"unit":"%"}]}}"#

    private func put(_ key: String, _ body: String) throws -> RawClient.Reply {
        try mock.post("/api/live-activity/stream/\(key)", body, method: "PUT")
    }

    func testTheGoSDKsUpdateAndNullDeleteAreAccepted() throws {
        let update = try mock.post(
            "/api/live-activity/update",
            #"{"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","content_state":{"badge":null,"counts_down":true,"current_step":2,"icon":null,"is_running":true,"number_of_steps":3,"subtitle":"upload archive","title":"Nightly database backup"}}"#
        )
        XCTAssertEqual(update.status, 200, update.text)
        XCTAssertEqual(update.json?["devices_notified"] as? Int, 2)
        XCTAssertEqual(update.json?["devices_queued"] as? Int, 0)

        let unknown = try mock.post("/api/live-activity/stream/prod-web-1", "null", method: "DELETE")
        XCTAssertEqual(unknown.status, 404, unknown.text)
        XCTAssertEqual(unknown.json?["error"] as? String, "Live Activity stream not found")
        XCTAssertEqual(try put("prod-web-1", metrics).status, 200)
        let ended = try mock.post("/api/live-activity/stream/prod-web-1", "null", method: "DELETE")
        XCTAssertEqual(ended.status, 200, ended.text)
        XCTAssertEqual(ended.json?["operation"] as? String, "ended")
        XCTAssertNotNil(ended.json?["activity_id"] as? String)
    }

    func testAPartialFinalStateEndsAMetricsStream() throws {
        let started = try put("prod-web-1", metrics)
        let id = try XCTUnwrap(started.json?["activity_id"] as? String)
        let ended = try mock.post("/api/live-activity/stream/prod-web-1", #"{"content_state":{"title":"Done","auto_dismiss_minutes":0}}"#, method: "DELETE")
        XCTAssertEqual(ended.status, 200, ended.text)
        let detail = try mock.control("GET", "/_mock/activities/\(id)").json
        let state = try XCTUnwrap(detail?["content_state"] as? [String: Any])
        XCTAssertEqual(state["title"] as? String, "Done")
        XCTAssertEqual((state["metrics"] as? [[String: Any]])?.first?["value"] as? Int, 27, "the stored metrics stay")
        XCTAssertEqual(detail?["status"] as? String, "ended")
        XCTAssertEqual(detail?["dismiss_at"] as? String, "2026-01-28T10:00:00.000Z", "auto_dismiss_minutes 0 applies")
    }

    func testAPausedStreamAnswersPausedUntilResumed() throws {
        let first = try XCTUnwrap(try put("prod-web-1", metrics).json?["activity_id"] as? String)
        let pause = try mock.control("POST", "/_mock/streams/prod-web-1/pause")
        XCTAssertEqual(pause.status, 200, pause.text)
        XCTAssertEqual(pause.json?["ended_activity_id"] as? String, first)
        XCTAssertEqual(pause.json?["account"] as? String, "acme")
        let activity = try mock.control("GET", "/_mock/activities/\(first)").json
        XCTAssertEqual(activity?["status"] as? String, "ended", "pause ends the current activity")

        let updatesBefore = try mock.server.store.read { try $0.scalarInt("SELECT COUNT(*) FROM updates") }
        let paused = try put("prod-web-1", metrics)
        XCTAssertEqual(paused.status, 200)
        XCTAssertEqual(
            paused.text, #"{"success":true,"operation":"paused","stream_key":"prod-web-1","activity_id":null,"timestamp":"2026-01-28T10:00:00.000Z"}"#)
        let updatesAfter = try mock.server.store.read { try $0.scalarInt("SELECT COUNT(*) FROM updates") }
        XCTAssertEqual(updatesBefore, updatesAfter, "a paused PUT stores and delivers nothing")
        let streams = try mock.control("GET", "/_mock/streams").json?["streams"] as? [[String: Any]]
        XCTAssertEqual(streams?.first { $0["stream_key"] as? String == "prod-web-1" }?["paused"] as? Bool, true)

        XCTAssertEqual(try mock.control("POST", "/_mock/streams/prod-web-1/resume").json?["paused"] as? Bool, false)
        let restarted = try put("prod-web-1", metrics)
        XCTAssertEqual(restarted.json?["operation"] as? String, "started")
        XCTAssertNotEqual(restarted.json?["activity_id"] as? String, first)
    }

    func testPauseNamesAnUnknownAccountOrStreamKey() throws {
        XCTAssertEqual(try mock.control("POST", "/_mock/streams/bad%2Fkey/pause").status, 400)
        XCTAssertEqual(try mock.control("POST", "/_mock/streams/k/pause", #"{"account":"nobody"}"#).status, 404)
        // Two accounts and no activity on the key yet: which one is ambiguous.
        let ambiguous = try mock.control("POST", "/_mock/streams/fresh/pause")
        XCTAssertEqual(ambiguous.status, 400, ambiguous.text)
        XCTAssertEqual(try mock.control("POST", "/_mock/streams/fresh/pause", #"{"account":"globex"}"#).status, 200)
    }

    func testTheBareAddressRedirectsToTheDashboard() throws {
        let reply = try RawClient.exchange(port: mock.port, "GET /?access_token=x HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(reply.status, 302)
        XCTAssertEqual(reply.header("Location"), "/_mock/ui?access_token=x")
    }

    func testAFixtureExportRoundTripsWithActivities() throws {
        let stream = try XCTUnwrap(try put("prod-web-1", metrics).json?["activity_id"] as? String)
        let exported = try mock.control("GET", "/_mock/fixtures")
        XCTAssertEqual(exported.status, 200)
        let reset = try mock.control("POST", "/_mock/reset", #"{"fixture_set":\#(exported.text)}"#)
        XCTAssertEqual(reset.status, 200, reset.text)
        let again = try mock.control("GET", "/_mock/fixtures")
        XCTAssertEqual(again.text, exported.text, "export → reset → export is the identity")
        let docs = try mock.post("/api/live-activity/update", MockFixture.docsUpdate)
        XCTAssertEqual(docs.status, 200, "the docs' example activity survives: \(docs.text)")
        let streamDetail = try mock.control("GET", "/_mock/activities/\(stream)").json
        XCTAssertEqual(streamDetail?["stream_key"] as? String, "prod-web-1")
        XCTAssertEqual(streamDetail?["status"] as? String, "active")
        XCTAssertEqual(try put("prod-web-1", metrics).json?["operation"] as? String, "noop", "the stream goes on")
    }
}
