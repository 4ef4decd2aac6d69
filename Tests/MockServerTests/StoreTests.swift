import XCTest
import Foundation
@testable import MockServer
@testable import MockStore
import APIModel

final class StoreTests: XCTestCase {
    func testMigrationsFromEmptyReachTheLatestVersion() throws {
        let store = try Store(path: ":memory:")
        let version = try store.read { try $0.scalarInt("PRAGMA user_version") }
        XCTAssertEqual(version, Int64(Migrations.latestVersion))
        let tables = try store.read { db in
            try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { $0.text(0) }
        }
        for table in ["accounts", "activities", "activity_devices", "api_keys", "channels", "deliveries", "devices", "updates", "users"] {
            XCTAssertTrue(tables.contains(table), table)
        }
    }

    func testFileDatabaseUsesWAL() throws {
        let path = MockFixture.temporaryDatabase()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try Store(path: path)
        let mode = try store.read { db in try db.query("PRAGMA journal_mode") { $0.text(0) }.first }
        XCTAssertEqual(mode, "wal")
    }

    func testFixtureUpsertDoesNotDuplicate() throws {
        let store = try Store(path: ":memory:")
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
        let store = try Store(path: ":memory:")
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
    func testVersion4KeepsQueuedDeliveriesAndReadsThemByActivityAndDevice() throws {
        let db = try Database(path: ":memory:")
        for version in 0..<3 { try db.exec(Migrations.steps[version]) }
        try db.exec("PRAGMA user_version = 3")
        try db.run("INSERT INTO deliveries (update_id, activity_id, device_id, state) VALUES (7, 'a1', 'd1', 'queued')")
        try db.run("INSERT INTO deliveries (update_id, activity_id, device_id, state, delivered_at) VALUES (8, 'a1', 'd2', 'delivered', 99)")
        try Migrations.migrate(db)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Int64(Migrations.latestVersion))
        let rows = try db.query("SELECT update_id, device_id, state FROM deliveries ORDER BY update_id") { "\($0.int(0)) \($0.text(1)) \($0.text(2))" }
        XCTAssertEqual(rows, ["7 d1 queued", "8 d2 delivered"])
        let plan = try db.query("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM deliveries WHERE activity_id = 'a1' AND device_id = 'd1' AND state = 'queued'") {
            $0.text(3)
        }
        XCTAssertTrue(plan.joined().contains("PRIMARY KEY"), plan.joined())
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
