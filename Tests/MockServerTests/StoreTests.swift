import XCTest
import TestSupport
import Foundation
@testable import MockServer
@testable import MockStore
import APIModel

final class StoreTests: XCTestCase {
    func testMigrationsFromEmptyReachTheLatestVersion() throws {
        let store = try openStore()
        let version = try store.read { try $0.scalarInt("PRAGMA user_version") }
        XCTAssertEqual(version, Int64(Migrations.latestVersion))
        let tables = try store.read { db in
            try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { $0.text(0) }
        }
        for table in ["accounts", "activities", "activity_devices", "api_keys", "channels", "devices", "updates", "users"] {
            XCTAssertTrue(tables.contains(table), table)
        }
        XCTAssertFalse(tables.contains("deliveries"), "what waits for a token is derived (migration 10)")
    }

    func testFileDatabaseUsesWAL() throws {
        let path = TemporaryDatabase.path()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try openStore(path)
        let mode = try store.read { db in try db.query("PRAGMA journal_mode") { $0.text(0) }.first }
        XCTAssertEqual(mode, "wal")
    }

    func testFixtureUpsertDoesNotDuplicate() throws {
        let store = try openStore()
        let fixtures = try FixtureSet.decode(PackageResources.default_json)
        for _ in 0..<3 { try store.write { try FixtureLoader.apply(fixtures, to: $0, now: 1000) } }
        let counts = try store.read { db in
            try ["accounts", "api_keys", "devices", "channels", "users", "activities", "updates"].map {
                try db.scalarInt("SELECT COUNT(*) FROM \($0)") ?? -1
            }
        }
        XCTAssertEqual(counts, [2, 3, 4, 3, 3, 1, 1])
    }

    func testFailedTransactionLeavesNoTrace() throws {
        let store = try openStore()
        struct Boom: Error {}
        XCTAssertThrowsError(
            try store.write { db in
                try db.run("INSERT INTO accounts (id, name) VALUES ('x', 'x')")
                throw Boom()
            })
        XCTAssertEqual(try store.read { try $0.scalarInt("SELECT COUNT(*) FROM accounts") }, 0)
    }

    /// The binary's defaults are the file users read: the resource links to it.
    func testEmbeddedFixturesAreTheFile() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../fixtures/default.json").standardized
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(PackageResources.default_json, Array(text.utf8), "Sources/MockServer/Resources/default.json must link to it")
    }

    /// The page is put together from its three files, every marker filled but the state's.
    func testTheDashboardPageInlinesItsStylesAndScript() {
        let page = String(decoding: DashboardAssets.page(state: .object([("x", "</script>")])), as: UTF8.self)
        XCTAssertFalse(page.contains("{{"), "a marker left unfilled")
        XCTAssertTrue(page.contains("--bg:#0f1115"), "the styles")
        XCTAssertTrue(page.contains("new EventSource"), "the script")
        XCTAssertTrue(page.contains(#"{"x":"<\/script>"}"#), "the state, unable to close its element")
    }

    func testBadFixturesNameTheField() {
        XCTAssertThrowsError(try FixtureSet.decode(Array(#"{"accounts":[{"id":"a","devices":[{"id":"d"}]}]}"#.utf8))) { error in
            XCTAssertEqual((error as? APIModel.APIError)?.message, "accounts[0].devices[0].user is required")
        }
        XCTAssertThrowsError(try FixtureSet.decode(Array(#"{"accounts":[{"id":"a","devices":[{"id":"d","user":"u","token":"sometimes"}]}]}"#.utf8)))
    }

    func testKeysAreComparedWhole() {
        XCTAssertTrue(Authenticator.constantTimeEquals(Array("ask_1".utf8), Array("ask_1".utf8)))
        XCTAssertFalse(Authenticator.constantTimeEquals(Array("ask_1".utf8), Array("ask_12".utf8)))
        XCTAssertFalse(Authenticator.constantTimeEquals(Array("ask_1".utf8), Array("ask_2".utf8)))
        XCTAssertEqual(Authenticator.mask("ask_123456789"), "ask_…789")
        XCTAssertFalse(Authenticator.mask("short").contains("short"))
    }
}

extension StoreTests {
    /// A database written before version 10 kept a row per update that waited for a token; what
    /// it said is what the token states and update counts say, so the table goes and the reads
    /// give the same answers.
    func testVersion10DerivesWhatWaitedFromTheTokensInsteadOfStoringIt() throws {
        let db = try Database(path: ":memory:")
        for version in 0..<9 { try db.exec(Migrations.steps[version]) }
        try db.exec("PRAGMA user_version = 9")
        try db.exec(
            """
            INSERT INTO accounts (id, name) VALUES ('acc', 'a');
            INSERT INTO activities (id, account_id, type, status, content_state, update_count, created_at, updated_at)
                VALUES ('a1', 'acc', 'progress', 'active', '{"title":"P"}', 2, 1, 1);
            INSERT INTO activity_devices (activity_id, device_id, token_state, registered_at) VALUES
                ('a1', 'waits', 'pending', NULL), ('a1', 'late', 'registered', 5), ('a1', 'live', 'registered', 1);
            INSERT INTO updates (id, activity_id, prev_id, seq, kind, payload, devices_notified, devices_queued, created_at) VALUES
                (1, 'a1', NULL, 0, 'start', '{"content_state":{"title":"P"}}', 3, 0, 1),
                (2, 'a1', 1, 1, 'update', '{}', 1, 2, 2), (3, 'a1', 2, 2, 'update', '{}', 2, 1, 6);
            UPDATE activities SET last_update_id = 3;
            INSERT INTO deliveries (update_id, activity_id, device_id, state, delivered_at) VALUES
                (2, 'a1', 'waits', 'queued', NULL), (3, 'a1', 'waits', 'queued', NULL), (2, 'a1', 'late', 'delivered', 5);
            """)
        try Migrations.migrate(db)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Int64(Migrations.latestVersion))
        XCTAssertEqual(try db.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'deliveries'"), 0)
        let queued = Dictionary(uniqueKeysWithValues: try db.activities.tokens(activityID: "a1").map { ($0.deviceID, $0.queuedSeqs.sorted()) })
        XCTAssertEqual(queued, ["waits": [1, 2], "late": [], "live": []])
        XCTAssertEqual(try db.devices.activities(deviceID: "waits").map(\.queued), [2])
        XCTAssertEqual(try db.devices.activities(deviceID: "waits").map(\.received), [1])
        XCTAssertEqual(try db.devices.activities(deviceID: "late").map(\.queued), [0])
        XCTAssertEqual(try db.devices.activityCards(deviceID: "waits").map(\.receivedPayload), [#"{"content_state":{"title":"P"}}"#])
        XCTAssertEqual(try db.devices.activityCards(deviceID: "live").map(\.receivedPayload), [nil])
        XCTAssertEqual(try db.activities.registerToken(activityID: "a1", deviceID: "waits", at: 9), 2, "both changes delivered")
        XCTAssertEqual(try db.activities.registerToken(activityID: "a1", deviceID: "waits", at: 9), 0, "registered once")
        XCTAssertEqual(try db.activities.tokens(activityID: "a1").first { $0.deviceID == "waits" }?.queuedSeqs, [])
    }
}

extension StoreTests {
    func testTextBindsRoundTripEmptyAndNonASCIIAndNeverTruncateAtNUL() throws {
        let db = try Database(path: ":memory:")
        try db.exec("CREATE TABLE t (v TEXT)")
        for text in ["", "héllo ✓ 😀", String(repeating: "x", count: 100_000)] {
            try db.run("DELETE FROM t")
            try db.run("INSERT INTO t VALUES (?)", .text(text))
            XCTAssertEqual(try db.query("SELECT v FROM t") { $0.text(0) }, [text])
        }
        // A key with a NUL inside is the whole key, not its prefix: it must not match "a".
        try db.run("DELETE FROM t")
        try db.run("INSERT INTO t VALUES ('a')")
        XCTAssertEqual(try db.scalarInt("SELECT COUNT(*) FROM t WHERE v = ?", .text("a\u{0}b")), 0)
    }
}
