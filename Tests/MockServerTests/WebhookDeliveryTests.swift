import XCTest
import TestSupport
@testable import MockServer
import APIModel

/// What a webhook delivery records for each kind of receiver, replay, waits, bounds and restarts.
final class WebhookDeliveryTests: XCTestCase {
    var f: WebhookFixture!
    override func tearDown() { f?.stop() }

    /// Starts a fixture whose extra routes send `https://NAME.example.com` to `to`, and an activity
    /// on adam-iphone whose action calls `url`; returns the tap body.
    private func activityTap(_ url: String) throws -> String {
        let id = try f.startActivity(action: WebhookFixture.button("Go", url: url))
        return #"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"action"}"#
    }

    func testFailuresAndAnswersAreRecordedWithTheirCause() throws {
        let refusedPort = WebhookReceiver.closedPort()
        let hole = BlackHole()
        defer { hole.close() }
        f = try WebhookFixture { config, _ in
            config.webhooks.timeoutSeconds = 0.5
            config.webhooks.routes += [
                WebhookRoute(from: "https://refused.example.com", to: "http://127.0.0.1:\(refusedPort)"),
                WebhookRoute(from: "https://silent.example.com", to: "http://127.0.0.1:\(hole.port)")
            ]
        }
        let refused = try f.settled(try f.tapDelivering(try activityTap("https://refused.example.com/hook")))
        XCTAssertEqual(refused["state"] as? String, "failed")
        XCTAssertEqual(refused["error"] as? String, "connection refused by 127.0.0.1:\(refusedPort)")
        XCTAssertEqual(refused["error_kind"] as? String, "connection_refused")
        XCTAssertTrue(refused["response"] is NSNull)

        let silent = try f.settled(try f.tapDelivering(try activityTap("https://silent.example.com/hook")))
        XCTAssertEqual(silent["state"] as? String, "failed")
        XCTAssertEqual(silent["error"] as? String, "timeout after 0.5 s")
        XCTAssertEqual(silent[object: "request"]?[object: "headers"]?["Host"] as? String, "127.0.0.1:\(hole.port)", "the request as sent")

        let failing = try f.settled(try f.tapDelivering(try activityTap("https://hooks.example.com/status/500")))
        XCTAssertEqual(failing["state"] as? String, "delivered", "any HTTP answer is a delivery")
        XCTAssertEqual(failing[object: "response"]?["status"] as? Int, 500)

        let redirect = try f.settled(try f.tapDelivering(try activityTap("https://hooks.example.com/redirect")))
        XCTAssertEqual(redirect[object: "response"]?["status"] as? Int, 302)
        XCTAssertEqual(redirect[object: "response"]?[object: "headers"]?["Location"] as? String, "/elsewhere")
        XCTAssertEqual(f.receiver.requests.map(\.target), ["/status/500", "/redirect"], "the redirect was not followed")

        let big = try f.settled(try f.tapDelivering(try activityTap("https://hooks.example.com/big")))
        XCTAssertEqual(big[object: "response"]?["status"] as? Int, 200)
        XCTAssertEqual(big[object: "response"]?["truncated"] as? Bool, true)
        XCTAssertEqual((big[object: "response"]?["body"] as? String)?.utf8.count, 64 * 1024)
    }

    func testHTTPSReceiverTrustedOnlyThroughWebhookCA() throws {
        f = try WebhookFixture(tls: true) { config, receiver in config.webhooks.caFile = receiver.caFile }
        let trusted = try f.settled(try f.tapDelivering(try activityTap("https://hooks.example.com/secure")))
        XCTAssertEqual(trusted["state"] as? String, "delivered", "\(trusted)")
        XCTAssertEqual(trusted[object: "request"]?["sent_to"] as? String, f.receiver.base + "/secure")
        XCTAssertEqual(f.receiver.requests.map(\.target), ["/secure"])

        let receiverBase = f.receiver.base
        let untrusting = try MockFixture { config in config.webhooks.routes = [WebhookRoute(from: "https://hooks.example.com", to: receiverBase)] }
        defer { untrusting.stop() }
        let start = try untrusting.post(
            "/live-activity/start",
            #"{"content_state":{"title":"t","type":"alert","message":"m"},"action":\#(WebhookFixture.button("Go", url: "https://hooks.example.com/x"))}"#)
        let id = try XCTUnwrap(start.json?["activity_id"] as? String)
        let tap = try untrusting.control("POST", "/_mock/taps", #"{"device_id":"adam-iphone","activity_id":"\#(id)","button":"action"}"#)
        let delivery = try XCTUnwrap(
            try untrusting.control("GET", "/_mock/deliveries/\(try XCTUnwrap(tap.json?["delivery_id"] as? Int))?wait=4").json)
        XCTAssertEqual(delivery["state"] as? String, "failed")
        XCTAssertEqual(delivery["error_kind"] as? String, "untrusted_certificate")
        XCTAssertTrue((delivery["error"] as? String ?? "").hasPrefix("certificate not trusted for 127.0.0.1:"), "\(delivery)")
        XCTAssertEqual(f.receiver.requests.count, 1, "nothing reached the receiver over an untrusted connection")
    }

    func testReplayAndWaitsThatEndOnTheChangeOrRunOut() throws {
        f = try WebhookFixture()
        let tap = try activityTap("https://hooks.example.com/slow/600")
        let first = try f.tapDelivering(tap)
        let ranOut = try XCTUnwrap(try f.mock.control("GET", "/_mock/deliveries/\(first)?wait=0.2").json)
        XCTAssertEqual(ranOut["timed_out"] as? Bool, true)
        XCTAssertEqual(ranOut["state"] as? String, "pending")
        XCTAssertNil(try f.mock.control("GET", "/_mock/deliveries/\(first)").json?["timed_out"], "no wait, no timed_out")
        let done = try f.settled(first)
        XCTAssertEqual(done["state"] as? String, "delivered")

        let replay = try f.mock.control("POST", "/_mock/deliveries/\(first)/replay")
        XCTAssertEqual(replay.status, 200, replay.text)
        let second = try XCTUnwrap(replay.json?["id"] as? Int)
        XCTAssertNotEqual(second, first)
        XCTAssertEqual(replay.json?["replay_of"] as? Int, first)
        XCTAssertEqual(replay.json?["state"] as? String, "pending")
        XCTAssertTrue(replay.json?["response"] is NSNull, "a replay starts without the original's answer")
        // The list's wait ends at its first match: two delivered.
        let both = try XCTUnwrap(try f.mock.control("GET", "/_mock/deliveries?state=delivered&min_count=2&wait=4").json)
        XCTAssertEqual(both["timed_out"] as? Bool, false)
        XCTAssertEqual((both["deliveries"] as? [[String: Any]])?.map { $0["id"] as? Int }, [second, first])
        XCTAssertEqual(f.receiver.requests.count, 2)
        let none = try XCTUnwrap(try f.mock.control("GET", "/_mock/deliveries?state=failed&wait=0.1").json)
        XCTAssertEqual(none["timed_out"] as? Bool, true)
        XCTAssertEqual((none["deliveries"] as? [Any])?.count, 0)
    }

    func testWebhooksOffRecordsTapsAndCallsNothing() throws {
        f = try WebhookFixture { config, _ in config.webhooks.enabled = false }
        let tap = try f.tap(try activityTap("https://hooks.example.com/off"))
        XCTAssertEqual(tap.status, 200, tap.text)
        XCTAssertEqual(tap.json?["kind"] as? String, "webhook")
        XCTAssertEqual(tap.json?["called"] as? Bool, false)
        XCTAssertNil(tap.json?["delivery_id"])
        XCTAssertEqual((try f.mock.control("GET", "/_mock/taps").json?["taps"] as? [Any])?.count, 1)
        XCTAssertEqual((try f.mock.control("GET", "/_mock/deliveries").json?["deliveries"] as? [Any])?.count, 0)
        XCTAssertTrue(f.receiver.requests.isEmpty)
    }

    func testAFullQueueRefusesTheTapAndDropsNothingAccepted() throws {
        let hole = BlackHole()
        defer { hole.close() }
        f = try WebhookFixture { config, _ in
            config.webhooks.maxInFlight = 1
            config.webhooks.maxQueued = 1
            config.webhooks.timeoutSeconds = 1
            config.webhooks.routes = [WebhookRoute(from: "https://hooks.example.com", to: "http://127.0.0.1:\(hole.port)")]
        }
        let tap = try activityTap("https://hooks.example.com/slow")
        let accepted = [try f.tapDelivering(tap), try f.tapDelivering(tap)]
        let full = try f.tap(tap)
        XCTAssertEqual(full.status, 503, full.text)
        XCTAssertTrue(full.text.contains("webhook queue is full"), full.text)
        XCTAssertEqual((try f.mock.control("GET", "/_mock/taps").json?["taps"] as? [Any])?.count, 2, "the refused tap left nothing")
        for id in accepted { XCTAssertEqual(try f.settled(id)["error_kind"] as? String, "timeout") }
        XCTAssertEqual(try f.tap(tap).status, 200, "places free again once deliveries end")
    }

    func testTapsAndDeliveriesSurviveARestartAndAResetClearsThem() throws {
        let path = TemporaryDatabase.path()
        let hole = BlackHole()
        defer { hole.close() }
        f = try WebhookFixture { config, _ in
            config.databasePath = path
            config.webhooks.timeoutSeconds = 30
            config.webhooks.routes.append(WebhookRoute(from: "https://silent.example.com", to: "http://127.0.0.1:\(hole.port)"))
        }
        let delivered = try f.settled(try f.tapDelivering(try activityTap("https://hooks.example.com/kept")))
        let inFlight = try f.tapDelivering(try activityTap("https://silent.example.com/never"))
        f.mock.stop()  // the silent call is in flight: abandoned after the grace, recorded as interrupted

        let again = try MockFixture(databasePath: path)
        defer { again.stop() }
        let kept = try XCTUnwrap(try again.control("GET", "/_mock/deliveries/\(try XCTUnwrap(delivered["id"] as? Int))").json)
        XCTAssertEqual(kept["state"] as? String, "delivered")
        let interrupted = try XCTUnwrap(try again.control("GET", "/_mock/deliveries/\(inFlight)").json)
        XCTAssertEqual(interrupted["state"] as? String, "failed")
        XCTAssertEqual(interrupted["error_kind"] as? String, "interrupted")
        XCTAssertEqual((try again.control("GET", "/_mock/taps").json?["taps"] as? [Any])?.count, 2)

        XCTAssertEqual(try again.control("POST", "/_mock/reset").status, 200)
        XCTAssertEqual((try again.control("GET", "/_mock/taps").json?["taps"] as? [Any])?.count, 0)
        XCTAssertEqual((try again.control("GET", "/_mock/deliveries").json?["deliveries"] as? [Any])?.count, 0)
    }
}
