import APIModel

/// API keys as the MCP tools manage them: an id and a name beside the secret, which is shown
/// only when the key is created.
package struct KeyTable {
    let db: Database

    package struct KeyRow: Sendable {
        package let id: String
        package let name: String?
        package let key: String
        package let accountID: String
        package let scope: String
        package let channels: [String]
        package let createdAt: Int64?
    }

    private enum KeyColumn: String, ColumnSet {
        case id, name, key
        case accountID = "account_id"
        case scope, channels
        case createdAt = "created_at"
    }

    package func rows(account: String?) throws -> [KeyRow] {
        try db.query(
            """
            SELECT \(KeyColumn.list) FROM api_keys
            WHERE (?1 IS NULL OR account_id = ?1) ORDER BY account_id, rowid
            """, .optional(account)
        ) { row in
            typealias C = KeyColumn
            return KeyRow(
                id: row.text(C.id), name: row.optionalText(C.name), key: row.text(C.key), accountID: row.text(C.accountID),
                scope: row.text(C.scope), channels: StringList.decode(row.text(C.channels)), createdAt: row.optionalInt(C.createdAt))
        }
    }

    package func row(account: String, id: String) throws -> KeyRow? {
        try rows(account: account).first { $0.id == id }
    }

    package func create(_ key: APIKeyRecord, name: String?, now: Int64) throws -> KeyRow {
        try db.run(
            "INSERT INTO api_keys (key, account_id, scope, channels, name, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            .text(key.key), .text(key.accountID), .text(key.scope.rawValue), .text(StringList.encode(key.channels)),
            .optional(name), .int(now))
        try db.run("UPDATE api_keys SET id = 'key_' || rowid WHERE key = ?", .text(key.key))
        return try rows(account: key.accountID).first { $0.key == key.key }!
    }

    package func update(account: String, id: String, name: String?, scope: APIKeyRecord.Scope?, channels: [String]?) throws {
        try db.run(
            """
            UPDATE api_keys SET name = COALESCE(?, name), scope = COALESCE(?, scope), channels = COALESCE(?, channels)
            WHERE account_id = ? AND id = ?
            """, .optional(name), .optional(scope?.rawValue), .optional(channels.map(StringList.encode)), .text(account), .text(id))
    }

    package func delete(account: String, id: String) throws {
        try db.run("DELETE FROM api_keys WHERE account_id = ? AND id = ?", .text(account), .text(id))
    }
}
