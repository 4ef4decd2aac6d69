import APIModel

/// One API request as the journal keeps it.
package struct JournalEntry: Sendable {
    package init(
        at: Int64, method: String, path: String, status: Int, keyID: String?, activityID: String?,
        requestBody: String, responseBody: String, durationMicros: Int, fault: String?, tool: String? = nil,
        ignored: String? = nil
    ) {
        self.at = at; self.method = method; self.path = path; self.status = status; self.keyID = keyID
        self.activityID = activityID; self.requestBody = requestBody; self.responseBody = responseBody
        self.durationMicros = durationMicros; self.fault = fault; self.tool = tool; self.ignored = ignored
    }

    package var at: Int64
    package var method: String
    package var path: String
    package var status: Int
    package var keyID: String?
    package var activityID: String?
    package var requestBody: String
    package var responseBody: String
    package var durationMicros: Int
    package var fault: String?
    /// The MCP tool a `POST /mcp` call ran, if any.
    package var tool: String? = nil
    /// The request's properties that were accepted and dropped, comma-separated.
    package var ignored: String? = nil
}

/// The request journal's table: grouped appends, pages of previews, whole entries, clearing.
package struct JournalTable {
    let db: Database

    /// Rows past the retention that may wait for their `DELETE`. Reads never show them.
    package static let journalSlack: Int64 = 256

    /// What a reader sees of the journal: the newest `retention` ids, bound to `parameter`.
    private static func retained(_ parameter: String) -> String {
        "id > (SELECT MAX(id) FROM journal) - \(parameter)"
    }

    /// Appends entries; the oldest beyond `retention` are dropped `journalSlack` at a time.
    ///
    /// Dropping them at each flush made every commit under load touch the head of the table as
    /// well as its tail: the oldest page, and whenever one emptied the free list and page 1.
    /// The journal was half of the WAL's frames at 32 connections. Dropped in runs of 256, most
    /// of the pages they free are never written again.
    package func append(_ entries: [JournalEntry], retention: Int) throws {
        guard !entries.isEmpty else { return }
        for e in entries {
            try db.run(
                """
                INSERT INTO journal (at, method, path, status, key_id, activity_id, request_body, response_body, duration_us, fault, tool,
                                     ignored)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, .int(e.at), .text(e.method), .text(e.path), .int(Int64(e.status)), .optional(e.keyID),
                .optional(e.activityID), .text(e.requestBody), .text(e.responseBody), .int(Int64(e.durationMicros)),
                .optional(e.fault), .optional(e.tool), .optional(e.ignored))
        }
        let cut = db.lastInsertRowID - Int64(retention)
        let slack = Self.journalSlack
        // When this flush carries the cut past a multiple of the slack, every row up to that
        // multiple goes (those a larger retention left behind, before a restart, too).
        if cut > 0 && cut / slack != (cut - Int64(entries.count)) / slack {
            try db.run("DELETE FROM journal WHERE id <= ?", .int(cut / slack * slack))
        }
    }

    package struct JournalFilter {
        package init(
            path: String?, method: String?, status: Int?, activityID: String?, since: Int64?, limit: Int,
            before: Int64? = nil
        ) {
            self.path = path; self.method = method; self.status = status; self.activityID = activityID
            self.since = since; self.limit = limit; self.before = before
        }
        /// Only entries older than this id (the `next` cursor of a page).
        package var before: Int64?
        package var path: String?
        package var method: String?
        package var status: Int?
        package var activityID: String?
        package var since: Int64?
        package var limit: Int
    }

    /// The newest entries first, filtered, walking back by id (`before`). Bodies are read only up
    /// to `preview` characters, each record saying whether one was cut, and reading stops once the
    /// bodies read pass `maxBytes`: a page costs what it shows, not what the history holds (the
    /// writer, which serves reads too, is held for that long only).
    ///
    /// Only the newest `retention` entries exist for a reader, whatever waits for its `DELETE`.
    package func page(_ f: JournalFilter, retention: Int, preview: Int, maxBytes: Int = .max) throws -> (
        records: [JournalRecord], cutShort: Bool
    ) {
        var bytes = 0
        let records = try db.query(
            """
            SELECT \(JournalColumn.list) FROM journal
            WHERE (?1 IS NULL OR path = ?1 OR path = '/api' || ?1) AND (?2 IS NULL OR method = ?2)
              AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR activity_id = ?4) AND (?5 IS NULL OR at >= ?5)
              AND (?7 IS NULL OR id < ?7) AND \(Self.retained("?9"))
            ORDER BY id DESC LIMIT ?6
            """, .optional(f.path), .optional(f.method), .optional(f.status.map(Int64.init)), .optional(f.activityID),
            .optional(f.since), .int(Int64(f.limit)), .optional(f.before), .int(Int64(preview)), .int(Int64(retention)),
            map: Self.journalRecord,
            until: { record in
                bytes += record.entry.requestBody.utf8.count + record.entry.responseBody.utf8.count + 256
                return bytes > maxBytes
            })
        return (records, bytes > maxBytes)
    }

    /// One entry whole, or nil (also past the retention).
    package func entry(id: Int64, retention: Int) throws -> JournalRecord? {
        try db.query(
            """
            SELECT \(JournalColumn.list) FROM journal WHERE id = ?1 AND \(Self.retained("?2"))
            """, .int(id), .int(Int64(retention)), .null, .null, .null, .null, .null, .int(Int64(Int32.max)), map: Self.journalRecord
        ).first
    }

    /// An entry's columns; the bodies cut to `?8` characters (a preview, or `Int32.max`, which is SQLite's limit for substr, for the whole).
    private enum JournalColumn: String, ColumnSet {
        case id, at, method, path, status
        case keyID = "key_id"
        case activityID = "activity_id"
        case requestBody = "substr(request_body, 1, ?8)"
        case responseBody = "substr(response_body, 1, ?8)"
        case durationMicros = "duration_us"
        case fault, tool, ignored
        case requestBodyCut = "length(request_body) > ?8"
        case responseBodyCut = "length(response_body) > ?8"
    }

    private static func journalRecord(_ row: Row) -> JournalRecord {
        typealias C = JournalColumn
        return JournalRecord(
            id: row.int(C.id),
            entry: JournalEntry(
                at: row.int(C.at), method: row.text(C.method), path: row.text(C.path), status: Int(row.int(C.status)),
                keyID: row.optionalText(C.keyID), activityID: row.optionalText(C.activityID), requestBody: row.text(C.requestBody),
                responseBody: row.text(C.responseBody), durationMicros: Int(row.int(C.durationMicros)), fault: row.optionalText(C.fault),
                tool: row.optionalText(C.tool), ignored: row.optionalText(C.ignored)),
            requestBodyCut: row.bool(C.requestBodyCut), responseBodyCut: row.bool(C.responseBodyCut))
    }

    /// Empties the journal; returns how many entries it held (as a reader saw them).
    package func clear(retention: Int) throws -> Int64 {
        let count = try db.scalarInt("SELECT COUNT(*) FROM journal WHERE \(Self.retained("?"))", .int(Int64(retention))) ?? 0
        try db.run("DELETE FROM journal")
        return count
    }
}

/// A stored journal entry with its row id.
package struct JournalRecord: Sendable {
    package let id: Int64
    package let entry: JournalEntry
    /// The bodies were read cut to a preview (`journal(_:preview:)`).
    package var requestBodyCut = false
    package var responseBodyCut = false
}
