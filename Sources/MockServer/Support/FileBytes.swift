import Glibc

/// Reads a whole small file without Foundation.
enum FileBytes {
    static func read(_ path: String, limit: Int = 16 * 1024 * 1024) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count { break }
            if out.count > limit { return nil }
        }
        return ferror(file) == 0 ? out : nil
    }
}
