import APIModel

/// One API request as the journal keeps it.
struct JournalEntry {
    var at: Int64
    var method: String
    var path: String
    var status: Int
    var keyID: String?
    var activityID: String?
    var requestBody: String
    var responseBody: String
    var durationMicros: Int
    var fault: String?
}

extension Database {
    /// Appends entries, then drops the oldest beyond `retention` once for all of them (one
    /// DELETE per flush instead of one per request, which dirtied the oldest page every commit).
    func appendJournal(_ entries: [JournalEntry], retention: Int) throws {
        guard !entries.isEmpty else { return }
        for e in entries {
            try run("""
                INSERT INTO journal (at, method, path, status, key_id, activity_id, request_body, response_body, duration_us, fault)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, .int(e.at), .text(e.method), .text(e.path), .int(Int64(e.status)), .optional(e.keyID),
                .optional(e.activityID), .text(e.requestBody), .text(e.responseBody), .int(Int64(e.durationMicros)),
                .optional(e.fault))
        }
        try run("DELETE FROM journal WHERE id <= ?", .int(lastInsertRowID - Int64(retention)))
    }

    struct JournalFilter {
        var path: String?
        var method: String?
        var status: Int?
        var activityID: String?
        var since: Int64?
        var limit: Int
    }

    func journal(_ f: JournalFilter) throws -> [JSONValue] {
        try query("""
            SELECT id, at, method, path, status, key_id, activity_id, request_body, response_body, duration_us, fault
            FROM journal
            WHERE (?1 IS NULL OR path = ?1 OR path = '/api' || ?1) AND (?2 IS NULL OR method = ?2)
              AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR activity_id = ?4) AND (?5 IS NULL OR at >= ?5)
            ORDER BY id DESC LIMIT ?6
            """, .optional(f.path), .optional(f.method), .optional(f.status.map(Int64.init)), .optional(f.activityID),
            .optional(f.since), .int(Int64(f.limit))) { row in
            var members: [(String, JSONValue)] = [
                ("id", .int(row.int(0))), ("time", .time(row.int(1))), ("method", .string(row.text(2))),
                ("path", .string(row.text(3))), ("status", .int(row.int(4))),
                ("key_id", row.optionalText(5).map(JSONValue.string) ?? .null),
                ("activity_id", row.optionalText(6).map(JSONValue.string) ?? .null),
                ("request_body", row.text(7).isEmpty ? .null : .stored(row.text(7))),
                ("response_body", .stored(row.text(8))),
                ("duration_ms", .double(Double(row.int(9)) / 1000)),
            ]
            if let fault = row.optionalText(10) { members.append(("fault", .string(fault))) }
            return .object(members)
        }
    }
}
