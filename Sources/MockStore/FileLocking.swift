/// How the server's connections lock a database file.
///
/// A transaction under SQLite's usual locks takes six `fcntl` locks (a read mark, the write lock,
/// their releases) so that other processes can share the file. The server owns its file
/// (`DatabaseLock`), so when nobody else has it open at start it takes the file for the whole
/// process instead: SQLite's `unix-excl` VFS holds one lock from the first read on, keeps every
/// later lock in memory and the WAL index in the heap (no `-shm` file). Another process that
/// opens the file meanwhile is told it is locked (`docs/storage-faults.md`).
package enum FileLocking: Sendable, Equatable {
    /// `unix-excl`: one lock for the process, none per transaction.
    case processExclusive
    /// SQLite's default `unix` VFS: locks per transaction, the file shared with other processes.
    case perTransaction
}
