import Glibc
import CSQLite

/// Read-only connections beside the writer's (file databases in WAL mode): a long read (a journal
/// page, the dashboard's state) sees the last commit and never holds the writer, so API writes
/// do not wait behind it. Each connection serves one reader at a time; at most `capacity` are
/// opened, later readers wait for one.
final class ReaderPool: @unchecked Sendable {  // its state is guarded by `mutex`
    private let path: String
    private let capacity: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let available = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var idle: [Database] = []
    private var opened = 0
    private var closed = false

    init(path: String, capacity: Int) {
        self.path = path
        self.capacity = capacity
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(available, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(available)
        mutex.deallocate()
        available.deallocate()
    }

    func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        let db = try take()
        defer { give(db) }
        // One read transaction: the whole body sees one commit.
        try db.exec("BEGIN")
        defer { try? db.exec("COMMIT") }
        return try body(db)
    }

    private func take() throws -> Database {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if closed { throw StorageError("the store is closed") }
            if let db = idle.popLast() { return db }
            if opened < capacity {
                opened += 1
                do {
                    let db = try Database(path: path, readOnly: true)
                    try db.exec("PRAGMA query_only = ON")
                    try db.exec("PRAGMA cache_size = -4096")
                    return db
                } catch {
                    opened -= 1
                    throw error
                }
            }
            pthread_cond_wait(available, mutex)
        }
    }

    private func give(_ db: Database) {
        pthread_mutex_lock(mutex)
        if closed { opened -= 1 } else { idle.append(db) }
        pthread_cond_signal(available)
        pthread_mutex_unlock(mutex)
    }

    /// Drops the idle connections (before the writer's final checkpoint); readers still running
    /// drop theirs when they finish.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        opened -= idle.count
        idle.removeAll()
        pthread_cond_broadcast(available)
        pthread_mutex_unlock(mutex)
    }
}
