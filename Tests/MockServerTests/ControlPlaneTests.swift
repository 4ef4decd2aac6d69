import XCTest
import Foundation
import Dispatch
import TestSupport
@testable import MockServer
@testable import MockStore
import APIModel

final class ControlPlaneTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock?.stop() }

    func testJournalRecordsNewestFirstWithFiltersAndMaskedKeys() throws {
        XCTAssertEqual(try mock.post("/api/live-activity/update", MockFixture.docsUpdate).status, 200)
        XCTAssertEqual(try mock.post("/live-activity/update", key: "ask_wrong_key", MockFixture.docsUpdate).status, 401)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"t"}"#).status, 200)
        _ = try mock.control("GET", "/_mock/health")

        let all = try XCTUnwrap(try mock.control("GET", "/_mock/requests").json?["requests"] as? [[String: Any]])
        XCTAssertEqual(all.count, 3, "control-plane calls are not journaled")
        XCTAssertEqual(all.map { $0["path"] as? String }, ["/push-notification", "/live-activity/update", "/api/live-activity/update"])
        XCTAssertEqual(all[2]["key_id"] as? String, "ask_…789")
        XCTAssertEqual(all[2]["activity_id"] as? String, MockFixture.seededID)
        XCTAssertEqual((all[2]["response_body"] as? [String: Any])?["devices_notified"] as? Int, 2)
        XCTAssertEqual(((all[2]["request_body"] as? [String: Any])?["content_state"] as? [String: Any])?["current_step"] as? Int, 2)
        let journalText = try mock.control("GET", "/_mock/requests").text
        XCTAssertFalse(journalText.contains("ask_123456789") || journalText.contains("ask_wrong_key"), "keys must be masked")

        let failed = try XCTUnwrap(try mock.control("GET", "/_mock/requests?status=401").json?["requests"] as? [[String: Any]])
        XCTAssertEqual(failed.count, 1)
        let byPath = try XCTUnwrap(try mock.control("GET", "/_mock/requests?path=/live-activity/update").json?["requests"] as? [[String: Any]])
        XCTAssertEqual(byPath.count, 2, "a path filter matches with and without /api")
        let byActivity = try XCTUnwrap(
            try mock.control("GET", "/_mock/requests?activity_id=\(MockFixture.seededID)&limit=1").json?["requests"] as? [[String: Any]])
        XCTAssertEqual(byActivity.count, 1)
        let future = try XCTUnwrap(try mock.control("GET", "/_mock/requests?since=2999-01-01T00:00:00Z").json?["requests"] as? [[String: Any]])
        XCTAssertEqual(future.count, 0)
        XCTAssertEqual(try mock.control("GET", "/_mock/requests?limit=0").status, 400)

        XCTAssertEqual(try mock.control("DELETE", "/_mock/requests").json?["deleted"] as? Int, 3)
        XCTAssertEqual((try mock.control("GET", "/_mock/requests").json?["requests"] as? [Any])?.count, 0)
    }

    func testEveryConcurrentRequestReachesTheJournal() throws {
        // Entries are grouped into one deferred write per flush; none may fall between groups.
        let group = DispatchGroup()
        let port = mock.port
        for thread in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for i in 0..<25 {
                    let body = #"{"value":\#(thread * 100 + i)}"#
                    _ = try? RawClient.exchange(
                        port: port,
                        "POST /metrics/prod.status/value HTTP/1.1\r\nHost: t\r\n"
                            + "Authorization: Bearer ask_123456789\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        let entries = try XCTUnwrap(try mock.control("GET", "/_mock/requests?limit=1000").json?["requests"] as? [[String: Any]])
        let values = Set(entries.compactMap { ($0["request_body"] as? [String: Any])?["value"] as? Int })
        XCTAssertEqual(values.count, 200)
    }

    func testJournalRetentionBoundsIt() throws {
        let small = try MockFixture { $0.journalRetention = 5 }
        defer { small.stop() }
        for i in 0..<12 { _ = try small.post("/metrics/prod.status/value", #"{"value":\#(i)}"#) }
        let entries = try XCTUnwrap(try small.control("GET", "/_mock/requests?limit=100").json?["requests"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 5)
        XCTAssertEqual((entries.first?["request_body"] as? [String: Any])?["value"] as? Int, 11, "the newest are kept")
    }

    func testActivityDetailShowsUpdatesAndPerDeviceQueues() throws {
        let start = try mock.post("/live-activity/start", #"{"content_state":{"title":"D","type":"segmented_progress","number_of_steps":3,"current_step":0}}"#)
        let id = try XCTUnwrap(start.json?["activity_id"] as? String)
        _ = try mock.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"D","current_step":1}}"#)
        _ = try mock.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"D","current_step":2}}"#)
        let detail = try XCTUnwrap(try mock.control("GET", "/_mock/activities/\(id)").json)
        XCTAssertEqual(detail["type"] as? String, "segmented_progress")
        XCTAssertEqual((detail["content_state"] as? [String: Any])?["current_step"] as? Int, 2)
        XCTAssertEqual((detail["updates"] as? [[String: Any]])?.map { $0["kind"] as? String }, ["start", "update", "update"])
        let devices = try XCTUnwrap(detail["devices"] as? [[String: Any]])
        let lab = try XCTUnwrap(devices.first { $0["device_id"] as? String == "lab-ipad" })
        XCTAssertEqual(lab["token_state"] as? String, "pending")
        XCTAssertEqual(lab["received"] as? [Int], [0])
        XCTAssertEqual(lab["queued"] as? [Int], [1, 2])

        // Registering the token delivers the queue, in order, and says how many.
        let registered = try mock.control("POST", "/_mock/devices/lab-ipad/tokens/\(id)")
        XCTAssertEqual(registered.json?["delivered"] as? Int, 2)
        let after = try mock.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"D","current_step":3}}"#)
        XCTAssertEqual(after.json?["devices_notified"] as? Int, 3)
        XCTAssertEqual(after.json?["devices_queued"] as? Int, 0)
        let again = try mock.control("POST", "/_mock/devices/lab-ipad/tokens/\(id)")
        XCTAssertEqual(again.json?["delivered"] as? Int, 0)
        XCTAssertEqual(try mock.control("POST", "/_mock/devices/lab-ipad/tokens/unknown").status, 404)

        let active = try XCTUnwrap(try mock.control("GET", "/_mock/activities?status=active").json?["activities"] as? [[String: Any]])
        XCTAssertEqual(active.count, 2)
        XCTAssertEqual(try mock.control("GET", "/_mock/activities/nope").status, 404)
    }

    func testDeviceSimulationRoutes() throws {
        let created = try mock.control("POST", "/_mock/devices", #"{"id":"qa-phone","account":"acme","user":"qa","channels":["qa"],"token":"never"}"#)
        XCTAssertEqual(created.status, 200, created.text)
        XCTAssertEqual(try mock.control("POST", "/_mock/devices", #"{"id":"qa-phone","account":"acme","user":"qa"}"#).status, 409)
        XCTAssertEqual(try mock.control("POST", "/_mock/devices", #"{"id":"x","account":"nobody","user":"qa"}"#).status, 404)
        let start = try mock.post("/live-activity/start", #"{"content_state":{"title":"Q","type":"alert","message":"m"},"target":{"channels":["qa"]}}"#)
        XCTAssertEqual(start.json?["devices_notified"] as? Int, 1)

        let offline = try mock.control("PATCH", "/_mock/devices/qa-phone", #"{"online":false}"#)
        XCTAssertEqual(offline.json?["online"] as? Bool, false)
        XCTAssertEqual(
            try mock.post("/push-notification", #"{"title":"t","target":{"channels":["qa"]}}"#).status, 404,
            "an offline device is not targeted")
        XCTAssertEqual(try mock.control("PATCH", "/_mock/devices/qa-phone", #"{"token":"sometimes"}"#).status, 400)
        XCTAssertEqual(try mock.control("PATCH", "/_mock/devices/nope", #"{"online":true}"#).status, 404)

        let devices = try XCTUnwrap(try mock.control("GET", "/_mock/devices?account=acme").json?["devices"] as? [[String: Any]])
        XCTAssertEqual(devices.count, 4)
        XCTAssertEqual(try mock.control("DELETE", "/_mock/devices/qa-phone").status, 200)
        XCTAssertEqual(try mock.control("GET", "/_mock/devices/qa-phone").status, 404)

        _ = try mock.post("/push-notification", #"{"title":"hello","badge":4}"#)
        let eve = try XCTUnwrap(try mock.control("GET", "/_mock/devices/eve-iphone").json)
        XCTAssertEqual(eve["badge"] as? Int, 4)
        XCTAssertEqual((eve["notifications"] as? [[String: Any]])?.count, 1)
        XCTAssertEqual((eve["activities"] as? [[String: Any]])?.first?["id"] as? String, MockFixture.seededID)
    }

    func testStateListings() throws {
        _ = try mock.post("/live-activity/stream/s1", #"{"content_state":{"title":"S","type":"alert","message":"m"}}"#, method: "PUT")
        _ = try mock.post("/push-notification", #"{"title":"n"}"#)
        _ = try mock.post("/metrics/prod.status/value", #"{"value":"OK"}"#)
        let streams = try XCTUnwrap(try mock.control("GET", "/_mock/streams").json?["streams"] as? [[String: Any]])
        XCTAssertEqual(streams.first?["stream_key"] as? String, "s1")
        let byStream = try XCTUnwrap(try mock.control("GET", "/_mock/activities?stream_key=s1").json?["activities"] as? [[String: Any]])
        XCTAssertEqual(byStream.count, 1)
        XCTAssertEqual((try mock.control("GET", "/_mock/notifications").json?["notifications"] as? [Any])?.count, 1)
        let metrics = try XCTUnwrap(try mock.control("GET", "/_mock/metrics").json?["metrics"] as? [[String: Any]])
        XCTAssertEqual(metrics.first { $0["key"] as? String == "prod.status" }?["value"] as? String, "OK")
    }

    func testFaultsAnswerWithoutChangingState() throws {
        let armed = try mock.control("POST", "/_mock/faults", #"{"method":"POST","path":"/live-activity/update","count":2,"status":503}"#)
        XCTAssertEqual(armed.status, 200, armed.text)
        for _ in 0..<2 {
            let reply = try mock.post("/api/live-activity/update", MockFixture.docsUpdate)
            XCTAssertEqual(reply.status, 503)
            XCTAssertEqual(reply.header("X-Mock-Fault"), "fault-1")
        }
        let count = try mock.server.store.read { try $0.scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(MockFixture.seededID)) }
        XCTAssertEqual(count, 0, "faulted requests changed nothing")
        XCTAssertEqual(try mock.post("/api/live-activity/update", MockFixture.docsUpdate).status, 200, "count ran out")

        _ = try mock.control("POST", "/_mock/faults", #"{"path":"/push-notification","drop":true}"#)
        XCTAssertThrowsError(try mock.post("/push-notification", #"{"title":"t"}"#), "the connection is dropped")
        XCTAssertEqual((try mock.control("GET", "/_mock/faults").json?["faults"] as? [[String: Any]])?.first?["hits"] as? Int, 1)
        XCTAssertEqual(try mock.control("DELETE", "/_mock/faults").json?["cleared"] as? Int, 1)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"t"}"#).status, 200)
        let sent = try mock.server.store.read { try $0.scalarInt("SELECT COUNT(*) FROM notifications") }
        XCTAssertEqual(sent, 1)

        _ = try mock.control("POST", "/_mock/faults", #"{"path":"/badge","delay_ms":300,"count":1}"#)
        let started = Date()
        XCTAssertEqual(try mock.post("/badge", #"{"badge":1}"#).status, 200, "a delay alone lets the request through")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.3)
        _ = try mock.control("POST", "/_mock/faults", #"{"path":"/metrics/*","status":429,"body":{"error":"Rate limit exceeded","message":"custom"}}"#)
        XCTAssertEqual(try mock.post("/metrics/prod.status/value", #"{"value":1}"#).json?["message"] as? String, "custom")
        XCTAssertEqual(try mock.control("POST", "/_mock/faults", #"{"path":"/x"}"#).status, 400)
    }

    func testResetIsAtomicUnderConcurrentTraffic() throws {
        mock.stop()
        mock = try MockFixture { $0.rateLimit = 0 }
        let failures = Counter()
        let port = mock.port
        let group = DispatchGroup()
        for worker in 0..<4 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for i in 0..<40 {
                    let body = #"{"title":"w\#(worker)-\#(i)"}"#
                    guard
                        let reply = try? RawClient.exchange(
                            port: port,
                            "POST /push-notification HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ask_123456789\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                                + body),
                        reply.status == 200
                    else { failures.increment(); continue }
                }
            }
        }
        for _ in 0..<5 {
            XCTAssertEqual(try mock.control("POST", "/_mock/reset").status, 200)
            // Whatever ran around it, the fixtures are whole right after each reset.
            let counts = try mock.server.store.read { db in
                try ["accounts", "api_keys", "devices"].map { try db.scalarInt("SELECT COUNT(*) FROM \($0)") ?? -1 }
            }
            XCTAssertEqual(counts, [2, 3, 4])
        }
        group.wait()
        XCTAssertEqual(failures.count, 0, "no API call failed or saw a half-reset store")
        XCTAssertEqual(try mock.post("/live-activity/update", MockFixture.docsUpdate).json?["devices_notified"] as? Int, 2)
    }

    func testResetWithOtherFixturesAndExport() throws {
        let other =
            #"{"fixture_set":{"accounts":[{"id":"solo","keys":[{"key":"ask_solo_key","scope":"all"}],"devices":[{"id":"p","user":"u"}],"metrics":[{"key":"k"}]}]}}"#
        XCTAssertEqual(try mock.control("POST", "/_mock/reset", other).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"t"}"#).status, 401, "old keys are gone")
        XCTAssertEqual(try mock.post("/push-notification", key: "ask_solo_key", #"{"title":"t"}"#).status, 200)
        let exported = try XCTUnwrap(try mock.control("GET", "/_mock/fixtures").json?["accounts"] as? [[String: Any]])
        XCTAssertEqual(exported.count, 1)
        XCTAssertEqual(exported[0]["id"] as? String, "solo")
        XCTAssertEqual((exported[0]["metrics"] as? [[String: Any]])?.first?["key"] as? String, "k")
        // The export is itself a valid fixture file.
        let text = try mock.control("GET", "/_mock/fixtures").text
        XCTAssertNoThrow(try FixtureSet.decode(Array(text.utf8)))
        XCTAssertEqual(try mock.control("POST", "/_mock/reset", #"{"fixtures":"/nonexistent.json"}"#).status, 403, "no --fixtures-dir")
        XCTAssertEqual(try mock.control("POST", "/_mock/reset").status, 200)
        XCTAssertEqual(try mock.post("/live-activity/update", MockFixture.docsUpdate).status, 200, "back to the start-up fixtures")
    }

    func testAdminTokenGuardsTheControlPlane() throws {
        let guarded = try MockFixture { $0.adminToken = "admin-secret-1" }
        defer { guarded.stop() }
        XCTAssertEqual(try guarded.control("GET", "/_mock/health").status, 401)
        XCTAssertEqual(try guarded.control("GET", "/_mock/health", token: "ask_123456789").status, 401, "API keys never open it")
        XCTAssertEqual(try guarded.control("GET", "/_mock/health", token: "admin-secret-1").status, 200)
        XCTAssertEqual(try guarded.control("GET", "/_mock/no-such-route").status, 401, "unknown control paths are guarded too")
        XCTAssertEqual(try guarded.control("GET", "/_mock/no-such-route", token: "admin-secret-1").status, 404)
        XCTAssertEqual(try guarded.control("PUT", "/_mock/health", token: "admin-secret-1").status, 405)
        XCTAssertEqual(
            try guarded.post("/live-activity/update", key: "admin-secret-1", MockFixture.docsUpdate).status, 401,
            "the admin token is not an API key")
        let journal = try guarded.control("GET", "/_mock/requests", token: "admin-secret-1").text
        XCTAssertFalse(journal.contains("admin-secret-1"))
    }

    func testFaviconIsServedAndNotJournaled() throws {
        let icon = try mock.control("GET", "/favicon.ico")
        XCTAssertEqual(icon.status, 200)
        XCTAssertEqual(icon.header("Content-Type"), "image/svg+xml")
        XCTAssertTrue(icon.text.hasPrefix("<svg"))
        XCTAssertEqual((try mock.control("GET", "/_mock/requests").json?["requests"] as? [Any])?.count, 0)
    }

    func testHealth() throws {
        let health = try XCTUnwrap(try mock.control("GET", "/_mock/health").json)
        XCTAssertEqual(health["status"] as? String, "ok")
        XCTAssertEqual(health["db_path"] as? String, ":memory:")
        XCTAssertEqual((health["counts"] as? [String: Any])?["devices"] as? Int, 4)
    }

    func testClockControlsTimestampsAndTokenDelays() throws {
        let fixed = try MockFixture { $0.fixedClock = Timestamp_parse("2026-01-28T09:57:26.056Z") }
        defer { fixed.stop() }
        XCTAssertEqual(try fixed.post("/live-activity/update", MockFixture.docsUpdate).json?["timestamp"] as? String, "2026-01-28T09:57:26.056Z")
        XCTAssertEqual(try fixed.control("POST", "/_mock/clock", #"{"advance_ms":1500}"#).json?["now"] as? String, "2026-01-28T09:57:27.556Z")
        XCTAssertEqual(try fixed.post("/push-notification", #"{"title":"t"}"#).json?["timestamp"] as? String, "2026-01-28T09:57:27.556Z")
        XCTAssertEqual(try fixed.control("POST", "/_mock/clock", #"{"set":"2030-01-01T00:00:00Z"}"#).json?["now"] as? String, "2030-01-01T00:00:00.000Z")
        XCTAssertEqual(try fixed.control("POST", "/_mock/clock", #"{"set":"never"}"#).status, 400)
        XCTAssertEqual(try fixed.control("POST", "/_mock/clock", #"{"system":true}"#).json?["fixed"] as? Bool, false)
    }

    func testSameSeedAndClockGiveByteIdenticalResponses() throws {
        func run() throws -> [String] {
            let m = try MockFixture {
                $0.seed = 42; $0.fixedClock = Timestamp_parse("2026-01-28T09:57:26.056Z")
            }
            defer { m.stop() }
            var out: [String] = []
            let start = try m.post("/live-activity/start", #"{"content_state":{"title":"D","type":"progress","percentage":5}}"#)
            out.append(start.text)
            let id = start.json?["activity_id"] as? String ?? ""
            out.append(try m.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"D","percentage":50}}"#).text)
            out.append(try m.post("/push-notification", #"{"title":"t"}"#).text)
            out.append(try m.post("/live-activity/stream/s", #"{"content_state":{"title":"S","type":"alert","message":"m"}}"#, method: "PUT").text)
            out.append(try m.control("GET", "/_mock/activities/\(id)").text)
            return out
        }
        let first = try run(), second = try run()
        XCTAssertEqual(first, second)
        XCTAssertTrue(first[0].contains("2026-01-28T09:57:26.056Z"))
    }
}

private func Timestamp_parse(_ text: String) -> Int64? { APIModel.Timestamp.parse(text) }
