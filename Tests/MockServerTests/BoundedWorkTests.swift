import XCTest
import Foundation
import TestSupport
@testable import MockServer
@testable import MockStore

/// Every read bounded: journal pages with previews and a cursor, a capped dashboard state, lists
/// that walk an index, counts that drive work bounded, no file that blocks.
final class BoundedWorkTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock.stop() }

    private func json(_ reply: RawClient.Reply) throws -> [String: Any] { try XCTUnwrap(reply.json, reply.text) }

    func testJournalListsPreviewBodiesWithALinkToTheWholeEntry() throws {
        let big = String(repeating: "é", count: 6000)
        XCTAssertEqual(try mock.post("/api/push-notification", #"{"title":"t","message":"\#(big)"}"#).status, 400)
        let page = try json(try mock.control("GET", "/_mock/requests?limit=1"))
        let entry = try XCTUnwrap((page["requests"] as? [[String: Any]])?.first)
        XCTAssertEqual(entry["truncated"] as? [String], ["request_body"])
        XCTAssertEqual((entry["request_body"] as? String)?.count, JournalRoutes.bodyPreview)
        let href = try XCTUnwrap(entry["href"] as? String)
        let whole = try json(try mock.control("GET", href))
        XCTAssertEqual(((whole["request_body"] as? [String: Any])?["message"] as? String)?.count, 6000)
        XCTAssertNil(whole["truncated"])
        XCTAssertEqual(try mock.control("GET", "/_mock/requests/999999").status, 404)
    }

    func testJournalPagesFollowTheirNextLink() throws {
        for i in 0..<5 { XCTAssertEqual(try mock.post("/api/push-notification", #"{"title":"n\#(i)"}"#).status, 200) }
        var titles: [String] = []
        var next: String? = "/_mock/requests?limit=2&path=/push-notification"
        var pages = 0
        while let link = next {
            let page = try json(try mock.control("GET", link))
            titles += (page["requests"] as? [[String: Any]] ?? []).compactMap { ($0["request_body"] as? [String: Any])?["title"] as? String }
            next = page["next"] as? String
            pages += 1
            XCTAssertLessThan(pages, 5)
        }
        XCTAssertEqual(titles, ["n4", "n3", "n2", "n1", "n0"])
        XCTAssertEqual(try mock.control("GET", "/_mock/requests?limit=1001").status, 400, "a page is at most 1000 entries")
    }

    func testAJournalPageStopsBeforeOneMebibyte() throws {
        let body = String(repeating: "x", count: 5000)
        for _ in 0..<300 { _ = try mock.post("/api/push-notification", #"{"title":"\#(body)"}"#) }
        let reply = try mock.control("GET", "/_mock/requests?limit=1000")
        XCTAssertLessThan(reply.body.count, JournalRoutes.pageBytes + 16 * 1024)
        let page = try json(reply)
        let shown = (page["requests"] as? [Any])?.count ?? 0
        XCTAssertGreaterThan(shown, 100)
        XCTAssertLessThan(shown, 300)
        XCTAssertNotNil(page["next"], "the rest is a next link away")
    }

    func testTheDashboardStateIsCappedAndSaysWhatItLeftOut() throws {
        for i in 0..<(DashboardSnapshot.maxDevices + 20) {
            XCTAssertEqual(try mock.control("POST", "/_mock/devices", #"{"id":"bulk-\#(i)","account":"acme","user":"adam","channels":["ops"]}"#).status, 200)
        }
        let state = try json(try mock.control("GET", "/_mock/ui/state"))
        XCTAssertEqual((state["devices"] as? [Any])?.count, DashboardSnapshot.maxDevices)
        XCTAssertEqual(state["devices_omitted"] as? Int, 24, "4 fixture devices + 120 added, 100 shown")
    }

    func testListsWalkAnIndexInOrderWhateverTheHistory() throws {
        let plans = try mock.server.store.read { db -> [String] in
            try [
                "SELECT id FROM notifications n WHERE n.account_id = 'acme' ORDER BY n.created_at DESC, n.rowid DESC LIMIT 1",
                "SELECT id FROM activities WHERE account_id = 'acme' AND status = 'active' ORDER BY created_at DESC, rowid DESC LIMIT 1"
            ]
            .map { sql in try db.query("EXPLAIN QUERY PLAN " + sql) { $0.text(3) }.joined(separator: " | ") }
        }
        XCTAssertTrue(plans[0].contains("USING INDEX notifications_recent"), plans[0])
        XCTAssertTrue(plans[1].contains("USING INDEX activities_recent"), plans[1])
        XCTAssertFalse(plans.joined().contains("TEMP B-TREE"), "no sort of the whole history: \(plans)")
    }

    func testCountsThatDriveWorkAreBounded() throws {
        let steps = try mock.post(
            "/api/live-activity/start", #"{"content_state":{"title":"t","type":"segmented_progress","number_of_steps":1001,"current_step":1}}"#)
        XCTAssertEqual(steps.status, 400)
        XCTAssertEqual(steps.json?["message"] as? String, "content_state.number_of_steps must be less than or equal to 1000")
        XCTAssertEqual(
            try mock.post("/api/live-activity/start", #"{"content_state":{"title":"t","type":"segmented_progress","number_of_steps":1000,"current_step":1}}"#)
                .status, 200)
    }

    func testAFIFOInTheFixturesDirectoryIsRefusedAtOnce() throws {
        let directory = NSTemporaryDirectory() + "asmock-fifo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertEqual(mkfifo(directory + "/fifo.json", 0o600), 0)
        let withDirectory = try MockFixture { $0.fixturesDirectory = directory }
        defer { withDirectory.stop() }
        for _ in 0..<3 {
            let reply = try withDirectory.control("POST", "/_mock/reset", #"{"fixtures":"fifo.json"}"#)
            XCTAssertEqual(reply.status, 400)
            XCTAssertEqual(reply.json?["message"] as? String, "fixtures: cannot read fifo.json in the fixtures directory: is not a regular file")
        }
        XCTAssertEqual(try withDirectory.control("GET", "/_mock/health").status, 200)
    }
}
