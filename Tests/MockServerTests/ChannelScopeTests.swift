import XCTest
import Foundation
import TestSupport
@testable import MockServer

/// Every row of docs/mock-choices.md's channel-scope table: `ask_ops_only` (scope channels, `ops`)
/// against what `ask_123456789` (scope all) sent to `marketing`, and against its own.
final class ChannelScopeTests: XCTestCase {
    var mock: MockFixture!
    let ops = "ask_ops_only"
    var marketingActivity = "", marketingPush = "", opsActivity = "", opsPush = ""

    override func setUpWithError() throws {
        mock = try MockFixture()
        let alert = #""content_state":{"title":"t","type":"alert","message":"m"}"#
        marketingActivity = try id(mock.post("/api/live-activity/start", #"{\#(alert),"target":{"channels":["marketing"]}}"#), "activity_id")
        marketingPush = try id(mock.post("/api/push-notification", #"{"title":"m","target":{"channels":["marketing"]}}"#), "notification_id")
        XCTAssertEqual(try mock.post("/api/live-activity/stream/mkt", #"{\#(alert),"channels":["marketing"]}"#, method: "PUT").status, 200)
        opsActivity = try id(mock.post("/api/live-activity/start", key: ops, "{\(alert)}"), "activity_id")
        opsPush = try id(mock.post("/api/push-notification", key: ops, #"{"title":"o"}"#), "notification_id")
        XCTAssertEqual(try mock.post("/api/live-activity/stream/opsy", key: ops, "{\(alert)}", method: "PUT").status, 200)
    }

    override func tearDown() { mock.stop() }

    private func id(_ reply: RawClient.Reply, _ field: String) throws -> String {
        try XCTUnwrap(reply.json?[field] as? String, reply.text)
    }

    private func tool(_ name: String, _ arguments: String = "{}") throws -> (isError: Bool, content: [String: Any]) {
        let reply = try mock.post("/mcp", key: ops, #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\#(name)","arguments":\#(arguments)}}"#)
        let result = try XCTUnwrap(reply.json?["result"] as? [String: Any], reply.text)
        return (result["isError"] as? Bool ?? false, result["structuredContent"] as? [String: Any] ?? [:])
    }

    func testRESTStartPushAndBadgeReachOnlyItsChannels() throws {
        let alert = #""content_state":{"title":"t","type":"alert","message":"m"}"#
        XCTAssertEqual(try mock.post("/api/live-activity/start", key: ops, #"{\#(alert),"target":{"channels":["marketing"]}}"#).status, 403)
        XCTAssertEqual(try mock.post("/api/push-notification", key: ops, #"{"title":"t","target":{"channels":["marketing"]}}"#).status, 403)
        XCTAssertEqual(try mock.post("/api/badge", key: ops, #"{"badge":1,"target":{"channels":["marketing"]}}"#).status, 403)
        let badge = try mock.post("/api/badge", key: ops, #"{"badge":1}"#)
        XCTAssertEqual(badge.json?["effective_channel_slugs"] as? [String], ["ops"], "no target: its own channels")
        XCTAssertEqual(try mock.post("/api/metrics/prod.status/value", key: ops, #"{"value":1}"#).status, 200, "metrics belong to the account")
    }

    func testRESTUpdateEndAndReplaceOnlyWhatWentToItsChannels() throws {
        for phase in ["update", "end"] {
            let other = try mock.post("/api/live-activity/\(phase)", key: ops, #"{"activity_id":"\#(marketingActivity)","content_state":{"title":"x"}}"#)
            XCTAssertEqual(other.status, 403, phase)
            XCTAssertEqual(other.json?["message"] as? String, "This API key reaches only its channels (ops); this Live Activity goes beyond them")
        }
        // The seeded activity went to the whole account (no target): beyond ops too.
        XCTAssertEqual(try mock.post("/api/live-activity/update", key: ops, MockFixture.docsUpdate).status, 403)
        XCTAssertEqual(
            try mock.post("/api/live-activity/update", key: ops, #"{"activity_id":"\#(opsActivity)","content_state":{"title":"x","message":"y"}}"#).status, 200)
        XCTAssertEqual(try mock.post("/api/push-notification/\(marketingPush)", key: ops, #"{"title":"r"}"#, method: "PUT").status, 403)
        XCTAssertEqual(try mock.post("/api/push-notification/\(opsPush)", key: ops, #"{"title":"r"}"#, method: "PUT").status, 200)
    }

    func testRESTStreamsOnlyWhenTheirActivityWentToItsChannels() throws {
        let state = #"{"content_state":{"title":"u","type":"alert","message":"n"}}"#
        XCTAssertEqual(try mock.post("/api/live-activity/stream/mkt", key: ops, state, method: "PUT").status, 403)
        XCTAssertEqual(try mock.post("/api/live-activity/stream/mkt", key: ops, "", method: "DELETE").status, 403)
        let devices = try XCTUnwrap(try mock.control("GET", "/_mock/activities?stream_key=mkt").json?["activities"] as? [[String: Any]])
        XCTAssertEqual(devices.first?["status"] as? String, "active", "the marketing stream is untouched")
        XCTAssertEqual(try mock.post("/api/live-activity/stream/opsy", key: ops, state, method: "PUT").json?["operation"] as? String, "updated")
        XCTAssertEqual(try mock.post("/api/live-activity/stream/opsy", key: ops, "", method: "DELETE").status, 200)
    }

    func testMCPReadsKeepToItsChannels() throws {
        let pushes = try tool("list_push_notifications", #"{"limit":100}"#).content["notifications"] as? [[String: Any]]
        XCTAssertEqual(pushes?.compactMap { $0["id"] as? String }, [opsPush])
        XCTAssertTrue(try tool("get_push_notification", #"{"notification_id":"\#(marketingPush)"}"#).isError)
        XCTAssertFalse(try tool("get_push_notification", #"{"notification_id":"\#(opsPush)"}"#).isError)
        let activities = try tool("list_live_activities", #"{"limit":100}"#).content["activities"] as? [[String: Any]]
        XCTAssertEqual(Set(activities?.compactMap { $0["id"] as? String } ?? []).contains(marketingActivity), false)
        XCTAssertEqual(activities?.contains { ($0["id"] as? String) == opsActivity }, true)
        XCTAssertEqual((try tool("list_channels").content["channels"] as? [[String: Any]])?.compactMap { $0["slug"] as? String }, ["ops"])
        XCTAssertTrue(try tool("get_channel", #"{"slug":"marketing"}"#).isError)
        XCTAssertFalse(try tool("get_channel", #"{"slug":"ops"}"#).isError)
        let devices = (try tool("list_account_devices").content["devices"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        XCTAssertEqual(Set(devices ?? []), ["adam-iphone", "lab-ipad"])
        let users = try tool("list_account_users").content["users"] as? [[String: Any]]
        XCTAssertEqual(users?.compactMap { $0["id"] as? String }, ["adam"], "eve has no device in ops")
        XCTAssertFalse(try tool("list_widget_metrics").isError, "metrics belong to the account")
    }

    func testMCPChangesKeepToItsChannels() throws {
        for name in ["pause_live_activity_stream", "resume_live_activity_stream", "end_live_activity_stream"] {
            XCTAssertTrue(try tool(name, #"{"stream_key":"mkt"}"#).isError, name)
        }
        XCTAssertFalse(try tool("pause_live_activity_stream", #"{"stream_key":"opsy"}"#).isError)
        XCTAssertTrue(try tool("set_live_activity_stream", #"{"stream_key":"mkt","content_state":{"title":"x","type":"alert","message":"y"}}"#).isError)
        XCTAssertTrue(try tool("send_push_notification", #"{"title":"t","target":{"channels":["marketing"]}}"#).isError)
        XCTAssertTrue(try tool("update_app_icon_badge_count", #"{"badge":1,"target":{"channels":["marketing"]}}"#).isError)
        XCTAssertFalse(try tool("set_widget_metric_value", #"{"key":"prod.status","value":2}"#).isError)
        for (name, arguments) in [
            ("create_widget_metric", #"{"key":"x.y"}"#), ("update_widget_metric", #"{"key":"prod.status","name":"n"}"#),
            ("delete_widget_metric", #"{"key":"prod.status"}"#), ("create_channel", #"{"slug":"new"}"#),
            ("update_channel", #"{"slug":"ops","name":"n"}"#), ("set_channel_users", #"{"slug":"ops","users":["adam"]}"#),
            ("set_channel_devices", #"{"slug":"ops","devices":["adam-iphone"]}"#), ("delete_channel", #"{"slug":"ops"}"#),
            ("create_api_key", #"{"name":"k"}"#), ("list_api_keys", "{}"), ("update_api_key", #"{"id":"key_1","name":"n"}"#),
            ("delete_api_key", #"{"id":"key_1"}"#)
        ] {
            let result = try tool(name, arguments)
            XCTAssertTrue(result.isError, name)
            XCTAssertEqual(result.content["error"] as? String, "Forbidden", name)
        }
    }
}
