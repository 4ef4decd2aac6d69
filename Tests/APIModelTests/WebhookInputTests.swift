import XCTest
import APIModel

/// `--webhook-route` rewriting and the tap body's rules, as pure functions.
final class WebhookInputTests: XCTestCase {
    func testRoutesRewriteAtBoundariesKeepingPathAndQuery() throws {
        let routes = [
            try WebhookRoute.parse("https://hooks.example.com=http://127.0.0.1:3000"),
            try WebhookRoute.parse("https://hooks.example.com/special=http://127.0.0.1:4000/x/")
        ]
        XCTAssertEqual(WebhookRoute.apply(routes, to: "https://hooks.example.com/a/b?c=d"), "http://127.0.0.1:3000/a/b?c=d")
        XCTAssertEqual(WebhookRoute.apply(routes, to: "https://hooks.example.com"), "http://127.0.0.1:3000")
        XCTAssertEqual(WebhookRoute.apply(routes, to: "https://HOOKS.example.com/q"), "http://127.0.0.1:3000/q", "scheme and host compare without case")
        XCTAssertEqual(WebhookRoute.apply(routes, to: "https://hooks.example.com/special/1"), "http://127.0.0.1:4000/x/1", "the longest prefix wins")
        XCTAssertEqual(
            WebhookRoute.apply(routes, to: "https://hooks.example.com.evil.net/a"), "https://hooks.example.com.evil.net/a",
            "a prefix matches only at a boundary")
        XCTAssertEqual(WebhookRoute.apply(routes, to: "https://other.example.com/a"), "https://other.example.com/a")
        XCTAssertEqual(WebhookRoute.apply([], to: "https://x.example.com/"), "https://x.example.com/")
    }

    func testRouteParsingNamesWhatIsWrong() {
        for bad in ["https://a.example.com", "ftp://a=http://b", "https://a.example.com=127.0.0.1:3000", "=http://b"] {
            XCTAssertThrowsError(try WebhookRoute.parse(bad), bad) { error in
                XCTAssertTrue(((error as? APIError)?.message ?? "").contains("webhook route"), "\(error)")
            }
        }
    }

    func testTapBodies() throws {
        XCTAssertEqual(
            try TapRequest.decode(Array(#"{"device_id":"d","activity_id":"a","button":"secondary_action"}"#.utf8)),
            TapRequest(deviceID: "d", target: .activity(id: "a", button: .secondaryAction)))
        XCTAssertEqual(
            try TapRequest.decode(Array(#"{"device_id":"d","notification_id":"n","action_index":3}"#.utf8)),
            TapRequest(deviceID: "d", target: .notification(id: "n", actionIndex: 3)))
        XCTAssertEqual(
            try TapRequest.decode(Array(#"{"device_id":"d","notification_id":"n"}"#.utf8)),
            TapRequest(deviceID: "d", target: .notification(id: "n", actionIndex: nil)))
        let refused: [(String, String)] = [
            (#"{"activity_id":"a","button":"action"}"#, "device_id"),
            (#"{"device_id":"d","activity_id":"a","button":"action","action_index":0}"#, "action_index goes with notification_id"),
            (#"{"device_id":"d","notification_id":"n","button":"action"}"#, "button goes with activity_id"),
            (#"{"device_id":"d","notification_id":"n","action_index":-1}"#, "action_index"),
            (#"{"device_id":"d","notification_id":"n","action_index":"0"}"#, "action_index")
        ]
        for (body, words) in refused {
            XCTAssertThrowsError(try TapRequest.decode(Array(body.utf8)), body) { error in
                XCTAssertEqual((error as? APIError)?.status, 400)
                XCTAssertTrue(((error as? APIError)?.message ?? "").contains(words), "\(body): \(error)")
            }
        }
    }

    func testStoredButtonsReadBackWithPOSTAsTheDefault() throws {
        let button = try XCTUnwrap(StoredButton(try JSONParser.parse(#"{"title":"t","type":"webhook","url":"https://h/x","body":{"a":1}}"#)))
        XCTAssertEqual(button.method, .POST)
        XCTAssertEqual(button.kind, .webhook)
        XCTAssertEqual(button.body?["a"], .int(1))
        XCTAssertNil(StoredButton(try JSONParser.parse(#"{"title":"t","type":"call","url":"https://h/x"}"#)))
    }
}
