#if canImport(Glibc)
import Glibc
#endif
import APIModel

/// The one SQLite database behind the mock: WAL mode, one connection, one writer at a time.
///
/// Every API call that changes state runs inside `write`, a single `BEGIN IMMEDIATE` transaction;
/// the caller answers 2xx only after `write` returned, i.e. after the commit.
final class Store: @unchecked Sendable {
    let path: String
    private let db: Database
    private var mutex = pthread_mutex_t()

    init(path: String) throws {
        self.path = path
        db = try Database(path: path)
        pthread_mutex_init(&mutex, nil)
        if path != ":memory:" {
            try db.exec("PRAGMA journal_mode = WAL")
            // NORMAL in WAL survives a process crash (SIGKILL) without losing commits; only an
            // OS crash or power loss can drop the last transactions.
            try db.exec("PRAGMA synchronous = NORMAL")
            try db.exec("PRAGMA journal_size_limit = 67108864")
        }
        try db.exec("PRAGMA foreign_keys = ON")
        try Migrations.migrate(db)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    /// Runs `body` in one transaction; a throw rolls everything back.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try db.transaction { try body(db) }
    }

    /// Runs `body` with the connection, outside any explicit transaction.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body(db)
    }

    /// Writes the WAL back into the main file (at shutdown).
    func checkpoint() {
        _ = try? read { try $0.exec("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}
