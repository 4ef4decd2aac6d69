import XCTest
import TestSupport
@testable import MockServer
@testable import MockStore

/// At least 60 malformed or adversarial requests, each answered with its proper 4xx and a JSON
/// error, and after all of them a normal request on the same server still succeeds.
final class BadInputCorpusTests: XCTestCase {
    static let auth = "Authorization: Bearer ask_123456789\r\n"
    static let update = "/api/live-activity/update"
    static let seeded = MockFixture.seededID

    /// (name, raw request, expected status)
    static var corpus: [(String, String, Int)] {
        func post(_ path: String, _ body: String, extra: String = auth) -> String {
            "POST \(path) HTTP/1.1\r\nHost: t\r\n\(extra)Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        func cs(_ state: String) -> String { #"{"activity_id":"\#(seeded)","content_state":\#(state)}"# }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let deepObject = String(repeating: #"{"a":"#, count: 60) + "1" + String(repeating: "}", count: 60)
        var cases: [(String, String, Int)] = [
            // Broken JSON
            ("empty body", post(update, ""), 400),
            ("not json", post(update, "hello"), 400),
            ("truncated object", post(update, #"{"activity_id":"#), 400),
            ("trailing comma", post(update, #"{"activity_id":"x",}"#), 400),
            ("single quotes", post(update, "{'activity_id':'x'}"), 400),
            ("comment", post(update, #"{"activity_id":"x" /* c */}"#), 400),
            ("two documents", post(update, #"{} {}"#), 400),
            ("bare string", post(update, #""text""#), 400),
            ("array body", post(update, #"[1,2]"#), 400),
            ("null body", post(update, "null"), 400),
            ("number body", post(update, "42"), 400),
            ("unterminated string", post(update, #"{"activity_id":"abc}"#), 400),
            ("bad escape", post(update, #"{"activity_id":"\q"}"#), 400),
            ("lone surrogate", post(update, #"{"activity_id":"\udc00"}"#), 400),
            ("raw control char", post(update, "{\"activity_id\":\"a\u{01}b\"}"), 400),
            (
                "invalid UTF-8",
                "POST \(update) HTTP/1.1\r\nHost: t\r\n\(auth)Content-Length: 18\r\n\r\n{\"activity_id\":\"\u{FF}\"}".replacingOccurrences(
                    of: "\u{FF}", with: "\u{FF}"), 400
            ),
            ("duplicate keys", post(update, #"{"activity_id":"x","activity_id":"y","content_state":{"title":"t"}}"#), 400),
            ("NaN literal", post(update, cs(#"{"title":"t","current_step":NaN}"#)), 400),
            ("Infinity literal", post(update, cs(#"{"title":"t","current_step":Infinity}"#)), 400),
            ("-Infinity literal", post(update, cs(#"{"title":"t","current_step":-Infinity}"#)), 400),
            ("leading zeros", post(update, cs(#"{"title":"t","current_step":01}"#)), 400),
            ("hex number", post(update, cs(#"{"title":"t","current_step":0x2}"#)), 400),
            ("deep array nesting", post(update, #"{"activity_id":"x","content_state":\#(deep)}"#), 400),
            ("deep object nesting", post(update, #"{"activity_id":"x","content_state":\#(deepObject)}"#), 400),
            // Wrong types and ranges
            ("activity_id number", post(update, #"{"activity_id":5,"content_state":{"title":"t"}}"#), 400),
            ("content_state string", post(update, #"{"activity_id":"x","content_state":"t"}"#), 400),
            ("content_state null", post(update, #"{"activity_id":"x","content_state":null}"#), 400),
            ("content_state array", post(update, #"{"activity_id":"x","content_state":[]}"#), 400),
            ("title null", post(update, cs(#"{"title":null,"current_step":2}"#)), 400),
            ("title number", post(update, cs(#"{"title":1,"current_step":2}"#)), 400),
            ("step string", post(update, cs(#"{"title":"t","current_step":"2"}"#)), 400),
            ("step bool", post(update, cs(#"{"title":"t","current_step":true}"#)), 400),
            ("step float", post(update, cs(#"{"title":"t","current_step":1.5}"#)), 400),
            ("step negative", post(update, cs(#"{"title":"t","current_step":-1}"#)), 400),
            ("step huge", post(update, cs(#"{"title":"t","current_step":1e300}"#)), 400),
            ("step 30 digits", post(update, cs(#"{"title":"t","current_step":123456789012345678901234567890}"#)), 400),
            ("step too far", post(update, cs(#"{"title":"t","current_step":4}"#)), 400),
            ("steps zero", post(update, cs(#"{"title":"t","current_step":0,"number_of_steps":0}"#)), 400),
            ("unknown field", post(update, cs(#"{"title":"t","current_step":2,"sparkle":true}"#)), 400),
            ("unknown top field", post(update, #"{"activity_id":"\#(seeded)","content_state":{"title":"t","current_step":2},"x":1}"#), 400),
            ("type mismatch", post(update, cs(#"{"title":"t","type":"alert","message":"m"}"#)), 400),
            ("bad type", post(update, cs(#"{"title":"t","type":"pie"}"#)), 400),
            ("bad color", post(update, cs(#"{"title":"t","current_step":2,"color":"pink"}"#)), 400),
            ("percentage over", post("/api/live-activity/start", #"{"content_state":{"title":"t","type":"progress","percentage":100.5}}"#), 400),
            ("metrics empty", post("/api/live-activity/start", #"{"content_state":{"title":"t","type":"metrics","metrics":[]}}"#), 400),
            (
                "metric value object",
                post("/api/live-activity/start", #"{"content_state":{"title":"t","type":"metrics","metrics":[{"label":"a","value":{}}]}}"#), 400
            ),
            (
                "action bad url",
                post(
                    "/api/live-activity/start",
                    #"{"content_state":{"title":"t","type":"alert","message":"m"},"action":{"title":"a","type":"webhook","url":"javascript:x"}}"#), 400
            ),
            ("metadata nested", post("/api/live-activity/start", #"{"content_state":{"title":"t","type":"alert","message":"m"},"metadata":{"a":[1]}}"#), 400),
            (
                "tags too long",
                post(
                    "/api/live-activity/start",
                    #"{"content_state":{"title":"t","type":"alert","message":"m"},"tags":["\#(String(repeating: "x", count: 65))"]}"#), 400
            ),
            (
                "huge string",
                post("/api/live-activity/start", #"{"content_state":{"title":"\#(String(repeating: "x", count: 70_000))","type":"alert","message":"m"}}"#), 400
            ),
            (
                "target channels null",
                post("/api/live-activity/start", #"{"content_state":{"title":"t","type":"alert","message":"m"},"target":{"channels":null}}"#), 400
            ),
            ("push no title", post("/api/push-notification", #"{"message":"m"}"#), 400),
            ("push five actions", post("/api/push-notification", #"{"title":"t","actions":[{},{},{},{},{}]}"#), 400),
            ("badge negative", post("/api/badge", #"{"badge":-1}"#), 400),
            ("badge too big", post("/api/badge", #"{"badge":2147483648}"#), 400),
            ("metric bool", post("/api/metrics/prod.status/value", #"{"value":false}"#), 400),
            ("metric bad key", post("/api/metrics/BAD%20KEY/value", #"{"value":1}"#), 400),
            ("stream bad key", "PUT /api/live-activity/stream/a%2Fb HTTP/1.1\r\nHost: t\r\n\(auth)Content-Length: 2\r\n\r\n{}", 400),
            // Auth tricks
            ("no auth", post(update, cs(#"{"title":"t","current_step":2}"#), extra: ""), 401),
            ("basic auth", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Basic YTpi\r\n"), 401),
            ("bearer empty", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Bearer \r\n"), 401),
            ("bearer two spaces", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Bearer  ask_123456789\r\n"), 401),
            ("bearer glued", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Bearerask_123456789\r\n"), 401),
            ("bearer tab", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Bearer\task_123456789\r\n"), 401),
            ("key prefix", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Bearer ask_12345678\r\n"), 401),
            ("key suffix", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Bearer ask_1234567890\r\n"), 401),
            ("foreign key", post(update, cs(#"{"title":"t","current_step":2}"#), extra: "Authorization: Bearer ask_globex_key\r\n"), 403),
            // Header and framing tricks
            ("CL and TE", "POST \(update) HTTP/1.1\r\nHost: t\r\n\(auth)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            ("conflicting CL", "POST \(update) HTTP/1.1\r\nHost: t\r\n\(auth)Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
            ("space before colon", "POST \(update) HTTP/1.1\r\nHost : t\r\n\r\n", 400),
            ("obs-fold", "POST \(update) HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n", 400),
            ("no host", "POST \(update) HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 400),
            ("unknown version", "POST \(update) HTTP/3.0\r\nHost: t\r\n\r\n", 505),
            ("gzip coding", "POST \(update) HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("body too large", "POST \(update) HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n", 413),
            ("header flood", "GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: "X-F: 1\r\n", count: 120) + "\r\n", 431),
            ("long target", "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("unknown route", "GET /api/nope HTTP/1.1\r\nHost: t\r\n\r\n", 404),
            ("wrong method", "DELETE \(update) HTTP/1.1\r\nHost: t\r\n\r\n", 405),
            ("unknown activity", post(update, #"{"activity_id":"does-not-exist","content_state":{"title":"t"}}"#), 404)
        ]
        // The "invalid UTF-8" row is rebuilt with raw bytes in the test.
        cases.removeAll { $0.0 == "invalid UTF-8" }
        return cases
    }

    func testEveryBadInputGetsItsJSON4xxAndTheServerKeepsServing() throws {
        let mock = try MockFixture { $0.rateLimit = 0 }
        defer { mock.stop() }
        let corpus = Self.corpus
        XCTAssertGreaterThanOrEqual(corpus.count + 1, 60)
        for (name, raw, status) in corpus {
            let reply = try RawClient.exchange(port: mock.port, raw)
            XCTAssertEqual(reply.status, status, "\(name): \(reply.text.prefix(200))")
            XCTAssertEqual(reply.header("Content-Type"), "application/json", name)
            XCTAssertNotNil(reply.json?["error"] as? String, "\(name): no JSON error")
        }
        // Invalid UTF-8 inside a JSON string, as raw bytes.
        let body: [UInt8] = Array(#"{"activity_id":""#.utf8) + [0xFF, 0xFE] + Array(#"","content_state":{"title":"t"}}"#.utf8)
        let client = try RawClient(port: mock.port)
        try client.send(Array("POST \(Self.update) HTTP/1.1\r\nHost: t\r\n\(Self.auth)Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        let utf8 = try client.readResponse()
        XCTAssertEqual(utf8.status, 400)
        XCTAssertTrue((utf8.json?["message"] as? String)?.contains("UTF-8") == true)

        let normal = try mock.post(Self.update, MockFixture.docsUpdate)
        XCTAssertEqual(normal.status, 200)
        XCTAssertEqual(normal.json?["devices_notified"] as? Int, 2)
        let count = try mock.server.store.read { try $0.scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(MockFixture.seededID)) }
        XCTAssertEqual(count, 1, "none of the bad inputs changed the activity")
    }
}
