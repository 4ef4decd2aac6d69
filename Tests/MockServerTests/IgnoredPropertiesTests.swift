import XCTest
import Foundation
@testable import MockServer

/// The GitHub Action's `activity_id` on start, stream PUT/DELETE and push: accepted when a string,
/// dropped, and listed in the journal; any other unknown property keeps its 400.
final class IgnoredPropertiesTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock.stop() }

    private let alert = #""content_state":{"title":"Deploy","type":"alert","message":"m"}"#

    private func newestJournalEntry() throws -> [String: Any] {
        let entries = try XCTUnwrap(try mock.control("GET", "/_mock/requests?limit=1").json?["requests"] as? [[String: Any]])
        return try XCTUnwrap(entries.first)
    }

    func testStartWithTheActionsEmptyActivityIDIsAcceptedAndJournaled() throws {
        let reply = try mock.post("/api/live-activity/start", "{\(alert),\"activity_id\":\"\"}")
        XCTAssertEqual(reply.status, 200, reply.text)
        let started = try XCTUnwrap(reply.json?["activity_id"] as? String)
        XCTAssertEqual(reply.header("X-Mock-Ignored-Properties"), "activity_id")
        let entry = try newestJournalEntry()
        XCTAssertEqual(entry["ignored_properties"] as? [String], ["activity_id"])
        XCTAssertEqual(entry["activity_id"] as? String, started, "the journal names the started activity, not the ignored value")
    }

    func testStreamPutDeleteAndPushAcceptAGivenActivityID() throws {
        let put = try mock.post("/api/live-activity/stream/ci-build", "{\(alert),\"activity_id\":\"abc\"}", method: "PUT")
        XCTAssertEqual(put.status, 200, put.text)
        XCTAssertEqual(put.json?["operation"] as? String, "started")
        let delete = try mock.post("/api/live-activity/stream/ci-build", #"{"activity_id":""}"#, method: "DELETE")
        XCTAssertEqual(delete.status, 200, delete.text)
        XCTAssertEqual(delete.json?["operation"] as? String, "ended")
        let push = try mock.post("/api/push-notification", #"{"title":"t","activity_id":""}"#)
        XCTAssertEqual(push.status, 200, push.text)
        XCTAssertEqual(try newestJournalEntry()["ignored_properties"] as? [String], ["activity_id"])
    }

    func testANonStringActivityIDAndOtherUnknownPropertiesAreStillRefused() throws {
        let number = try mock.post("/api/live-activity/start", "{\(alert),\"activity_id\":5}")
        XCTAssertEqual(number.status, 400)
        XCTAssertEqual(number.json?["message"] as? String, "activity_id must be a string (it is ignored), got integer")
        let other = try mock.post("/api/push-notification", #"{"title":"t","live_activity_id":""}"#)
        XCTAssertEqual(other.status, 400)
        XCTAssertEqual(other.json?["message"] as? String, "live_activity_id is not a known property")
        // Replace is not among them: the action never replaces.
        XCTAssertEqual(try mock.post("/api/push-notification/x", #"{"title":"t","activity_id":""}"#, method: "PUT").status, 400)
    }

    func testRequestsWithoutIgnoredPropertiesJournalNone() throws {
        XCTAssertEqual(try mock.post("/api/push-notification", #"{"title":"t"}"#).status, 200)
        XCTAssertNil(try newestJournalEntry()["ignored_properties"])
    }
}
