import CSQLite
import Dispatch
import Synchronization

/// Keeps the write-ahead log small while the server is under steady load.
///
/// A second connection copies committed frames into the database file every 250 ms (passive
/// checkpoints: they never block the writer, and they pay the fsyncs). SQLite syncs the database
/// file only in a checkpoint that copies every frame, which under steady writes is the writer's
/// final copy below: it then flushed all that the passes had copied since the last rewind (6-12 ms
/// measured at 32 connections, every request in flight waiting), so each pass syncs what it
/// copied itself, and the final copy syncs its few pages (1-3 ms). But SQLite only rewinds
/// the WAL to its start when a write begins after *every* frame was copied, which steady writes
/// never allow: the file then grows without end (measured: 55 MB/s), and every append costs
/// the kernel a page of zeroing. So once the WAL holds `rewindAfterFrames`, the writer copies
/// the few frames written since the last background pass itself, between two batches, and its
/// next transaction rewinds the log.
///
/// Checked by hand, not by the compiler: the checkpointing connection is used only on the timer's serial queue,
/// the writer's side only by the store's runner; the two meet through the `backgroundPassDone`
/// atomic and `frames`, which the writer reads after the pass reported it done.
final class WALMaintenance: @unchecked Sendable {
    /// ~32 MiB of 4 KiB pages: each rewind pauses the writer for its two fsyncs (~6 ms measured
    /// here), so fewer, larger cycles keep that pause out of the p99 at one connection.
    static let rewindAfterFrames: Int32 = 8192

    /// A background pass that copied at most this many frames leaves the writer a short final copy.
    static let shortPass: Int32 = 256

    private let checkpointer: Database
    private let queue = DispatchQueue(label: "store.checkpoint")
    private var timer: DispatchSourceTimer?
    /// Frames checkpointed after the last pass (on `queue` only).
    private var lastCopied: Int32 = 0
    /// Frames in the WAL after the last commit, written by SQLite's WAL hook on the committing thread.
    private let frames = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// A background pass finished since the writer's last rewind: what is left to copy is small.
    private let backgroundPassDone = Atomic<Bool>(false)
    /// Completed rewinds so far; read it through the store (writer-owned, like the database).
    private(set) var rewinds = 0
    /// Background passes that synced the database file (read through the store, for tests).
    private let passSyncs = Atomic<Int>(0)
    var databaseSyncs: Int { passSyncs.load(ordering: .relaxed) }

    init(path: String, writer: Database, locking: FileLocking) throws {
        checkpointer = try Database(path: path, locking: locking)
        // A connection learns that the database is in WAL mode on its first read; until then
        // its checkpoints silently do nothing.
        _ = try checkpointer.scalarInt("PRAGMA schema_version")
        frames.pointee = 0
        sqlite3_wal_hook(
            writer.handle,
            { context, _, _, count in
                context!.assumingMemoryBound(to: Int32.self).pointee = count
                return SQLITE_OK
            }, frames)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.backgroundPass() }
        timer.resume()
        self.timer = timer
    }

    /// On `queue`. Once the log is long enough to rewind, passes follow one another until one
    /// copies only a few frames (what came in during the one before): the writer's final copy,
    /// and the two fsyncs it waits for, then cover a handful of frames instead of 250 ms of them.
    private func backgroundPass() {
        var log: Int32 = -1, copied: Int32 = -1
        // A log size of -1 means the connection does not see a WAL: the pass did nothing.
        guard sqlite3_wal_checkpoint_v2(checkpointer.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK, log >= 0
        else { return }
        // After a rewind the log starts again from its first frame.
        let newlyCopied = copied >= lastCopied ? copied - lastCopied : copied
        lastCopied = copied
        if newlyCopied > 0 && syncDatabaseFile() { passSyncs.add(1, ordering: .relaxed) }
        let due = log >= Self.rewindAfterFrames
        backgroundPassDone.store(due && newlyCopied <= Self.shortPass, ordering: .releasing)
        if due && newlyCopied > Self.shortPass { queue.async { [weak self] in self?.backgroundPass() } }
    }

    /// Syncs the database file through the checkpointing connection's own file handle (SQLite's
    /// VFS method: no second descriptor, whose closing would drop the process's locks).
    private func syncDatabaseFile() -> Bool {
        var file: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(checkpointer.handle, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK,
            let file, let sync = file.pointee.pMethods?.pointee.xSync
        else { return false }
        return sync(file, SQLITE_SYNC_NORMAL) == SQLITE_OK
    }

    /// Called by whichever thread ran the batch (the writer or an inline caller), after it.
    func afterCommit(_ writer: Database) {
        guard frames.pointee >= Self.rewindAfterFrames, backgroundPassDone.load(ordering: .acquiring) else { return }
        var log: Int32 = 0, copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(writer.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
        // Busy (a background pass is running) or incomplete: try again after the next batch.
        guard rc == SQLITE_OK && log == copied else { return }
        frames.pointee = 0
        rewinds += 1
        backgroundPassDone.store(false, ordering: .releasing)
    }

    func stop() {
        timer?.cancel()
    }
}
