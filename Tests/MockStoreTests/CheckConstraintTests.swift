import XCTest
@testable import MockStore

/// Schema version 11 writes the CHECK constraints as comparisons instead of `IN (list)`: the same
/// rule, without a temporary b-tree per insert.
final class CheckConstraintTests: XCTestCase {
    private static let seed = """
        INSERT INTO accounts (id, name) VALUES ('acc', 'a');
        INSERT INTO activities (id, account_id, type, status, content_state, created_at, updated_at)
            VALUES ('a1', 'acc', 'progress', 'active', '{"title":"P"}', 1, 1);
        INSERT INTO updates (activity_id, prev_id, seq, kind, payload, devices_notified, devices_queued, created_at)
            VALUES ('a1', NULL, 0, 'start', '{}', 1, 0, 1);
        """

    private func migrated() throws -> Database {
        let db = try Database(path: ":memory:")
        try db.exec("PRAGMA foreign_keys = ON")
        try Migrations.migrate(db)
        try db.exec(Self.seed)
        return db
    }

    func testNoTableChecksWithAnInListAndTheUpdateInsertBuildsNoTemporaryTable() throws {
        let db = try migrated()
        let tables = try db.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table'") { ($0.text(0), $0.text(1)) }
        XCTAssertTrue(tables.contains { $0.0 == "updates" })
        for (name, sql) in tables {
            XCTAssertFalse(sql.contains(" IN ("), "\(name): \(sql)")
        }
        let program = try db.query(
            """
            EXPLAIN INSERT INTO updates (activity_id, prev_id, seq, kind, payload, devices_notified, devices_queued, created_at)
            VALUES ('a1', NULL, 1, 'update', '{}', 1, 0, 2)
            """
        ) { $0.text(1) }
        XCTAssertTrue(program.contains("Insert"))
        XCTAssertFalse(program.contains("OpenEphemeral"), program.joined(separator: " "))
    }

    func testEveryRewrittenCheckStillAcceptsItsValuesAndRejectsOthers() throws {
        let db = try migrated()
        let cases: [(valid: String, invalid: String)] = [
            (
                "INSERT INTO api_keys (key, account_id, scope) VALUES ('k1', 'acc', 'channels')",
                "INSERT INTO api_keys (key, account_id, scope) VALUES ('k2', 'acc', 'some')"
            ),
            (
                "INSERT INTO devices (id, account_id, user_id, token_behavior) VALUES ('d1', 'acc', 'u', 'after_delay')",
                "INSERT INTO devices (id, account_id, user_id, token_behavior) VALUES ('d2', 'acc', 'u', 'later')"
            ),
            (
                "UPDATE activities SET status = 'ended' WHERE id = 'a1'",
                "UPDATE activities SET status = 'paused' WHERE id = 'a1'"
            ),
            (
                "INSERT INTO activity_devices (activity_id, device_id, token_state) VALUES ('a1', 'd1', 'pending')",
                "INSERT INTO activity_devices (activity_id, device_id, token_state) VALUES ('a1', 'd3', 'lost')"
            ),
            (
                """
                INSERT INTO updates (activity_id, prev_id, seq, kind, payload, devices_notified, devices_queued, created_at)
                VALUES ('a1', 1, 1, 'end', '{}', 1, 0, 2)
                """,
                """
                INSERT INTO updates (activity_id, prev_id, seq, kind, payload, devices_notified, devices_queued, created_at)
                VALUES ('a1', 1, 2, 'Update', '{}', 1, 0, 3)
                """
            )
        ]
        for (valid, invalid) in cases {
            XCTAssertNoThrow(try db.run(valid), valid)
            XCTAssertThrowsError(try db.run(invalid), invalid) { error in
                XCTAssertTrue("\(error)".contains("CHECK"), "\(error)")
            }
        }
    }

    /// A database at version 10 keeps its rows, passes the integrity check, and its schema cookie
    /// moves so that other connections reload the schema.
    func testVersion11KeepsTheRowsOfAnOlderDatabase() throws {
        let db = try Database(path: ":memory:")
        for version in 0..<10 { try db.exec(Migrations.steps[version]) }
        try db.exec("PRAGMA user_version = 10")
        try db.exec(Self.seed)
        let cookie = try db.scalarInt("PRAGMA schema_version") ?? 0
        try Migrations.migrate(db, to: 11)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), 11)
        XCTAssertEqual(try db.scalarInt("PRAGMA schema_version"), cookie + 1, "bumped once, by the migration")
        XCTAssertEqual(try db.query("PRAGMA integrity_check") { $0.text(0) }, ["ok"])
        XCTAssertEqual(try db.scalarInt("SELECT COUNT(*) FROM updates WHERE kind = 'start'"), 1)
        XCTAssertThrowsError(try db.run("UPDATE updates SET kind = 'restart'"))
        try Migrations.migrate(db)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Int64(Migrations.latestVersion), "and on to the newest")
    }
}
