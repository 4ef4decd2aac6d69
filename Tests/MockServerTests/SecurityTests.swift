import XCTest
import Foundation
import TestSupport
import Locking
@testable import MockServer
@testable import MockStore

final class SecurityTests: XCTestCase {
    func testSecretsNeverAppearInLogsJournalOrErrors() throws {
        let log = Locked<[String]>([])
        let mock = try MockFixture { config in
            config.adminToken = "admin-token-secret"
            config.log = { line in log.withLock { $0.append(line) } }
        }
        defer { mock.stop() }
        var bodies: [String] = []
        for key in ["ask_123456789", "ask_ops_only", "ask_globex_key", "ask_not_a_real_key_123"] {
            bodies.append(try mock.post("/api/live-activity/update", key: key, MockFixture.docsUpdate).text)
            bodies.append(try mock.post("/api/push-notification", key: key, #"{"title":"t"}"#).text)
            bodies.append(try mock.post("/api/live-activity/start", key: key, "{broken").text)
        }
        bodies.append(try mock.control("GET", "/_mock/health", token: "wrong-admin-token").text)
        bodies.append(try mock.post("/api/badge", key: "admin-token-secret", #"{"badge":1}"#).text)
        let journal = try mock.control("GET", "/_mock/requests?limit=1000", token: "admin-token-secret").text
        let everything = bodies.joined() + journal + log.withLock { $0.joined(separator: "\n") }
        for secret in ["ask_123456789", "ask_ops_only", "ask_globex_key", "ask_not_a_real_key_123", "admin-token-secret", "wrong-admin-token"] {
            XCTAssertFalse(everything.contains(secret), "\(secret) leaked")
        }
        XCTAssertTrue(log.withLock { $0.joined(separator: "\n") }.contains("key=ask_…789"), "log lines carry the masked key")
        XCTAssertTrue(journal.contains("ask_…key"))
    }

    /// RFC 9110 §11.1: the scheme is case-insensitive, and so is the header's name.
    func testTheBearerSchemeIsMatchedInAnyCase() throws {
        let mock = try MockFixture()
        defer { mock.stop() }
        let body = MockFixture.docsUpdate
        for header in ["authorization: bearer ask_123456789", "AUTHORIZATION: BEARER ask_123456789", "Authorization: bEaReR ask_123456789"] {
            let answer = try RawClient.exchange(
                port: mock.port,
                "POST /api/live-activity/update HTTP/1.1\r\nHost: t\r\n\(header)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            XCTAssertEqual(answer.status, 200, header)
        }
    }

    /// Each route with another account's key and this account's object: never read, never changed.
    func testAForeignKeyCanNeverTouchAnotherAccountsObjects() throws {
        let mock = try MockFixture { $0.rateLimit = 0 }
        defer { mock.stop() }
        let foreign = "ask_globex_key"
        // acme's objects
        let stream = try mock.post("/api/live-activity/stream/acme-stream", #"{"content_state":{"title":"S","type":"alert","message":"m"}}"#, method: "PUT")
        let streamActivity = try XCTUnwrap(stream.json?["activity_id"] as? String)
        let push = try mock.post("/api/push-notification", #"{"title":"acme only"}"#)
        let notification = try XCTUnwrap(push.json?["notification_id"] as? String)

        XCTAssertEqual(try mock.post("/api/live-activity/update", key: foreign, MockFixture.docsUpdate).status, 403)
        XCTAssertEqual(
            try mock.post("/api/live-activity/end", key: foreign, #"{"activity_id":"\#(MockFixture.seededID)","content_state":{"title":"x","current_step":3}}"#)
                .status, 403)
        XCTAssertEqual(
            try mock.post("/api/live-activity/update", key: foreign, #"{"activity_id":"\#(streamActivity)","content_state":{"title":"x","message":"y"}}"#)
                .status, 403)
        // A foreign stream key is a different stream: DELETE finds nothing, PUT starts globex's own.
        XCTAssertEqual(try mock.post("/api/live-activity/stream/acme-stream", key: foreign, "", method: "DELETE").status, 404)
        let theirs = try mock.post(
            "/api/live-activity/stream/acme-stream", key: foreign, #"{"content_state":{"title":"G","type":"alert","message":"m"}}"#, method: "PUT")
        XCTAssertNotEqual(theirs.json?["activity_id"] as? String, streamActivity)
        XCTAssertEqual(try mock.post("/api/push-notification/\(notification)", key: foreign, #"{"title":"hijack"}"#, method: "PUT").status, 403)
        XCTAssertEqual(try mock.post("/api/metrics/prod.status/value", key: foreign, #"{"value":"hijack"}"#).status, 404)
        // Targeting only ever reaches the key's own devices.
        let badge = try mock.post("/api/badge", key: foreign, #"{"badge":99}"#)
        XCTAssertEqual(badge.json?["devices_updated"] as? Int, 1)
        XCTAssertEqual(try mock.post("/api/push-notification", key: foreign, #"{"title":"x","target":{"channels":["ops"]}}"#).status, 404)

        // Nothing of acme's changed.
        let state = try mock.server.store.read { db in
            (
                try db.scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(MockFixture.seededID)),
                try db.activities.get(id: streamActivity)?.status,
                try db.notifications.get(id: notification)?.revision,
                try db.scalarInt("SELECT COUNT(*) FROM metric_values"),
                try db.scalarInt("SELECT COUNT(*) FROM devices WHERE account_id = 'acme' AND badge IS NOT NULL")
            )
        }
        XCTAssertEqual(state.0, 0)
        XCTAssertEqual(state.1, .active)
        XCTAssertEqual(state.2, 1)
        XCTAssertEqual(state.3, 0)
        XCTAssertEqual(state.4, 0)
    }

    func testEveryStatementBindsItsValues() throws {
        // SQL injection through every user-controlled string lands as data.
        let mock = try MockFixture()
        defer { mock.stop() }
        let evil = #"x'); DROP TABLE activities; --"#
        _ = try mock.post("/api/live-activity/update", #"{"activity_id":"\#(evil)","content_state":{"title":"t"}}"#)
        _ = try mock.post("/api/live-activity/stream/\(evil.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", "{}", method: "PUT")
        _ = try mock.post("/api/push-notification", #"{"title":"\#(evil)","tags":["\#(evil)"]}"#)
        _ = try mock.control("GET", "/_mock/requests?path=\(evil.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        _ = try mock.control("GET", "/_mock/activities?status=\(evil.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        XCTAssertEqual(try mock.post("/api/live-activity/update", MockFixture.docsUpdate).status, 200, "the activities table is intact")
        let tags = try mock.server.store.read { try $0.query("SELECT tags FROM notifications") { $0.text(0) } }
        XCTAssertTrue(tags.first?.contains("DROP TABLE") == true)
    }
}
