import XCTest
import TestSupport
@testable import MockServer
@testable import MockStore

final class PushMetricBadgeTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock?.stop() }

    func testSendAndReplaceKeepRecipientsAndStoredTags() throws {
        let sent = try mock.post(
            "/push-notification", key: "ask_ops_only",
            #"{"title":"Deploy","message":"v1","tags":["deploy"],"metadata":{"run":1},"badge":2,"interruption_level":"time-sensitive"}"#)
        XCTAssertEqual(sent.status, 200, sent.text)
        XCTAssertEqual(sent.json?["devices_notified"] as? Int, 2)
        XCTAssertEqual(sent.json?["effective_channel_slugs"] as? [String], ["ops"])
        let id = try XCTUnwrap(sent.json?["notification_id"] as? String)
        XCTAssertEqual(id.count, 32)

        let replaced = try mock.post("/push-notification/\(id)", key: "ask_ops_only", #"{"title":"Deploy","message":"v2"}"#, method: "PUT")
        XCTAssertEqual(replaced.status, 200, replaced.text)
        XCTAssertEqual(replaced.json?["notification_id"] as? String, id)
        XCTAssertEqual(replaced.json?["devices_notified"] as? Int, 2)
        XCTAssertEqual(replaced.json?["tags"] as? [String], ["deploy"], "omitted tags keep the stored ones")
        let rows = try mock.server.store.read { db in
            try db.query("SELECT revision, device_id, payload FROM notification_deliveries WHERE notification_id = ? ORDER BY revision, device_id", .text(id)) {
                ($0.int(0), $0.text(1), $0.text(2))
            }
        }
        XCTAssertEqual(rows.map(\.0), [1, 1, 2, 2])
        XCTAssertEqual(rows.map(\.1), ["adam-iphone", "lab-ipad", "adam-iphone", "lab-ipad"])
        XCTAssertTrue(rows[2].2.contains("v2"))
        let metadata = try mock.server.store.read { try $0.notifications.get(id: id)?.metadata }
        XCTAssertEqual(metadata, #"{"run":1}"#)
        let badge = try mock.server.store.read { try $0.scalarInt("SELECT badge FROM devices WHERE id = 'adam-iphone'") }
        XCTAssertEqual(badge, 2)

        let foreign = try mock.post("/push-notification/\(id)", key: "ask_globex_key", #"{"title":"x"}"#, method: "PUT")
        XCTAssertEqual(foreign.status, 403)
        let missing = try mock.post("/push-notification/nope", #"{"title":"x"}"#, method: "PUT")
        XCTAssertEqual(missing.status, 404)
    }

    func testPushValidation() throws {
        let cases: [(String, String)] = [
            (#"{"message":"no title"}"#, "title is required"),
            (#"{"title":"t","media":"https://a.test/x.png","actions":[{"title":"a","type":"open_url","url":"https://a.test"}]}"#, "media and actions"),
            (#"{"title":"t","actions":[{"title":"a","type":"webhook","url":"http://a.test"}]}"#, "actions[0].url"),
            (#"{"title":"t","actions":[1,2,3,4,5]}"#, "at most 4"),
            (#"{"title":"t","media":"http://a.test/x.png"}"#, "media must be an https:// URL"),
            (#"{"title":"t","redirection":"javascript:alert(1)"}"#, "blocked URL scheme"),
            (#"{"title":"t","interruption_level":"urgent"}"#, "interruption_level must be one of"),
            (#"{"title":"t","badge":-1}"#, "badge must be greater than or equal to 0")
        ]
        for (body, expected) in cases {
            let reply = try mock.post("/push-notification", body)
            XCTAssertEqual(reply.status, 400, body)
            XCTAssertTrue((reply.json?["message"] as? String)?.contains(expected) == true, "\(body): \(reply.text)")
        }
        let custom = try mock.post(
            "/push-notification", #"{"title":"t","redirection":"spotify:track:123","actions":[{"title":"Play","type":"open_url","url":"spotify://x"}]}"#)
        XCTAssertEqual(custom.status, 200, custom.text)
        let nobody = try mock.post("/push-notification", #"{"title":"t","target":{"channels":["void"]}}"#)
        XCTAssertEqual(nobody.status, 404)
        XCTAssertEqual(nobody.json?["message"] as? String, "No devices matched the effective channel target")
    }

    func testMetricsKeepHistory() throws {
        XCTAssertEqual(try mock.post("/metrics/deploy.success_rate/value", #"{"value":99.5}"#).text, #"{"success":true}"#)
        XCTAssertEqual(try mock.post("/metrics/prod.status/value", #"{"value":"OK","timestamp":"2026-01-28T09:57:26.056Z"}"#).status, 200)
        XCTAssertEqual(try mock.post("/metrics/prod.status/value", #"{"value":"DEGRADED"}"#).status, 200)
        let history = try mock.server.store.read { db in
            try db.query("SELECT value, measured_at FROM metric_values WHERE key = 'prod.status' ORDER BY id") { ($0.text(0), $0.int(1)) }
        }
        XCTAssertEqual(history.map(\.0), [#""OK""#, #""DEGRADED""#])
        XCTAssertEqual(history[0].1, 1_769_594_246_056)

        let unknown = try mock.post("/metrics/unknown.metric/value", #"{"value":1}"#)
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(unknown.text, #"{"error":"Metric not found"}"#)
        for body in [#"{"value":true}"#, #"{"value":""}"#, #"{}"#, #"{"value":1,"extra":2}"#, #"{"value":1,"timestamp":"soon"}"#, "nope"] {
            let reply = try mock.post("/metrics/prod.status/value", body)
            XCTAssertEqual(reply.status, 400, body)
            XCTAssertNotNil(reply.json?["error"] as? String, body)
        }
        XCTAssertEqual(try mock.post("/metrics/Bad Key/value", #"{"value":1}"#).status, 400)
        XCTAssertEqual(
            try mock.post("/metrics/prod.status/value", key: "ask_globex_key", #"{"value":1}"#).status, 404,
            "metrics are per account")
    }

    func testBadge() throws {
        let all = try mock.post("/badge", #"{"badge":8333}"#)
        XCTAssertEqual(all.status, 200, all.text)
        XCTAssertEqual(all.json?["devices_updated"] as? Int, 3)
        XCTAssertEqual(all.json?["users_updated"] as? Int, 2)
        XCTAssertEqual(all.json?["devices_notified"] as? Int, 3)
        XCTAssertEqual(all.json?["effective_channel_slugs"] as? [String], [])
        let ops = try mock.post("/badge", #"{"badge":0,"target":{"channels":["ops"]}}"#)
        XCTAssertEqual(ops.json?["effective_channel_slugs"] as? [String], ["ops"])
        let badges = try mock.server.store.read { db in
            try db.query("SELECT id, badge FROM devices WHERE account_id = 'acme' ORDER BY id") { "\($0.text(0))=\($0.int(1))" }
        }
        XCTAssertEqual(badges, ["adam-iphone=0", "eve-iphone=8333", "lab-ipad=0"])
        XCTAssertEqual(try mock.post("/badge", #"{"badge":2147483648}"#).status, 400)
        XCTAssertEqual(try mock.post("/badge", #"{"badge":1.5}"#).status, 400)
        XCTAssertEqual(try mock.post("/badge", key: "ask_ops_only", #"{"badge":1,"target":{"channels":["marketing"]}}"#).status, 403)
    }
}
