/// Levenshtein distance, for "did you mean" hints on error paths (flags, property names).
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The candidate nearest to `name`, if within `limit` edits.
    public static func closest(to name: String, in candidates: [String], limit: Int) -> String? {
        candidates.map { ($0, between(name, $0)) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
    }
}
