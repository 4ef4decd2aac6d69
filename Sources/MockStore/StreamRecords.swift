import APIModel

/// Stream keys: their newest activity and whether they are paused.
package struct StreamTable {
    let db: Database

    /// The newest activity a stream key has had in an account (active or ended), if any.
    package func latestActivity(account: String, streamKey: String) throws -> ActivityRecord? {
        guard
            let id = try db.query(
                """
                SELECT id FROM activities WHERE account_id = ? AND stream_key = ? ORDER BY created_at DESC, rowid DESC LIMIT 1
                """, .text(account), .text(streamKey), map: { $0.text(0) }
            ).first
        else { return nil }
        return try db.activities.get(id: id)
    }

    package func isPaused(account: String, streamKey: String) throws -> Bool {
        try db.scalarInt(
            "SELECT 1 FROM paused_streams WHERE account_id = ? AND stream_key = ?",
            .text(account), .text(streamKey)) != nil
    }

    /// Marks a stream paused (true) or running again (false); returns whether that changed anything.
    @discardableResult
    package func setPaused(account: String, streamKey: String, paused: Bool, now: Int64) throws -> Bool {
        let before = try isPaused(account: account, streamKey: streamKey)
        if paused {
            try db.run(
                "INSERT OR IGNORE INTO paused_streams (account_id, stream_key, paused_at) VALUES (?, ?, ?)",
                .text(account), .text(streamKey), .int(now))
        } else {
            try db.run("DELETE FROM paused_streams WHERE account_id = ? AND stream_key = ?", .text(account), .text(streamKey))
        }
        return before != paused
    }

    private enum PausedColumn: String, ColumnSet {
        case account = "account_id"
        case streamKey = "stream_key"
    }

    /// The stream keys paused in each account, as `account/stream_key`.
    package func paused() throws -> Set<String> {
        Set(try db.query("SELECT \(PausedColumn.list) FROM paused_streams") { "\($0.text(PausedColumn.account))/\($0.text(PausedColumn.streamKey))" })
    }

    /// The account whose activity used `streamKey` most recently, if any.
    package func latestOwner(streamKey: String) throws -> String? {
        try db.query(
            "SELECT account_id FROM activities WHERE stream_key = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
            .text(streamKey)
        ) { $0.text(0) }.first
    }
}
