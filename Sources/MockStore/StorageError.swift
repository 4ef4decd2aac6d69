import Glibc
import CSQLite

/// A storage failure, classified so the client learns what happened: the request itself was fine.
package struct StorageError: Error, CustomStringConvertible {
    package enum Kind: Equatable, Sendable {
        /// No space left for the database or its WAL: answered 507, retried by the client later.
        case diskFull
        /// The file, its directory or the file system became read-only: 503.
        case readOnly
        /// The database or WAL file was deleted or replaced under the running server: 503 until
        /// a restart (the store refuses writes so nothing lands in a file nobody will read).
        case fileGone(String)
        /// Another process holds the database's write lock (a shared file): 503, retried later.
        /// Passing: the next batch tries again, nothing is refused meanwhile.
        case locked
        case other

        /// From SQLite's extended result code and the OS error behind it.
        package init(code: Int32, errno: Int32) {
            switch code & 0xFF {
            case SQLITE_FULL: self = .diskFull
            case SQLITE_READONLY: self = .readOnly
            case SQLITE_BUSY, SQLITE_LOCKED: self = .locked
            case SQLITE_IOERR, SQLITE_CANTOPEN:
                switch errno {
                case ENOSPC, EDQUOT: self = .diskFull
                case EROFS, EACCES, EPERM: self = .readOnly
                default: self = .other
                }
            default: self = .other
            }
        }

        /// What `/_mock/health` says while the store is in this state.
        package var reason: String {
            switch self {
            case .diskFull: return "disk full"
            case .readOnly: return "read-only storage"
            case .fileGone: return "database file gone"
            case .locked: return "database locked by another process"
            case .other: return "storage error"
            }
        }

        /// Whether the store stays in this state until it recovers (writes refused, health
        /// degraded); a lock held elsewhere passes by itself.
        package var lasts: Bool {
            switch self {
            case .diskFull, .readOnly, .fileGone: return true
            case .locked, .other: return false
            }
        }
    }

    package let description: String
    package let kind: Kind

    package init(_ description: String, kind: Kind = .other) {
        self.description = description
        self.kind = kind
    }

    /// Seconds a client should wait before retrying a refused write.
    package static let retryAfterSeconds = 5
}
