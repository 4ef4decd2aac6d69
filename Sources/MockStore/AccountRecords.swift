import APIModel

/// An API key as stored: whose it is and what it may target.
package struct APIKeyRecord: Sendable {
    package enum Scope: String, Sendable { case all, channels }
    package let key: String
    package let accountID: String
    package let scope: Scope
    package let channels: [String]

    package init(key: String, accountID: String, scope: Scope, channels: [String]) {
        self.key = key
        self.accountID = accountID
        self.scope = scope
        self.channels = channels
    }
}

/// How a simulated device registers its per-activity push token.
package enum TokenBehavior: String, Sendable, CaseIterable {
    /// Registers as soon as the activity starts.
    case immediate
    /// Registers `token_delay_ms` after the start.
    case afterDelay = "after_delay"
    /// Registers only when told through the control plane.
    case manual
    /// Never registers: every update to it stays queued.
    case never
}

package struct DeviceRecord: Sendable {
    package let id: String
    package let accountID: String
    package let userID: String
    package let name: String?
    package let channels: [String]
    package let tokenBehavior: TokenBehavior
    package let tokenDelayMillis: Int64
    package let online: Bool
    package let registered: Bool
    package var badge: Int64? = nil

    package init(
        id: String, accountID: String, userID: String, name: String?, channels: [String],
        tokenBehavior: TokenBehavior, tokenDelayMillis: Int64, online: Bool, registered: Bool, badge: Int64? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.name = name
        self.channels = channels
        self.tokenBehavior = tokenBehavior
        self.tokenDelayMillis = tokenDelayMillis
        self.online = online
        self.registered = registered
        self.badge = badge
    }

    /// Reachable devices receive pushes; offline or unregistered ones are left out of targeting.
    package var reachable: Bool { online && registered }
}

extension Database {
    package func apiKeys() throws -> [APIKeyRecord] {
        try query("SELECT key, account_id, scope, channels FROM api_keys") { row in
            APIKeyRecord(
                key: row.text(0), accountID: row.text(1),
                scope: APIKeyRecord.Scope(rawValue: row.text(2)) ?? .channels,
                channels: StringList.decode(row.text(3)))
        }
    }

    /// An account's own settings; nil means the server's default.
    package struct AccountSettings: Sendable {
        package var id: String
        package var billing: String?
        package var rateLimit: Int?
        package var liveActivityLimit: Int?
    }

    package func accountSettings() throws -> [AccountSettings] {
        try query("SELECT id, billing_state, rate_limit, live_activity_limit FROM accounts") { row in
            AccountSettings(
                id: row.text(0), billing: row.optionalText(1), rateLimit: row.optionalInt(2).map(Int.init),
                liveActivityLimit: row.optionalInt(3).map(Int.init))
        }
    }

    /// Sets the given limits of an account (nil keeps one); false when there is no such account.
    package func setAccountLimits(id: String, rateLimit: Int64?, liveActivityLimit: Int64?) throws -> Bool {
        try run(
            "UPDATE accounts SET rate_limit = COALESCE(?, rate_limit), live_activity_limit = COALESCE(?, live_activity_limit) WHERE id = ?",
            .optional(rateLimit), .optional(liveActivityLimit), .text(id))
        return changes == 1
    }

    package func devices(account: String) throws -> [DeviceRecord] {
        try query("\(Self.deviceColumns) WHERE account_id = ? ORDER BY id", .text(account), map: Self.deviceRow)
    }

    /// Every device, or one account's.
    package func allDevices(account: String?, limit: Int = .max) throws -> [DeviceRecord] {
        try query(
            "\(Self.deviceColumns) WHERE (?1 IS NULL OR account_id = ?1) ORDER BY account_id, id LIMIT ?2",
            .optional(account), .int(Int64(min(limit, Int(Int64.max)))), map: Self.deviceRow)
    }

    package func deviceCount() throws -> Int64 { try scalarInt("SELECT COUNT(*) FROM devices") ?? 0 }

    package func device(id: String) throws -> DeviceRecord? {
        try query("\(Self.deviceColumns) WHERE id = ?", .text(id), map: Self.deviceRow).first
    }

    private static let deviceColumns = """
        SELECT id, account_id, user_id, name, channels, token_behavior, token_delay_ms, online, registered, badge FROM devices
        """

    private static func deviceRow(_ row: Row) -> DeviceRecord {
        DeviceRecord(
            id: row.text(0), accountID: row.text(1), userID: row.text(2), name: row.optionalText(3),
            channels: StringList.decode(row.text(4)),
            tokenBehavior: TokenBehavior(rawValue: row.text(5)) ?? .immediate,
            tokenDelayMillis: row.int(6), online: row.int(7) != 0, registered: row.int(8) != 0,
            badge: row.optionalInt(9))
    }
}

/// Lists of strings kept as JSON text in one column.
package enum StringList {
    package static func encode(_ list: [String]) -> String {
        JSONWriter.string(.array(list.map(JSONValue.string)))
    }

    package static func decode(_ text: String) -> [String] {
        guard let value = try? JSONParser.parse(text), case .array(let items) = value else { return [] }
        return items.compactMap(\.stringValue)
    }
}
