import Glibc
import APIModel
import CSQLite
import Dispatch

/// The one SQLite database behind the mock: WAL mode, one connection owned by one writer thread.
///
/// Work arrives as jobs. The writer takes every pending job (group commit), runs each inside its
/// own savepoint (so a job that throws rolls back alone), commits the batch once, and only then
/// completes the jobs: an answer is sent after its change is committed, and one commit is shared
/// by everything that arrived together.
///
/// Checked by hand, not by the compiler: the connection and the batch's state belong to the
/// runner, the one thread running a batch at a time (the writer thread, or a caller running
/// inline), chosen under `mutex`, which also guards the queue of jobs.
package final class Store: @unchecked Sendable {
    package let path: String
    let db: Database
    /// How this process locks the file: `.perTransaction` when another process had it open at
    /// start (and always for `:memory:`).
    package let locking: FileLocking
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending: [any StoreJob] = []
    /// Bookkeeping writes (the journal) gathered for ~100 ms and committed together: one journal
    /// page per tick instead of one per request. Anything that may read them (a synchronous
    /// `write` or `read`, i.e. the control plane) takes them into its own batch first.
    private var deferred: [(Database) throws -> Void] = []
    private var flushTimer: DispatchSourceTimer?
    /// Set by the tick: deferred writes have waited long enough to get a commit of their own.
    private var flushDue = false
    /// Checkpoints and WAL rewinds (file databases only).
    var wal: WALMaintenance?
    /// Set by pthread_create before `init` returns, so every later reader sees it.
    private var writerThread = pthread_t()
    /// Jobs submitted and not yet completed. A job runs inline only when it is the only one and
    /// the last batch held at most one: one client at a time (a test suite) then never waits for
    /// a hop to the writer and back, while concurrent clients, which find others in flight or
    /// just shared a batch, share the writer's commits (inline, the first request after each
    /// batch took a commit of its own: 8-12 % more CPU per update at 32 connections). A rule by
    /// time, "none submitted in the last 200 µs", sent a sequential client's every few requests
    /// to the writer: they arrive ~240 µs apart. Both guarded by `mutex`.
    private var inFlight = 0
    private var lastBatch = 0
    /// The thread running a batch right now (the writer thread, or a caller running inline);
    /// nil when the database is free. Guarded by `mutex`.
    private var runner: pthread_t?
    private var closing = false
    /// Jobs per transaction at most, so one commit never grows without bound.
    private let maxBatch = 512
    /// With fewer jobs than this pending, the writer yields its core once before taking them:
    /// threads that are runnable then (I/O threads parsing requests about to be submitted) go
    /// first, and their jobs join the batch. Each commit's WAL frames and wake-ups are then shared
    /// by more updates (at 32 connections 1.76 → 2.3 updates per commit, 72 → 65 µs of CPU per
    /// update). With nothing else runnable `sched_yield` returns at once; a client alone runs its
    /// jobs inline and never comes here. No timed wait: one tried held back few-client loads.
    private let yieldBelow = 4
    /// Why writes fail right now (disk full, read-only, a file gone); nil when healthy. Owned by
    /// whichever thread runs a batch, like the connection.
    var condition: StorageError.Kind?
    /// Set by a health probe's job: its commit, if it succeeds, proves writes work again.
    var probing = false
    /// The database and WAL files as opened (file databases only).
    var files: DatabaseFiles?
    /// One server per database file (file databases only).
    private let lock: DatabaseLock?
    /// Connections for `snapshot` reads (file databases only).
    var readers: ReaderPool?

    /// Opens (or creates) the database at `path`; deferred writes are committed at least every
    /// `flushInterval` (tests lengthen it to see what else commits them).
    package init(path: String, flushInterval: DispatchTimeInterval = .milliseconds(100)) throws {
        self.path = path
        // The database holds every account's API keys: a new file is its owner's alone, and
        // SQLite gives the WAL the database file's mode. Made before the lock, which locks it too.
        if path != ":memory:" { Self.createPrivately(path) }
        lock = path == ":memory:" ? nil : try DatabaseLock(databasePath: path)
        (db, locking) = try Self.openWriter(path)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        if path != ":memory:" {
            try db.exec("PRAGMA journal_mode = WAL")
            // NORMAL in WAL survives a process crash (SIGKILL) without losing commits; only an
            // OS crash or power loss can drop the last transactions.
            try db.exec("PRAGMA synchronous = NORMAL")
            try db.exec("PRAGMA journal_size_limit = 67108864")
            // No checkpoints inside a commit (that stalled every request of a batch for tens
            // of ms); `WALMaintenance` does them in the background and between batches.
            try db.exec("PRAGMA wal_autocheckpoint = 0")
            wal = try WALMaintenance(path: path, writer: db, locking: locking)
        }
        try db.exec("PRAGMA foreign_keys = ON")
        try db.exec("PRAGMA cache_size = -8192")
        try db.exec("PRAGMA temp_store = MEMORY")
        try Migrations.migrate(db)
        if path != ":memory:" {
            files = DatabaseFiles(path: path)
            readers = ReaderPool(path: path, capacity: 2, locking: locking)
        }
        startWriter()
        startFlushTimer(every: flushInterval)
    }

    /// Creates `path` with mode 0600 when it does not exist (an existing file keeps its mode).
    private static func createPrivately(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 { Glibc.close(fd) }
    }

    deinit {
        pthread_cond_destroy(wake)
        pthread_mutex_destroy(mutex)
        wake.deallocate()
        mutex.deallocate()
    }

    /// The writer's connection: the file for this process alone when no other process has it
    /// open (no file lock per transaction: `FileLocking`), else SQLite's usual locks.
    private static func openWriter(_ path: String) throws -> (Database, FileLocking) {
        guard path != ":memory:" else { return (try Database(path: path), .perTransaction) }
        do {
            let exclusive = try Database(path: path, locking: .processExclusive)
            if exclusive.takesFile() { return (exclusive, .processExclusive) }
        }
        return (try Database(path: path), .perTransaction)
    }

    /// Queues `body` for the next batch; `completion` runs after that batch committed (or failed).
    package func submit<T>(
        _ body: @escaping (Database) throws -> T, readsDeferred: Bool = false,
        completion: @escaping (Result<T, Error>) -> Void
    ) {
        let job = TypedJob(body, readsDeferred: readsDeferred, completion: completion)
        pthread_mutex_lock(mutex)
        if closing {
            pthread_mutex_unlock(mutex)
            job.fail(StorageError("the store is closed"))
            job.finish()
            return
        }
        pending.append(job)
        inFlight += 1
        guard runner == nil && inFlight == 1 && lastBatch <= 1 else {
            // Someone is running a batch, or other jobs are on their way: the writer thread
            // takes this one with whatever else arrives (group commit).
            pthread_cond_signal(wake)
            pthread_mutex_unlock(mutex)
            return
        }
        // Nobody holds the database and nothing else is arriving: run the batch right here, on
        // the caller's thread, which saves two thread hops (to the writer and back).
        runner = pthread_self()
        let (batch, extras) = takeBatch()
        pthread_mutex_unlock(mutex)
        runBatch(batch, extras: extras)
        pthread_mutex_lock(mutex)
        completed(batch)
        runner = nil
        // Deferred writes alone do not wake the writer unless the tick asked for them.
        if !pending.isEmpty || closing || (flushDue && !deferred.isEmpty) { pthread_cond_signal(wake) }
        pthread_mutex_unlock(mutex)
    }

    /// Queues a write that may wait ~100 ms for its commit (or until something reads). Errors are dropped.
    package func submitDeferred(_ body: @escaping (Database) throws -> Void) {
        pthread_mutex_lock(mutex)
        if !closing { deferred.append(body) }
        pthread_mutex_unlock(mutex)
    }

    /// Commits the deferred writes with the next batch (or the tick's, if none comes first).
    /// The writer is not woken for them: at one client at a time that sent the client's next
    /// request on a hop to the writer and back while the writer held the database.
    package func flushDeferredSoon() { markFlushDue(wakingWriter: false) }

    /// Sets `flushDue` when deferred writes wait; the tick also wakes the writer, so they get a
    /// commit of their own when no batch comes.
    private func markFlushDue(wakingWriter: Bool) {
        pthread_mutex_lock(mutex)
        if !deferred.isEmpty {
            flushDue = true
            if wakingWriter { pthread_cond_signal(wake) }
        }
        pthread_mutex_unlock(mutex)
    }

    /// Puts deferred writes whose batch failed back in front, to wait for the next one.
    func requeueDeferred(_ writes: [(Database) throws -> Void]) {
        pthread_mutex_lock(mutex)
        deferred.insert(contentsOf: writes, at: 0)
        pthread_mutex_unlock(mutex)
    }

    private func startFlushTimer(every interval: DispatchTimeInterval) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.markFlushDue(wakingWriter: true) }
        timer.resume()
        flushTimer = timer
    }

    /// Finishes the queued jobs, stops the writer and writes the WAL back into the database file. Idempotent.
    package func close() {
        pthread_mutex_lock(mutex)
        let first = !closing
        closing = true
        pthread_cond_signal(wake)
        pthread_mutex_unlock(mutex)
        if first {
            readers?.close()
            flushTimer?.cancel()
            wal?.stop()
            if pthread_equal(writerThread, pthread_self()) == 0 { pthread_join(writerThread, nil) }
            // Nobody uses the connection any more: copy the WAL back and empty it. (Outside any
            // transaction: a checkpoint inside a batch's BEGIN would only fail.)
            if wal != nil { sqlite3_wal_checkpoint_v2(db.handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil) }
            lock?.release()
        }
    }

    /// How many times the WAL was rewound to its start (0 for in-memory databases).
    package var walRewinds: Int { (try? read { _ in self.wal?.rewinds ?? 0 }) ?? 0 }

    /// How many background checkpoints synced the database file (0 for in-memory databases).
    package var walDatabaseSyncs: Int { wal?.databaseSyncs ?? 0 }

    // MARK: - The writer

    private func startWriter() {
        let box = Unmanaged.passRetained(self)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_create(
            &writerThread, &attributes,
            { raw in
                let store = Unmanaged<Store>.fromOpaque(raw!).takeRetainedValue()
                store.writerLoop()
                return nil
            }, box.toOpaque())
        pthread_attr_destroy(&attributes)
    }

    var isRunner: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return runner.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    /// Takes up to `maxBatch` pending jobs, and the deferred writes that ride with them: on the
    /// tick, for a job that may read them, and on the writer thread under load (`spread`) every
    /// time, so the journal goes in a few dozen entries per batch rather than a tick's worth
    /// (~1,800 at 32 connections) holding one batch. Called with `mutex` held.
    private func takeBatch(spread: Bool = false) -> ([any StoreJob], [(Database) throws -> Void]) {
        let batch: [any StoreJob]
        if pending.count <= maxBatch {
            // The buffer is handed over whole: `removeAll(keepingCapacity:)` on an array still
            // shared with `batch` allocates a new one of the old capacity, a large request that
            // made malloc consolidate its free lists (~1 % of the CPU at 32 connections).
            batch = pending
            pending = []
        } else {
            batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(maxBatch)
        }
        guard flushDue || closing || (spread && !deferred.isEmpty) || batch.contains(where: \.readsDeferred) else {
            return (batch, [])
        }
        // While writes fail the bookkeeping waits in memory: a read then commits nothing and works.
        guard condition == nil || closing else {
            flushDue = false
            return (batch, [])
        }
        flushDue = false
        let extras = deferred
        deferred = []
        return (batch, extras)
    }

    /// Counts a batch's jobs done, for the next `submit`'s choice to run inline. Called with
    /// `mutex` held.
    private func completed(_ batch: [any StoreJob]) {
        inFlight -= batch.count
        lastBatch = batch.count
    }

    private func writerLoop() {
        pthread_mutex_lock(mutex)
        while true {
            // Deferred writes alone wait for the tick (or for the next job to ride with).
            let hasWork = !pending.isEmpty || (!deferred.isEmpty && (flushDue || closing))
            if runner == nil && hasWork {
                runner = pthread_self()
                // Under load the writer keeps the database between batches, so callers queue
                // instead of running inline; it lets go once nothing is pending.
                repeat {
                    if pending.count < yieldBelow {
                        pthread_mutex_unlock(mutex)
                        sched_yield()
                        pthread_mutex_lock(mutex)
                    }
                    let (batch, extras) = takeBatch(spread: true)
                    pthread_mutex_unlock(mutex)
                    runBatch(batch, extras: extras)
                    pthread_mutex_lock(mutex)
                    completed(batch)
                } while !pending.isEmpty
                runner = nil
                continue
            }
            if runner == nil && closing {
                pthread_mutex_unlock(mutex)
                return
            }
            pthread_cond_wait(wake, mutex)
        }
    }
}
