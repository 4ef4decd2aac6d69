import Dispatch
import Glibc
import CSQLite

/// The ways into the store besides `submit`: the blocking `write`, `read` and `snapshot` (for
/// start-up and tests, which may wait; a server path never does), the asynchronous snapshot on a
/// reader connection, and the health probe.
extension Store {
    /// Runs `body` in the next batch and waits for its commit. `readsDeferred` false: the batch
    /// need not take the deferred writes first (as an API write's does not).
    package func write<T>(readsDeferred: Bool = true, _ body: @escaping (Database) throws -> T) throws -> T {
        // A job that writes again runs inside its own batch (waiting would deadlock).
        if isRunner { return try body(db) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<T, Error>!
        submit(body, readsDeferred: readsDeferred) { result in
            outcome = result
            done.signal()
        }
        done.wait()
        return try outcome.get()
    }

    /// Reads go through the writer too: one connection, always a consistent, committed view.
    package func read<T>(_ body: @escaping (Database) throws -> T) throws -> T { try write(body) }

    /// A read on a connection of its own (file databases): it sees the last commit without holding
    /// the writer, so a long read costs API writes nothing. `includingDeferred` first commits the
    /// writes still waiting (the journal's), for a reader of them. An in-memory database has the
    /// one connection: `read`.
    package func snapshot<T: Sendable>(includingDeferred: Bool = false, _ body: @escaping @Sendable (Database) throws -> T) throws -> T {
        guard let readers else { return try read(body) }
        if includingDeferred { try write { _ in } }
        return try readers.withConnection(body)
    }

    /// `snapshot`, answered through `completion` on a global queue: nothing waits for the writer
    /// (an in-memory database reads in the writer's next batch).
    package func snapshot<T: Sendable>(
        includingDeferred: Bool, _ body: @escaping @Sendable (Database) throws -> T,
        completion: @escaping @Sendable (Result<T, Error>) -> Void
    ) {
        guard let readers else { return submit(body, readsDeferred: true, completion: completion) }
        let read: @Sendable () -> Void = {
            DispatchQueue.global().async { completion(Result { try readers.withConnection(body) }) }
        }
        guard includingDeferred else { return read() }
        submit({ _ in }, readsDeferred: true) { _ in read() }
    }

    /// Why writes fail, or nil once they work. While degraded (disk full, read-only), a small
    /// write is tried first (rewriting `user_version`), so recovery needs no restart and no
    /// client write: the first health check after space frees says so.
    ///
    /// Two batches, answered through `completion`: the probe's, then one that reads the condition
    /// its commit left (the probe's own failure is the answer too).
    package func writeProblem(_ completion: @escaping @Sendable (StorageError?) -> Void) {
        submit(
            { db in
                guard let kind = self.condition, kind == .diskFull || kind == .readOnly else { return }
                self.probing = true
                try db.exec("PRAGMA user_version = \(Migrations.latestVersion)")
            }, readsDeferred: true
        ) { _ in
            self.submit({ _ in self.condition }) { result in
                switch result {
                case .failure(let error): completion((error as? StorageError) ?? StorageError("\(error)"))
                case .success(nil): completion(nil)
                case .success(.fileGone(let detail)?): completion(StorageError(detail, kind: .fileGone(detail)))
                case .success(let kind?): completion(StorageError("writes fail: \(kind.reason)", kind: kind))
                }
            }
        }
    }
}

extension Store {
    /// Sharing the file: whether another process holds its write lock now. Asked on a connection
    /// of its own that never waits; our own writer holds the lock for a batch (milliseconds), so
    /// three looks 10 ms apart tell the two apart. Blocks for 30 ms at most.
    package func writeLockHeldElsewhere() -> Bool {
        guard locking == .perTransaction, path != ":memory:", let probe = try? Database(path: path) else { return false }
        sqlite3_busy_timeout(probe.handle, 0)
        for _ in 0..<3 {
            if (try? probe.exec("BEGIN IMMEDIATE")) != nil {
                try? probe.exec("ROLLBACK")
                return false
            }
            usleep(10_000)
        }
        return true
    }
}
