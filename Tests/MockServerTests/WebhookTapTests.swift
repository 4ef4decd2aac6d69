import XCTest
import TestSupport
@testable import MockServer
import APIModel

/// Taps on what simulated devices received, and the webhook calls they make to a real receiver
/// on 127.0.0.1 (reached through `--webhook-route`).
final class WebhookTapTests: XCTestCase {
    var f: WebhookFixture!
    override func setUpWithError() throws { f = try WebhookFixture() }
    override func tearDown() { f?.stop() }

    func testLiveActivityButtonsCallTheirWebhookWithMethodAndBody() throws {
        let id = try f.startActivity(
            action: WebhookFixture.button("Send", url: "https://hooks.example.com/approvals/send?x=1", method: "POST", body: #"{"approval_id":"appr_123"}"#),
            secondary: WebhookFixture.button("Deny", url: "https://hooks.example.com/approvals/deny", method: "GET", body: #"{"ignored":true}"#))

        let tap = try f.tap(#"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"action"}"#)
        XCTAssertEqual(tap.status, 200, tap.text)
        XCTAssertEqual(tap.json?["kind"] as? String, "webhook")
        XCTAssertEqual(tap.json?["url"] as? String, "https://hooks.example.com/approvals/send?x=1")
        XCTAssertEqual(tap.json?["sent_to"] as? String, f.receiver.base + "/approvals/send?x=1", "the route keeps path and query")
        let delivery = try f.settled(try XCTUnwrap(tap.json?["delivery_id"] as? Int))
        XCTAssertEqual(delivery["state"] as? String, "delivered")
        XCTAssertEqual(delivery[object: "response"]?["status"] as? Int, 200)
        XCTAssertEqual(delivery[object: "response"]?["body"] as? String, #"{"received":true}"#)
        XCTAssertEqual(delivery[object: "request"]?[object: "headers"]?["Content-Type"] as? String, "application/json")
        XCTAssertEqual(delivery[object: "request"]?[object: "body"]?["approval_id"] as? String, "appr_123")

        let secondary = try f.tapDelivering(#"{"device_id":"lab-ipad","activity_id":"\#(id)","button":"secondary_action"}"#)
        XCTAssertEqual(try f.settled(secondary)["state"] as? String, "delivered")

        let got = f.receiver.requests
        XCTAssertEqual(got.map(\.method), ["POST", "GET"])
        XCTAssertEqual(got[0].target, "/approvals/send?x=1")
        XCTAssertEqual(got[0].text, #"{"approval_id":"appr_123"}"#)
        XCTAssertEqual(got[0].headers["content-type"], "application/json")
        XCTAssertEqual(got[0].headers["user-agent"], WebhookCall.userAgent)
        XCTAssertEqual(got[1].body, [], "GET carries no body, even when the button has one")
        XCTAssertNil(got[1].headers["content-type"])
    }

    func testPushActionsByIndexAndTheNotificationItself() throws {
        let actions = [
            WebhookFixture.button("Ack", url: "https://hooks.example.com/ack"),  // POST by default, no body
            WebhookFixture.button("Status", url: "https://hooks.example.com/status/204", method: "GET"),
            WebhookFixture.button("Runbook", url: "https://runbooks.example.com/payments", type: "open_url"),
            WebhookFixture.button("Incident", url: "https://hooks.example.com/incidents", method: "POST", body: #"{"severity":"high"}"#)
        ]
        let push = try f.mock.post(
            "/push-notification", #"{"title":"Build failed","redirection":"https://ci.example.com/run/1","actions":[\#(actions.joined(separator: ","))]}"#)
        XCTAssertEqual(push.status, 200, push.text)
        let id = try XCTUnwrap(push.json?["notification_id"] as? String)
        func tap(_ index: Int) throws -> RawClient.Reply {
            try f.tap(#"{"device_id":"eve-iphone","notification_id":"\#(id)","action_index":\#(index)}"#)
        }
        let ack = try XCTUnwrap(try tap(0).json?["delivery_id"] as? Int)
        let status = try XCTUnwrap(try tap(1).json?["delivery_id"] as? Int)
        let runbook = try tap(2)
        XCTAssertEqual(runbook.json?["kind"] as? String, "open_url")
        XCTAssertEqual(runbook.json?["url"] as? String, "https://runbooks.example.com/payments")
        XCTAssertNil(runbook.json?["delivery_id"], "an open_url tap calls nothing")
        let incident = try XCTUnwrap(try tap(3).json?["delivery_id"] as? Int)
        for delivery in [ack, status, incident] { _ = try f.settled(delivery) }
        XCTAssertEqual(try f.settled(status)[object: "response"]?["status"] as? Int, 204)

        let itself = try f.tap(#"{"device_id":"eve-iphone","notification_id":"\#(id)"}"#)
        XCTAssertEqual(itself.status, 200, itself.text)
        XCTAssertEqual(itself.json?["kind"] as? String, "redirection")
        XCTAssertEqual(itself.json?["url"] as? String, "https://ci.example.com/run/1")
        XCTAssertNil(itself.json?["delivery_id"])

        // Up to four deliveries run at once: they arrive in any order.
        let got = Dictionary(f.receiver.requests.map { ($0.target, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(f.receiver.requests.map(\.target).sorted(), ["/ack", "/incidents", "/status/204"], "open_url and redirection called nothing")
        let ackCall = try XCTUnwrap(got["/ack"])
        XCTAssertEqual(ackCall.method, "POST")
        XCTAssertEqual(ackCall.body, [], "POST without a body sends an empty one")
        XCTAssertEqual(ackCall.headers["content-length"], "0")
        XCTAssertNil(ackCall.headers["content-type"])
        XCTAssertEqual(got["/incidents"]?.text, #"{"severity":"high"}"#)

        let taps = try XCTUnwrap(try f.mock.control("GET", "/_mock/taps").json?["taps"] as? [[String: Any]])
        XCTAssertEqual(taps.map { $0["kind"] as? String }, ["redirection", "webhook", "open_url", "webhook", "webhook"], "newest first")
        let forEve = try XCTUnwrap(try f.mock.control("GET", "/_mock/deliveries?device_id=eve-iphone").json?["deliveries"] as? [[String: Any]])
        XCTAssertEqual(forEve.count, 3)
        let byNotification = try f.mock.control("GET", "/_mock/deliveries?notification_id=\(id)&state=delivered&limit=2")
        XCTAssertEqual((byNotification.json?["deliveries"] as? [Any])?.count, 2)
        let next = try XCTUnwrap(byNotification.json?["next"] as? String)
        XCTAssertEqual((try f.mock.control("GET", next).json?["deliveries"] as? [Any])?.count, 1, "the next page has the rest")
    }

    func testRefusalsSayWhatIsWrong() throws {
        let id = try f.startActivity(action: WebhookFixture.button("Send", url: "https://hooks.example.com/a"))
        let push = try XCTUnwrap(
            try f.mock.post("/push-notification", #"{"title":"t","target":{"channels":["marketing"]}}"#).json?["notification_id"] as? String)
        let cases: [(String, Int, String)] = [
            (#"{"device_id":"nobody","activity_id":"\#(id)","button":"action"}"#, 404, "No device nobody"),
            (#"{"device_id":"adam-iphone","activity_id":"nope","button":"action"}"#, 404, "No activity nope"),
            (#"{"device_id":"eve-iphone","activity_id":"\#(id)","button":"action"}"#, 409, "never received activity"),
            (#"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"secondary_action"}"#, 422, "no secondary_action button"),
            (#"{"device_id":"adam-iphone","notification_id":"\#(push)"}"#, 409, "never received push notification"),
            (#"{"device_id":"eve-iphone","notification_id":"\#(push)"}"#, 422, "has no redirection"),
            (#"{"device_id":"eve-iphone","notification_id":"\#(push)","action_index":0}"#, 422, "has no actions"),
            (#"{"device_id":"eve-iphone","notification_id":"\#(push)","action_index":4}"#, 400, "action_index"),
            (#"{"device_id":"adam-iphone","activity_id":"\#(id)"}"#, 400, "button is required"),
            (#"{"device_id":"adam-iphone"}"#, 400, "activity_id or notification_id is required"),
            (#"{"device_id":"adam-iphone","activity_id":"\#(id)","notification_id":"\#(push)","button":"action"}"#, 400, "cannot be combined"),
            (#"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"primary"}"#, 400, "button"),
            (#"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"action","extra":1}"#, 400, "extra"),
            ("not json", 400, "")
        ]
        for (body, status, words) in cases {
            let reply = try f.tap(body)
            XCTAssertEqual(reply.status, status, "\(body): \(reply.text)")
            XCTAssertTrue(words.isEmpty || (reply.json?["message"] as? String ?? "").contains(words), "\(body): \(reply.text)")
        }
        XCTAssertEqual((try f.mock.control("GET", "/_mock/taps").json?["taps"] as? [Any])?.count, 0, "no refused tap is recorded")
        XCTAssertTrue(f.receiver.requests.isEmpty)
        XCTAssertEqual(try f.mock.control("GET", "/_mock/deliveries/999").status, 404)
        XCTAssertEqual(try f.mock.control("GET", "/_mock/deliveries/x").status, 404)
        XCTAssertEqual(try f.mock.control("POST", "/_mock/deliveries/999/replay").status, 404)
        XCTAssertEqual(try f.mock.control("GET", "/_mock/deliveries?state=lost").status, 400)
        XCTAssertEqual(try f.mock.control("GET", "/_mock/deliveries?wait=31").status, 400)
    }

    func testAnEndedActivitysButtonsWorkUntilItIsDismissed() throws {
        f.stop()
        f = try WebhookFixture { config, _ in config.fixedClock = 1_800_000_000_000 }
        let id = try f.startActivity(action: WebhookFixture.button("Rollback", url: "https://hooks.example.com/rollback"))
        let end = try f.mock.post(
            "/live-activity/end", #"{"activity_id":"\#(id)","content_state":{"title":"Deployed","message":"done","auto_dismiss_minutes":5}}"#)
        XCTAssertEqual(end.status, 200, end.text)
        let tap = #"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"action"}"#
        _ = try f.settled(try f.tapDelivering(tap))
        XCTAssertEqual(try f.mock.control("POST", "/_mock/clock", #"{"advance_ms":299000}"#).status, 200)
        _ = try f.settled(try f.tapDelivering(tap))
        XCTAssertEqual(try f.mock.control("POST", "/_mock/clock", #"{"advance_ms":1000}"#).status, 200)
        let gone = try f.tap(tap)
        XCTAssertEqual(gone.status, 409, gone.text)
        XCTAssertTrue(gone.text.contains("left adam-iphone's Lock Screen at 2027-01-15T08:05:00.000Z"), gone.text)
        XCTAssertEqual(f.receiver.requests.count, 2)
    }

    func testADeviceWaitingForItsTokenTapsTheButtonsOfTheStart() throws {
        let id = try f.startActivity(action: WebhookFixture.button("First", url: "https://hooks.example.com/first"))
        let update = try f.mock.post(
            "/live-activity/update",
            #"{"activity_id":"\#(id)","content_state":{"title":"Approve deploy","message":"again"},"action":\#(WebhookFixture.button("Second", url: "https://hooks.example.com/second"))}"#
        )
        XCTAssertEqual(update.status, 200, update.text)
        // lab-ipad's token is manual: it still shows the start.
        let waiting = try f.tap(#"{"device_id":"lab-ipad","activity_id":"\#(id)","button":"action"}"#)
        XCTAssertEqual(waiting.json?["title"] as? String, "First")
        let current = try f.tap(#"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"action"}"#)
        XCTAssertEqual(current.json?["title"] as? String, "Second")
    }
}
