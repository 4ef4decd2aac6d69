import Glibc
import CSQLite

/// Notices when the database or its WAL file is deleted or replaced under the running server.
///
/// SQLite keeps writing to the open descriptors, so commits would land in files that the next
/// start never reads: acknowledged data lost. One `stat` of each path per batch (~1 µs) catches
/// it before the batch commits.
struct DatabaseFiles {
    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    let path: String
    private let database: Identity?
    private var wal: Identity?

    init(path: String) {
        self.path = path
        database = Self.identity(path)
        wal = Self.identity(path + "-wal")
    }

    enum Change {
        case databaseDeleted, databaseReplaced, walGone
    }

    /// Which file changed, or nil when both are the ones opened.
    mutating func change() -> Change? {
        guard let database else { return nil }
        switch Self.identity(path) {
        case nil: return .databaseDeleted
        case let now? where now != database: return .databaseReplaced
        default: break
        }
        let current = Self.identity(path + "-wal")
        if wal == nil { wal = current; return nil }
        return current == wal ? nil : .walGone
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
