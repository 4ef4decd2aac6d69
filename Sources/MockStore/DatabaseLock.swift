import Glibc

/// One server per database file: an exclusive `flock` on `<path>.lock`, which holds the owner's
/// PID. Two stores on one file would each trust their own cache of what they last committed and
/// silently lose each other's updates. The kernel drops the lock when its holder dies, so a
/// SIGKILLed owner never blocks the next start.
final class DatabaseLock {
    private let descriptor: Int32

    /// Takes the lock or throws a one-line error naming the file and the owner's PID.
    init(databasePath: String) throws {
        let lockPath = databasePath + ".lock"
        var fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        // A read-only lock file still locks (flock needs no write access); the PID stays unwritten.
        if fd < 0 && (errno == EACCES || errno == EROFS) { fd = open(lockPath, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            throw StorageError("cannot open lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let owner = Self.readPID(fd)
            close(fd)
            throw DatabaseInUse(
                description: "database \(databasePath) is in use by another activitysmith-mock"
                    + (owner.map { " (pid \($0))" } ?? "") + "; stop it or start with another --db")
        }
        // The lock file goes by the name; a symlink or a hard link is another name for the same
        // file. A second lock on the database file itself follows its identity (device and
        // inode) whatever the name, in either locking mode (flock and SQLite's fcntl locks are
        // independent on Linux).
        let file = open(databasePath, O_RDONLY | O_CLOEXEC)
        if file >= 0 && flock(file, LOCK_EX | LOCK_NB) != 0 {
            var info = stat()
            fstat(file, &info)
            close(file)
            close(fd)
            throw DatabaseInUse(
                description: "database \(databasePath) is in use by another activitysmith-mock under another name "
                    + "(a symlink or hard link to the same file: device \(info.st_dev), inode \(info.st_ino)); stop it or start with another --db")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = fd
        fileDescriptor = file
    }

    /// The database file, locked by identity (-1 when it could not be opened before SQLite creates it).
    private let fileDescriptor: Int32

    private var held = true

    /// Lets go of the file (at store close; the kernel does it too if the process dies).
    func release() {
        guard held else { return }
        held = false
        flock(descriptor, LOCK_UN)
        close(descriptor)
        if fileDescriptor >= 0 {
            flock(fileDescriptor, LOCK_UN)
            close(fileDescriptor)
        }
    }

    deinit { release() }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n].prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self))
    }
}

/// Another live server holds the database: a start-up failure with its own one-line message.
package struct DatabaseInUse: Error, CustomStringConvertible {
    package let description: String
}
