import Glibc

/// Reads a whole small file without Foundation.
enum FileBytes {
    /// Why a file could not be read, in the OS's words where it has them.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The bytes of the regular file at `path`, at most `limit` of them. Opened non-blocking and
    /// checked with `fstat` before any read: a FIFO or a device is refused at once, never waited on.
    static func read(_ path: String, limit: Int = 16 * 1024 * 1024) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(description: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(description: "is a directory, not a file")
        default: throw Failure(description: "is not a regular file")
        }
        guard Int(info.st_size) <= limit else { throw Failure(description: "is larger than \(limit / 1024 / 1024) MiB") }
        var out = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
            if n == 0 { break }
            done += n
        }
        return Array(out[0..<done])
    }
}

extension FileBytes {
    /// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half
    /// a file; the file gets `mode` from its creation (a private key is never readable by others).
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw Failure(description: reason)
            }
            done += n
        }
        fchmod(fd, mode)  // whatever the umask took away or left
        guard fsync(fd) == 0, close(fd) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: reason)
        }
    }
}
