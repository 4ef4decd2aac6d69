import XCTest
import TestSupport
@testable import MockServer
@testable import MockStore

/// A timer's window through the API under the fixed clock: what `/_mock/activities/{id}` shows
/// and what every device receives.
final class TimerEndToEndTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture { $0.fixedClock = 1_769_594_400_000 } }
    override func tearDown() { mock?.stop() }

    private func advance(_ ms: Int) throws {
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"advance_ms":\#(ms)}"#).status, 200)
    }

    private func update(_ id: String, _ state: String, phase: String = "update") throws {
        let reply = try mock.post("/api/live-activity/\(phase)", #"{"activity_id":"\#(id)","content_state":\#(state)}"#)
        XCTAssertEqual(reply.status, 200, reply.text)
    }

    private func timer(_ id: String) throws -> [String: Any] {
        try XCTUnwrap(try mock.control("GET", "/_mock/activities/\(id)").json?["timer"] as? [String: Any])
    }

    private func start(_ state: String) throws -> String {
        let reply = try mock.post("/api/live-activity/start", #"{"content_state":\#(state)}"#)
        return try XCTUnwrap(reply.json?["activity_id"] as? String, reply.text)
    }

    func testACountdownThroughEveryTransition() throws {
        let id = try start(#"{"title":"Bench","type":"timer","duration_seconds":300}"#)
        try advance(60_000)
        try update(id, #"{"title":"Bench","subtitle":"still going"}"#)
        var t = try timer(id)
        XCTAssertEqual(t["ends_at"] as? String, "2026-01-28T10:05:00.000Z", "an update without duration keeps the window")
        XCTAssertEqual(t["remaining_seconds"] as? Int, 240)

        try update(id, #"{"title":"Bench","is_running":false}"#)
        try advance(30_000)
        t = try timer(id)
        XCTAssertEqual(t["paused_at"] as? String, "2026-01-28T10:01:00.000Z")
        XCTAssertEqual(t["remaining_seconds"] as? Int, 240, "frozen")

        try update(id, #"{"title":"Bench","is_running":true}"#)
        t = try timer(id)
        XCTAssertEqual(t["ends_at"] as? String, "2026-01-28T10:05:30.000Z", "the end moved by the pause")
        XCTAssertTrue(t["paused_at"] is NSNull)

        try advance(10_000)
        try update(id, #"{"title":"Bench","duration_seconds":60}"#)
        t = try timer(id)
        XCTAssertEqual(t["started_at"] as? String, "2026-01-28T10:01:40.000Z", "a new duration resets from now")
        XCTAssertEqual(t["remaining_seconds"] as? Int, 60)

        try advance(20_000)
        try update(id, #"{"title":"Done"}"#, phase: "end")
        try advance(100_000)
        t = try timer(id)
        XCTAssertEqual(t["remaining_seconds"] as? Int, 40, "the end froze the latest state")

        // Every change carried the window to the devices.
        let updates = try XCTUnwrap(try mock.control("GET", "/_mock/activities/\(id)").json?["updates"] as? [[String: Any]])
        let windows = updates.compactMap { ($0["payload"] as? [String: Any])?["timer"] as? [String: Any] }
        XCTAssertEqual(windows.count, updates.count)
        XCTAssertEqual(
            windows.map { $0["ends_at"] as? String },
            [
                "2026-01-28T10:05:00.000Z", "2026-01-28T10:05:00.000Z",
                "2026-01-28T10:05:00.000Z", "2026-01-28T10:05:30.000Z",
                "2026-01-28T10:02:40.000Z", "2026-01-28T10:02:40.000Z"
            ])
    }

    func testAnOpenEndedTimerStaysOpenEndedUnderTheGoSDKsDefaults() throws {
        let id = try start(#"{"title":"Uptime","type":"timer","counts_down":false}"#)
        try advance(5_000)
        try update(id, #"{"title":"Uptime","counts_down":true,"is_running":true,"icon":null,"badge":null}"#)
        let detail = try mock.control("GET", "/_mock/activities/\(id)").json
        let state = try XCTUnwrap(detail?["content_state"] as? [String: Any])
        XCTAssertEqual(state["counts_down"] as? Bool, false)
        XCTAssertNil(state["duration_seconds"])
        let t = try timer(id)
        XCTAssertTrue(t["ends_at"] is NSNull)
        XCTAssertEqual(t["elapsed_seconds"] as? Int, 5)
    }

    /// Found by schemathesis: these trapped converting or adding milliseconds.
    func testHugeDurationsAreClampedNotTrapped() throws {
        let id = try start(#"{"title":"Long","type":"timer","duration_seconds":1e308}"#)
        XCTAssertEqual(try timer(id)["ends_at"] as? String, "9999-12-31T23:59:59.999Z")
        try update(id, #"{"title":"Long","duration_seconds":1.7976931348623157e308}"#)
        let end = try mock.post(
            "/api/live-activity/end",
            #"{"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","content_state":{"title":"x","current_step":3,"auto_dismiss_minutes":9000000000000000}}"#)
        XCTAssertEqual(end.status, 200, end.text)
        let detail = try mock.control("GET", "/_mock/activities/pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW").json
        XCTAssertEqual(detail?["dismiss_at"] as? String, "9999-12-31T23:59:59.999Z")
        XCTAssertEqual(try mock.control("GET", "/_mock/health").status, 200, "still serving")
    }

    func testTheDashboardDrawsFromTheSameWindow() throws {
        let id = try start(#"{"title":"Bench","type":"timer","duration_seconds":90,"is_running":false}"#)
        let devices = try XCTUnwrap(try mock.control("GET", "/_mock/ui/state").json?["devices"] as? [[String: Any]])
        let card = devices.flatMap { ($0["activities"] as? [[String: Any]]) ?? [] }.first { $0["id"] as? String == id }
        let t = try XCTUnwrap(card?["timer"] as? [String: Any])
        XCTAssertEqual(t["paused_at"] as? String, "2026-01-28T10:00:00.000Z")
        XCTAssertEqual(t["remaining_seconds"] as? Int, 90)
    }
}
