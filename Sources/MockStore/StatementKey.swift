/// The statement cache's key: the SQL text, hashed by its length and its last bytes only.
///
/// Statements are long and looked up several times per request; hashing the whole text with
/// SipHash showed up at ~3 % of the CPU. Equal texts still compare in full, so two statements
/// that share a length and an ending only cost one extra comparison.
struct StatementKey: Hashable {
    let sql: String

    func hash(into hasher: inout Hasher) {
        let hashedTail = sql.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            hasher.combine(bytes.count)
            // The end of a statement (its WHERE / VALUES) tells most statements apart.
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[max(0, bytes.count - 48)...])))
            return true
        }
        if hashedTail == nil { hasher.combine(sql) }
    }

    static func == (a: StatementKey, b: StatementKey) -> Bool { a.sql == b.sql }
}
