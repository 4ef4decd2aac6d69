import XCTest
import Foundation
import TestSupport
@testable import MockServer
@testable import MockStore

final class PersistenceTests: XCTestCase {
    func testRestartKeepsActivitiesAndHistory() throws {
        let path = TemporaryDatabase.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var first: MockFixture? = try MockFixture(databasePath: path)
        let start = try first!.post("/live-activity/start", #"{"content_state":{"title":"Deploy","type":"progress","percentage":10}}"#)
        let id = try XCTUnwrap(start.json?["activity_id"] as? String)
        XCTAssertEqual(try first!.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"Deploy","percentage":50}}"#).status, 200)
        XCTAssertEqual(try first!.post("/live-activity/update", MockFixture.docsUpdate).status, 200)
        first!.stop()
        first = nil

        let second = try MockFixture(databasePath: path)
        defer { second.stop() }
        // The type is still known after the restart: inference works, and a wrong type is refused.
        let update = try second.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"Deploy","percentage":80}}"#)
        XCTAssertEqual(update.status, 200, update.text)
        let wrong = try second.post("/live-activity/update", #"{"activity_id":"\#(id)","content_state":{"title":"Deploy","type":"alert","message":"x"}}"#)
        XCTAssertEqual(wrong.status, 400)
        let history = try second.server.store.read { db in
            try db.query("SELECT kind, payload FROM updates WHERE activity_id = ? ORDER BY seq", .text(id)) { ($0.text(0), $0.text(1)) }
        }
        XCTAssertEqual(history.map(\.0), ["start", "update", "update"])
        XCTAssertTrue(history[1].1.contains("\"percentage\":50"))
        XCTAssertTrue(history[2].1.contains("\"percentage\":80"))
        // The seeded activity kept its update from before the restart, and fixtures were not duplicated.
        let seededUpdates = try second.server.store.read { try $0.scalarInt("SELECT update_count FROM activities WHERE id = ?", .text(MockFixture.seededID)) }
        XCTAssertEqual(seededUpdates, 1)
        let devices = try second.server.store.read { try $0.scalarInt("SELECT COUNT(*) FROM devices") }
        XCTAssertEqual(devices, 4)
        let keys = try second.server.store.read { try $0.scalarInt("SELECT COUNT(*) FROM api_keys") }
        XCTAssertEqual(keys, 3)
    }

    func testResetStartsFromFixturesOnly() throws {
        let path = TemporaryDatabase.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try MockFixture(databasePath: path)
        XCTAssertEqual(
            try first.post("/live-activity/end", #"{"activity_id":"\#(MockFixture.seededID)","content_state":{"title":"x","current_step":3}}"#).status, 200)
        first.stop()
        let second = try MockFixture(databasePath: path) { $0.reset = true }
        defer { second.stop() }
        let reply = try second.post("/live-activity/update", MockFixture.docsUpdate)
        XCTAssertEqual(reply.status, 200, "the seeded activity is active again after --reset")
        XCTAssertEqual(reply.json?["devices_notified"] as? Int, 2)
    }
}
