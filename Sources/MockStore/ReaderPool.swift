import Dispatch
import Locking
import Synchronization

/// Read-only connections beside the writer's (file databases in WAL mode): a long read (a journal
/// page, the dashboard's state) sees the last commit and never holds the writer, so API writes
/// do not wait behind it. Each connection lives in a slot of its own and serves one reader at a
/// time, under the slot's lock; at most `capacity` readers run, later ones wait for a slot.
final class ReaderPool: Sendable {
    private let path: String
    private let locking: FileLocking
    /// A connection per slot, opened on first use; nil again once the pool closed.
    private let slots: [Locked<Database?>]
    /// Readers admitted: one per slot, so an admitted reader always finds a free one.
    private let admitted: DispatchSemaphore
    private let closed = Atomic<Bool>(false)

    init(path: String, capacity: Int, locking: FileLocking) {
        self.path = path
        self.locking = locking
        slots = (0..<capacity).map { _ in Locked(nil) }
        admitted = DispatchSemaphore(value: capacity)
    }

    func withConnection<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        admitted.wait()
        defer { admitted.signal() }
        for slot in slots {
            let outcome: Result<T, Error>? = slot.withLockIfAvailable { connection in
                Result {
                    if closed.load(ordering: .acquiring) { throw StorageError("the store is closed") }
                    let db = try connection ?? open()
                    connection = db
                    // One read transaction: the whole body sees one commit.
                    try db.exec("BEGIN")
                    defer { try? db.exec("COMMIT") }
                    return try body(db)
                }
            }
            if let outcome { return try outcome.get() }
        }
        throw StorageError("no reader connection was free")  // admission makes this unreachable
    }

    private func open() throws -> Database {
        let db = try Database(path: path, readOnly: true, locking: locking)
        try db.exec("PRAGMA cache_size = -4096")
        return db
    }

    /// Closes the connections (before the writer's final checkpoint), each once its reader is done.
    func close() {
        closed.store(true, ordering: .releasing)
        for slot in slots { slot.withLock { $0 = nil } }
    }
}
