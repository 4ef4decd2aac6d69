import XCTest
@testable import MockStore

/// Texts are bound without SQLite's copy (`BoundText`): what each statement stores must be what
/// was bound, across reuse of one statement with longer, shorter, empty and non-ASCII values.
final class BoundTextTests: XCTestCase {
    func testReusedStatementsStoreExactlyTheTextsBound() throws {
        let db = try Database(path: ":memory:")
        try db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT)")
        let values: [(String, String, String)] = [
            ("short", "", "x"),
            (String(repeating: "long ", count: 400), "b", "ü-€-😀"),  // grows the buffer
            ("", "nul\u{0}inside", "small again"),
            ("a", String(repeating: "z", count: 5000), "")
        ]
        for (a, b, c) in values {
            try db.run("INSERT INTO t (a, b) VALUES (?, ?)", .text(a), .text(b))
            try db.run("UPDATE t SET c = ? WHERE id = ?", .text(c), .int(db.lastInsertRowID))
        }
        let rows = try db.query("SELECT a, c, length(CAST(b AS BLOB)), b FROM t ORDER BY id") { row in
            (row.text(0), row.text(1), row.int(2), row.text(3))
        }
        XCTAssertEqual(rows.map(\.0), values.map(\.0))
        XCTAssertEqual(rows.map(\.1), values.map(\.2))
        // The middle value went in whole, past its NUL byte (its length is bound, not found).
        XCTAssertEqual(rows.map(\.2), [0, 1, 10, 5000].map(Int64.init))
        XCTAssertEqual(rows[3].3, String(repeating: "z", count: 5000))
    }
}
