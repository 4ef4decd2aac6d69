import APIModel

/// Widget metrics: their declarations and values.
package struct MetricTable {
    let db: Database

    package func exists(account: String, key: String) throws -> Bool {
        try db.scalarInt("SELECT COUNT(*) FROM metrics WHERE account_id = ? AND key = ?", .text(account), .text(key)) ?? 0 > 0
    }

    package func insertValue(account: String, key: String, value: JSONValue, measuredAt: Int64, now: Int64) throws {
        try db.run(
            "INSERT INTO metric_values (account_id, key, value, measured_at, received_at) VALUES (?, ?, ?, ?, ?)",
            .text(account), .text(key), .text(JSONWriter.string(value)), .int(measuredAt), .int(now))
    }

    package struct MetricSummary {
        package let account: String
        package let key: String
        package let name: String?
        package let latestValue: String?
        package let measuredAt: Int64?
        package let historyCount: Int64
    }

    private enum SummaryColumn: String, ColumnSet {
        case account = "m.account_id"
        case key = "m.key"
        case name = "m.name"
        case latestValue = "v.value"
        case measuredAt = "v.measured_at"
        case historyCount = "(SELECT COUNT(*) FROM metric_values c WHERE c.account_id = m.account_id AND c.key = m.key)"
    }

    /// Every declared metric (of one account, or of all) with its latest value and how many
    /// values it has had.
    package func summaries(account: String? = nil) throws -> [MetricSummary] {
        try db.query(
            """
            SELECT \(SummaryColumn.list)
            FROM metrics m LEFT JOIN metric_values v ON v.id = (
                SELECT id FROM metric_values l WHERE l.account_id = m.account_id AND l.key = m.key ORDER BY l.id DESC LIMIT 1)
            WHERE ?1 IS NULL OR m.account_id = ?1
            ORDER BY m.account_id, m.key
            """, .optional(account)
        ) { row in
            typealias C = SummaryColumn
            return MetricSummary(
                account: row.text(C.account), key: row.text(C.key), name: row.optionalText(C.name), latestValue: row.optionalText(C.latestValue),
                measuredAt: row.optionalInt(C.measuredAt), historyCount: row.int(C.historyCount))
        }
    }
}

/// Declaring and removing widget metrics (MCP).
extension MetricTable {
    /// Declares a widget metric, or renames it.
    package func define(account: String, key: String, name: String?) throws {
        try db.fixtures.upsertMetric(account: account, key: key, name: name)
    }

    /// Removes a widget metric and its history.
    package func delete(account: String, key: String) throws {
        try db.run("DELETE FROM metric_values WHERE account_id = ? AND key = ?", .text(account), .text(key))
        try db.run("DELETE FROM metrics WHERE account_id = ? AND key = ?", .text(account), .text(key))
    }
}
