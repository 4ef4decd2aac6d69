import APIModel

/// Activities and their targeted devices as last committed, so an update does not read back
/// what the previous update of the same activity just wrote (three queries and a JSON parse).
///
/// Owned by one `Database` (so by the writer). The table operations say what they change, by
/// name: one that writes an activity's row or its targeted devices forgets that activity; one
/// that writes devices, any `exec` and any rollback forget everything. Only the update path
/// writes through (`ActivityTable.saveChange`), keeping its entry current.
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

    /// Drops one activity's entry: its row or its devices' tokens changed.
    package func forget(_ id: String) {
        entries[id] = nil
    }
}

extension Database {
    /// Undoes a savepoint's changes; the cache may hold some of them, so it starts over.
    package func rollback(to savepoint: String) throws {
        activityCache.clear()
        try execPrepared("ROLLBACK TO \(savepoint)")
    }

    /// Runs `body` under its own savepoint inside the caller's transaction: if it throws, its
    /// changes alone are undone and the error passes on.
    package func atomically<T>(_ body: (Database) throws -> T) throws -> T {
        try execPrepared("SAVEPOINT part")
        do {
            let value = try body(self)
            try execPrepared("RELEASE part")
            return value
        } catch {
            try? rollback(to: "part")
            try? execPrepared("RELEASE part")
            throw error
        }
    }
}
