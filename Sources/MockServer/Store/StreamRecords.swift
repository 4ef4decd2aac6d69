import APIModel

extension Database {
    /// The newest activity a stream key has had in an account (active or ended), if any.
    func latestStreamActivity(account: String, streamKey: String) throws -> ActivityRecord? {
        guard let id = try query("""
            SELECT id FROM activities WHERE account_id = ? AND stream_key = ? ORDER BY created_at DESC, rowid DESC LIMIT 1
            """, .text(account), .text(streamKey), map: { $0.text(0) }).first else { return nil }
        return try activity(id: id)
    }
}
