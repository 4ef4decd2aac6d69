import Glibc

/// Start-up checks of `--db` that name the real cause before SQLite or the lock file would give a
/// vaguer one ("unable to open database file", a missing `.lock`).
enum DatabasePathCheck {
    /// Nil when `path` can be opened as a database file (or is `:memory:`), else the reason.
    static func problem(_ path: String) -> String? {
        guard path != ":memory:", !path.isEmpty else { return nil }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            let file = path.hasSuffix("/") ? path + "activitysmith-mock.sqlite" : path + "/activitysmith-mock.sqlite"
            return "--db \(path) is a directory; name a file, e.g. --db \(file)"
        }
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        guard stat(directory, &info) == 0 else {
            if errno == ENOENT { return "directory \(directory) does not exist (--db \(path)); create it or name another path" }
            return "directory \(directory) cannot be used (--db \(path)): \(String(cString: strerror(errno)))"
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return "\(directory) is not a directory (--db \(path))"
        }
        return nil
    }
}
