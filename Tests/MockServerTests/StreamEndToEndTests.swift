import XCTest
import TestSupport
@testable import MockServer
@testable import MockStore

final class StreamEndToEndTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock?.stop() }

    let metrics = #"{"content_state":{"title":"Server Health","subtitle":"prod-web-1","type":"metrics","metrics":[{"label":"CPU","value":27,"unit":"%"}]}}"#

    func put(_ key: String, _ body: String, apiKey: String = "ask_123456789") throws -> RawClient.Reply {
        try mock.post("/api/live-activity/stream/\(key)", key: apiKey, body, method: "PUT")
    }

    func testStartedNoopUpdatedRotatedEnded() throws {
        let started = try put("prod-web-1", metrics)
        XCTAssertEqual(started.status, 200, started.text)
        XCTAssertEqual(started.json?["operation"] as? String, "started")
        XCTAssertEqual(started.json?["stream_key"] as? String, "prod-web-1")
        let first = try XCTUnwrap(started.json?["activity_id"] as? String)

        let noop = try put("prod-web-1", metrics)
        XCTAssertEqual(noop.json?["operation"] as? String, "noop")
        XCTAssertEqual(noop.json?["activity_id"] as? String, first)

        let updated = try put("prod-web-1", #"{"content_state":{"title":"Server Health","metrics":[{"label":"CPU","value":30}]}}"#)
        XCTAssertEqual(updated.json?["operation"] as? String, "updated")
        XCTAssertEqual(updated.json?["devices_notified"] as? Int, 2)
        XCTAssertEqual(updated.json?["devices_queued"] as? Int, 1)

        let rotated = try put("prod-web-1", #"{"content_state":{"title":"Down","type":"alert","message":"prod-web-1 is down"}}"#)
        XCTAssertEqual(rotated.json?["operation"] as? String, "rotated")
        XCTAssertEqual(rotated.json?["previous_activity_id"] as? String, first)
        let second = try XCTUnwrap(rotated.json?["activity_id"] as? String)
        XCTAssertNotEqual(second, first)

        let statuses = try mock.server.store.read { db in
            try [first, second].map { try db.activities.get(id: $0)?.status.rawValue ?? "?" }
        }
        XCTAssertEqual(statuses, ["ended", "active"])
        // noop delivered and counted nothing: start, one update and the rotation's end.
        let firstUpdates = try mock.server.store.read { try $0.scalarInt("SELECT COUNT(*) FROM updates WHERE activity_id = ?", .text(first)) }
        XCTAssertEqual(firstUpdates, 3)

        let ended = try mock.post("/api/live-activity/stream/prod-web-1", "", method: "DELETE")
        XCTAssertEqual(ended.status, 200, ended.text)
        XCTAssertEqual(ended.json?["operation"] as? String, "ended")
        XCTAssertEqual(ended.json?["activity_id"] as? String, second)

        let again = try mock.post("/api/live-activity/stream/prod-web-1", "{}", method: "DELETE")
        XCTAssertEqual(again.status, 200)
        XCTAssertTrue(again.json?["activity_id"] is NSNull)

        let restarted = try put("prod-web-1", metrics)
        XCTAssertEqual(restarted.json?["operation"] as? String, "started", "a PUT after DELETE starts anew")
    }

    func testDeleteWithFinalStateAndAutoDismiss() throws {
        XCTAssertEqual(try put("job-7", #"{"content_state":{"title":"Job","type":"progress","percentage":10}}"#).status, 200)
        let ended = try mock.post(
            "/live-activity/stream/job-7", #"{"content_state":{"title":"Job","percentage":100,"auto_dismiss_seconds":5,"auto_dismiss_minutes":9}}"#,
            method: "DELETE")
        XCTAssertEqual(ended.status, 200, ended.text)
        let row = try mock.server.store.read { db in
            try db.query("SELECT content_state, dismiss_at - ended_at FROM activities WHERE stream_key = 'job-7'") { ($0.text(0), $0.int(1)) }.first
        }
        XCTAssertEqual(row?.1, 5000, "seconds win over minutes")
        XCTAssertTrue(row?.0.contains("\"percentage\":100") == true)
        XCTAssertFalse(row?.0.contains("auto_dismiss") == true)
    }

    func testErrors() throws {
        let badKey = try put("bad.key", metrics)
        XCTAssertEqual(badKey.status, 400)
        XCTAssertEqual(badKey.json?["error"] as? String, "Invalid stream_key")
        let noType = try put("fresh", #"{"content_state":{"title":"x"}}"#)
        XCTAssertEqual(noType.status, 400)
        XCTAssertTrue((noType.json?["message"] as? String)?.contains("content_state.type") == true)
        let mismatch = try put("k", #"{"channels":["ops"],"target":{"channels":["marketing"]},"content_state":{"title":"x","type":"alert","message":"m"}}"#)
        XCTAssertEqual(mismatch.status, 400)
        let matching = try put("k", #"{"channels":["ops"],"target":{"channels":["ops"]},"content_state":{"title":"x","type":"alert","message":"m"}}"#)
        XCTAssertEqual(matching.status, 200, matching.text)
        XCTAssertEqual(matching.json?["effective_channel_slugs"] as? [String], ["ops"])
        let unknown = try mock.post("/live-activity/stream/never-seen", "", method: "DELETE")
        XCTAssertEqual(unknown.status, 404)
        let invalidUpdate = try put("k", #"{"content_state":{"title":"x","message":""}}"#)
        XCTAssertEqual(invalidUpdate.status, 400)
    }

    func testStreamsBelongToTheirAccount() throws {
        XCTAssertEqual(try put("shared-name", metrics).json?["operation"] as? String, "started")
        let other = try put("shared-name", #"{"content_state":{"title":"G","type":"alert","message":"m"}}"#, apiKey: "ask_globex_key")
        XCTAssertEqual(other.json?["operation"] as? String, "started", "another account's stream of the same key is separate")
        let delete = try mock.post("/live-activity/stream/only-acme", key: "ask_globex_key", "", method: "DELETE")
        XCTAssertEqual(delete.status, 404)
    }

    func testConcurrencyLimitAppliesToStreamStarts() throws {
        let body = #"{"channels":["marketing"],"content_state":{"title":"A","type":"alert","message":"m"}}"#
        for i in 0..<3 { XCTAssertEqual(try put("s\(i)", body).status, 200) }
        let full = try put("s3", body)
        XCTAssertEqual(full.status, 429)
        XCTAssertEqual(full.json?["error"] as? String, "Live Activity limit reached")
    }

    func testFrequencyWarning() {
        XCTAssertNil(StreamEndpoints.frequencyWarning(updates: 12, since: 0, now: 1000))
        XCTAssertNotNil(StreamEndpoints.frequencyWarning(updates: 13, since: 0, now: 13 * 60_000))
        XCTAssertNil(StreamEndpoints.frequencyWarning(updates: 13, since: 0, now: 13 * 121_000))
    }

    func testWarningAppearsOnFrequentUpdates() throws {
        XCTAssertEqual(try put("busy", #"{"content_state":{"title":"P","type":"progress","percentage":0}}"#).status, 200)
        var last: RawClient.Reply?
        for pct in 1...13 {
            last = try put("busy", #"{"content_state":{"title":"P","percentage":\#(pct)}}"#)
            if pct < 12 { XCTAssertNil(last?.json?["warning"], "update \(pct)") }
        }
        XCTAssertNotNil(last?.json?["warning"] as? String)
    }
}
