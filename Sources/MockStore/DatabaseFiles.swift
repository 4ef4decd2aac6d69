import Glibc
import CSQLite

/// Notices when the database or its WAL file is deleted or replaced under the running server.
///
/// SQLite keeps writing to the open descriptors, so commits would land in files that the next
/// start never reads: acknowledged data lost. Each batch asks before it commits. The paths are
/// compared by `stat` only after inotify reported something about them (a name in the directory
/// removed, renamed or created, a file's link count or the directory itself moved): a batch
/// then costs one `read` that finds nothing, instead of two `stat`s walking both paths (~5 µs
/// per request at one connection). The kernel queues those events within the `unlink` or
/// `rename` itself, so nothing done before a batch goes unseen. Without inotify every batch
/// compares the paths. Confined to the thread running a batch, like the connection.
final class DatabaseFiles {
    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    let path: String
    private let database: Identity?
    private var wal: Identity?
    /// The inotify descriptor (non-blocking), or -1: then every batch compares the paths.
    private let events: Int32
    /// Whether the WAL file is watched yet (it may appear after the first batch).
    private var walWatched = false
    /// Where `drained` reads events: allocated once, not per batch (a temporary allocation of
    /// this size is a heap allocation on every request at one connection).
    private let eventBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
    private static let fileEvents = UInt32(IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF)
    private static let directoryEvents = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MOVE_SELF | IN_DELETE_SELF)

    init(path: String) {
        self.path = path
        database = Self.identity(path)
        wal = Self.identity(path + "-wal")
        var events = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        if events >= 0,
            inotify_add_watch(events, directory, Self.directoryEvents) < 0 || inotify_add_watch(events, path, Self.fileEvents) < 0
        {
            close(events)
            events = -1
        }
        self.events = events
        watchWAL()
    }

    deinit {
        if events >= 0 { close(events) }
        eventBuffer.deallocate()
    }

    enum Change {
        case databaseDeleted, databaseReplaced, walGone
    }

    /// Which file changed, or nil when both are the ones opened.
    func change() -> Change? {
        guard let database else { return nil }
        if events >= 0 && walWatched && !drained() { return nil }
        switch Self.identity(path) {
        case nil: return .databaseDeleted
        case let now? where now != database: return .databaseReplaced
        default: break
        }
        let current = Self.identity(path + "-wal")
        if wal == nil {
            wal = current
            watchWAL()
            return nil
        }
        return current == wal ? nil : .walGone
    }

    /// Reads every queued event; true when there was one.
    private func drained() -> Bool {
        var any = false
        while read(events, eventBuffer.baseAddress, eventBuffer.count) > 0 { any = true }
        return any
    }

    private func watchWAL() {
        guard events >= 0, !walWatched, wal != nil else { return }
        walWatched = inotify_add_watch(events, path + "-wal", Self.fileEvents) >= 0
    }

    /// Whether the database's file system has room for more than a page or two. A one-page
    /// write can still succeed on a full disk (a WAL frame reused after a rewind), so a full
    /// disk counts as recovered only once this is true too. Unknown (statvfs fails) counts as room.
    var hasRoom: Bool {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return true }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) >= 1 << 20
    }

    private static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Saves what the open connection still sees and says what happened. Every commit goes into
    /// the main file first; a deleted database is then written back to its path, a replaced one
    /// next to it (`<path>.rescued-<time>.sqlite`). A lost WAL needs only the first step.
    static func rescue(_ db: Database, path: String, after change: Change) -> String {
        sqlite3_wal_checkpoint_v2(db.handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
        switch change {
        case .walGone:
            return "the WAL file \(path)-wal was deleted or replaced under the running server; everything acknowledged was checkpointed into \(path)"
        case .databaseDeleted, .databaseReplaced:
            let what = change == .databaseDeleted ? "deleted" : "replaced"
            let target = change == .databaseDeleted && access(path, F_OK) != 0 ? path : "\(path).rescued-\(time(nil)).sqlite"
            do {
                try db.run("VACUUM INTO ?", .text(target))
                return "the database file \(path) was \(what) under the running server; everything acknowledged was saved to \(target)"
            } catch {
                return "the database file \(path) was \(what) under the running server; saving a copy to \(target) failed (\(error))"
            }
        }
    }
}
