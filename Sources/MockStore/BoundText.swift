import CSQLite

/// The bytes of a statement's text parameters, owned by the statement and bound to SQLite without
/// a copy (`SQLITE_STATIC`).
///
/// Binding with `SQLITE_TRANSIENT` makes SQLite copy every text into memory of its own, a malloc
/// and a free per value: 10-15 per update (its row, the activity's row, the journal's rows). Here
/// each bind copies its texts into one buffer that only grows, and SQLite keeps pointers into it.
/// They stay valid until the statement's next `bind`, which clears SQLite's bindings before the
/// buffer is written again, or until the statement is finalized (before this buffer is freed:
/// `Database.deinit` finalizes, then the statements are released).
final class BoundText {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    private var used = 0

    deinit { base?.deallocate() }

    /// Forgets what was bound, making room for `bytes` more. Only after `sqlite3_clear_bindings`:
    /// growing moves the buffer.
    func reset(reserving bytes: Int) {
        used = 0
        guard base == nil || bytes > capacity else { return }
        base?.deallocate()
        capacity = max(bytes, capacity * 2, 256)
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    /// Copies `text` in and binds it to parameter `index` of `statement`.
    func bind(_ text: String, to statement: OpaquePointer, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            let start = base! + used
            if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
            used += bytes.count
            // nil: SQLITE_STATIC, the bytes outlive the binding (see above).
            return sqlite3_bind_text(statement, index, start.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
        }
    }
}
