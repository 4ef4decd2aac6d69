import CSQLite
import APIModel

/// A value bound to or read from SQLite.
package enum SQLValue {
    case int(Int64)
    case double(Double)
    case text(String)
    case null
}

/// One SQLite connection with a cache of prepared statements. Not thread-safe: `Store` serializes it.
package final class Database {
    package let handle: OpaquePointer
    private var statements: [StatementKey: Statement] = [:]
    /// Activity state as last committed; see `ActivityCache` for what keeps it honest.
    package let activityCache = ActivityCache()
    /// `PRAGMA data_version` as the last batch saw it, when the file is shared with other processes.
    var dataVersion: Int64?

    /// How long a statement waits for a lock another connection holds.
    private static let busyTimeoutMillis: Int32 = 5000

    /// Runs once, before the first connection opens (see `csqlite_configure_process`).
    private static let processConfigured: Bool = csqlite_configure_process() == SQLITE_OK

    /// - Parameters:
    ///   - readOnly: a reader's connection (`ReaderPool`), which never writes (`query_only`).
    ///   - locking: how the process locks the file; every connection of a process must agree.
    package init(path: String, readOnly: Bool = false, locking: FileLocking = .perTransaction) throws {
        _ = Self.processConfigured
        var db: OpaquePointer?
        // Under `unix-excl` a reader opens read-write too: a read-only connection would take and
        // drop real locks, and dropping one releases the process's. `query_only` keeps it reading.
        let writable = !readOnly || locking == .processExclusive
        let flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | (readOnly ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let vfs = locking == .processExclusive ? "unix-excl" : nil
        guard sqlite3_open_v2(path, &db, flags, vfs) == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw StorageError("cannot open database \(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, Self.busyTimeoutMillis)
        if readOnly { sqlite3_exec(db, "PRAGMA query_only = ON", nil, nil, nil) }
    }

    /// Takes the first lock, without waiting. Under `unix-excl` that takes the file for the whole
    /// process; false when another process has the file open (SQLite says it is busy).
    package func takesFile() -> Bool {
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMillis) }
        return sqlite3_exec(handle, "PRAGMA schema_version", nil, nil, nil) != SQLITE_BUSY
    }

    deinit {
        statements.values.forEach { sqlite3_finalize($0.pointer) }
        sqlite3_close_v2(handle)
    }

    package func exec(_ sql: String) throws {
        activityCache.clear()
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            let kind = StorageError.Kind(code: sqlite3_extended_errcode(handle), errno: sqlite3_system_errno(handle))
            if kind != .other { lastFailureKind = kind }
            throw StorageError(message, kind: kind)
        }
    }

    /// Runs a parameterless statement from the statement cache (BEGIN, COMMIT, SAVEPOINT ...).
    package func execPrepared(_ sql: String) throws {
        let s = try statement(sql)
        defer { s.reset() }
        while try s.step() {}
    }

    /// A prepared statement, compiled once per SQL text and reused.
    package func statement(_ sql: String) throws -> Statement {
        let key = StatementKey(sql: sql)
        if let cached = statements[key] { return cached }
        var pointer: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil) == SQLITE_OK, let pointer else {
            throw StorageError("prepare failed: \(String(cString: sqlite3_errmsg(handle))) in \(sql)")
        }
        let statement = Statement(pointer: pointer, db: self)
        statements[key] = statement
        return statement
    }

    /// Runs a statement that returns no rows.
    package func run(_ sql: String, _ values: SQLValue...) throws { try run(sql, values: values) }

    /// The same, with its values in an array (built from a `ColumnSet`).
    package func run(_ sql: String, values: [SQLValue]) throws {
        let s = try statement(sql)
        try s.bind(values)
        defer { s.reset() }
        while try s.step() {}
    }

    /// Runs a query and maps each row.
    package func query<T>(_ sql: String, _ values: SQLValue..., map: (Row) throws -> T) throws -> [T] {
        let s = try statement(sql)
        try s.bind(values)
        defer { s.reset() }
        var out: [T] = []
        while try s.step() { out.append(try map(Row(pointer: s.pointer))) }
        return out
    }

    /// Maps rows until `stop` says the last one mapped was enough: a read bounded by what it
    /// gathered, not by how many rows match.
    package func query<T>(_ sql: String, _ values: SQLValue..., map: (Row) throws -> T, until stop: (T) -> Bool) throws -> [T] {
        let s = try statement(sql)
        try s.bind(values)
        defer { s.reset() }
        var out: [T] = []
        while try s.step() {
            out.append(try map(Row(pointer: s.pointer)))
            if stop(out[out.count - 1]) { break }
        }
        return out
    }

    package func scalarInt(_ sql: String, _ values: SQLValue...) throws -> Int64? {
        let s = try statement(sql)
        try s.bind(values)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return Row(pointer: s.pointer).int(0)
    }

    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    package var changes: Int { Int(sqlite3_changes(handle)) }

    package func errorMessage() -> String { String(cString: sqlite3_errmsg(handle)) }

    /// The kind of the last classified failure (disk full, read-only); the store reads and resets it per batch.
    package var lastFailureKind: StorageError.Kind?

    /// The connection's last error as a `StorageError`, classified (disk full, read-only, ...).
    package func failure(_ what: String) -> StorageError {
        let kind = StorageError.Kind(code: sqlite3_extended_errcode(handle), errno: sqlite3_system_errno(handle))
        if kind != .other { lastFailureKind = kind }
        return StorageError("\(what): \(errorMessage())", kind: kind)
    }

    /// True when no transaction is open: after some errors (disk full, I/O) SQLite rolls the
    /// whole transaction back by itself, and later statements would commit one by one.
    package var inAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Rows changed by every statement since the connection opened.
    package var totalChanges: Int64 { Int64(sqlite3_total_changes(handle)) }

    /// `BEGIN IMMEDIATE` … `COMMIT`; rolls back if `body` throws. The commit is durable on return.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try exec("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }
}

/// A cached prepared statement.
package final class Statement {
    package let pointer: OpaquePointer
    unowned let db: Database
    package init(pointer: OpaquePointer, db: Database) {
        self.pointer = pointer
        self.db = db
    }

    /// The bytes of the text parameters bound last (SQLite keeps pointers into them).
    private let texts = BoundText()

    package func bind(_ values: [SQLValue]) throws {
        sqlite3_clear_bindings(pointer)
        var textBytes = 0
        for case .text(let v) in values { textBytes += v.utf8.count }
        texts.reset(reserving: textBytes)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .int(let v): rc = sqlite3_bind_int64(pointer, index, v)
            case .double(let v): rc = sqlite3_bind_double(pointer, index, v)
            case .text(let v): rc = texts.bind(v, to: pointer, at: index)
            case .null: rc = sqlite3_bind_null(pointer, index)
            }
            guard rc == SQLITE_OK else { throw StorageError("bind failed: \(db.errorMessage())") }
        }
    }

    /// True while rows come; false when done.
    package func step() throws -> Bool {
        switch sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw db.failure("step failed")
        }
    }

    package func reset() {
        sqlite3_reset(pointer)
    }
}

/// A result row. Columns are read by a `ColumnSet` case (`row.text(TapColumn.url)`); the
/// positional readers are for one-column results and for `ColumnSet` itself.
package struct Row {
    package let pointer: OpaquePointer
    /// Where this row's columns start: after the columns of a join's first table (`after(_:)`).
    var base: Int32 = 0

    package func int(_ i: Int32) -> Int64 { sqlite3_column_int64(pointer, base + i) }
    package func double(_ i: Int32) -> Double { sqlite3_column_double(pointer, base + i) }
    package func isNull(_ i: Int32) -> Bool { sqlite3_column_type(pointer, base + i) == SQLITE_NULL }
    package func text(_ i: Int32) -> String {
        guard let c = sqlite3_column_text(pointer, base + i) else { return "" }
        return String(cString: c)
    }
    package func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
    package func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }

    /// The columns that follow `First`'s in a SELECT listing `First.list, Second.list`.
    package func after<First: ColumnSet>(_: First.Type) -> Row {
        Row(pointer: pointer, base: base + Int32(First.allCases.count))
    }

    /// A stored enumeration. A value this binary does not know is an error, never silently
    /// something else.
    package func known<Value: RawRepresentable<String>>(_ i: Int32, _ type: Value.Type) throws -> Value {
        let text = self.text(i)
        guard let value = Value(rawValue: text) else {
            throw StorageError("a stored \(Value.self) this binary does not know: \(text)")
        }
        return value
    }
}

extension SQLValue {
    package static func optional(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
    package static func optional(_ i: Int64?) -> SQLValue { i.map(SQLValue.int) ?? .null }
}

/// Rows per table, for `/_mock/health`.
extension Database {
    /// Rows per table, for `/_mock/health`.
    package func healthCounts() throws -> [(String, Int64)] {
        try ["accounts", "devices", "activities", "notifications", "journal"].map { table in
            (table, try scalarInt("SELECT COUNT(*) FROM \(table)") ?? 0)
        } + [("active_activities", try scalarInt("SELECT COUNT(*) FROM activities WHERE status = 'active'") ?? 0)]
    }
}
