import APIModel

/// Activities and their targeted devices as last committed, so an update does not read back
/// what the previous update of the same activity just wrote (three queries and a JSON parse).
///
/// Owned by one `Database` (so by the writer). Correct by construction rather than by
/// bookkeeping: any statement that writes `activities`, `activity_devices` or `devices`, any
/// `exec`, and any rollback drops every entry; only the update path, which writes through
/// (`Database.maintainingCache`), keeps its entry current.
package final class ActivityCache {
    package struct Entry {
        package var record: ActivityRecord
        /// Targeted devices with their token state, in device order; nil until first needed.
        package var devices: [ActivityDevice]? = nil
        /// When the earliest delayed token becomes due (nil: none pending with a delay).
        package var nextTokenDue: Int64? = nil
    }

    /// Entries at most; past it the cache starts over (a bound, not an eviction policy).
    package static let capacity = 4096

    private var entries: [String: Entry] = [:]
    /// > 0 while the update path writes and keeps its entry itself.
    package var maintained = 0

    package subscript(id: String) -> Entry? {
        get { entries[id] }
        set {
            if newValue != nil && entries[id] == nil && entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = newValue
        }
    }

    package func clear() {
        if !entries.isEmpty { entries.removeAll(keepingCapacity: true) }
    }

    /// Whether a statement may change what entries hold (decided once, when it is prepared): a
    /// write to one of the cached tables, or any write whose target this does not recognise.
    package static func isInvalidatedBy(sql: String, readOnly: Bool) -> Bool {
        guard !readOnly else { return false }
        let words = sql.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map { $0.lowercased() }
        func word(after keyword: String) -> String? {
            guard let i = words.firstIndex(of: keyword), i + 1 < words.count else { return nil }
            return words[i + 1]
        }
        let table: String?
        switch words.first {
        case "insert", "replace": table = word(after: "into")
        case "delete": table = word(after: "from")
        case "update": table = words.dropFirst().first { !["or", "rollback", "abort", "replace", "fail", "ignore"].contains($0) }
        default: return true
        }
        guard let table else { return true }
        return cachedTables.contains(table)
    }

    private static let cachedTables: Set<String> = ["activities", "activity_devices", "devices"]
}

extension Database {
    /// Undoes a savepoint's changes; the cache may hold some of them, so it starts over.
    package func rollback(to savepoint: String) throws {
        activityCache.clear()
        try execPrepared("ROLLBACK TO \(savepoint)")
    }

    /// Runs `body`, whose writes keep the cache current themselves.
    package func maintainingCache<T>(_ body: () throws -> T) rethrows -> T {
        activityCache.maintained += 1
        defer { activityCache.maintained -= 1 }
        return try body()
    }
}
