import APIModel

/// An API key as stored: whose it is and what it may target.
package struct APIKeyRecord: Sendable {
    package enum Scope: String, Sendable, CaseIterable { case all, channels }
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

/// Why an account may not send: upstream's 402 error names.
package enum BillingState: String, Sendable, CaseIterable {
    case trialExpired = "trial_expired"
    case trialExhausted = "trial_exhausted"
    case overageCapReached = "billing_overage_cap_reached"
}

/// An account as stored; a nil setting means the server's default.
package struct AccountRecord: Sendable {
    package var id: String
    package var name: String
    package var billing: BillingState?
    package var rateLimit: Int?
    package var liveActivityLimit: Int?
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

/// Accounts with their limits, the keys that act for them, and their users.
package struct AccountTable {
    let db: Database

    private enum APIKeyColumn: String, ColumnSet {
        case key
        case accountID = "account_id"
        case scope, channels
    }

    package func apiKeys() throws -> [APIKeyRecord] {
        try db.query("SELECT \(APIKeyColumn.list) FROM api_keys") { row in
            typealias C = APIKeyColumn
            return APIKeyRecord(
                key: row.text(C.key), accountID: row.text(C.accountID), scope: try row.known(C.scope, APIKeyRecord.Scope.self),
                channels: StringList.decode(row.text(C.channels)))
        }
    }

    private enum AccountColumn: String, ColumnSet {
        case id, name
        case billing = "billing_state"
        case rateLimit = "rate_limit"
        case liveActivityLimit = "live_activity_limit"
    }

    /// Every account, by id.
    package func all() throws -> [AccountRecord] {
        try db.query("SELECT \(AccountColumn.list) FROM accounts ORDER BY id") { row in
            typealias C = AccountColumn
            return AccountRecord(
                id: row.text(C.id), name: row.text(C.name), billing: try row.optionalKnown(C.billing, BillingState.self),
                rateLimit: row.optionalInt(C.rateLimit).map(Int.init), liveActivityLimit: row.optionalInt(C.liveActivityLimit).map(Int.init))
        }
    }

    /// Sets the given limits of an account (nil keeps one); false when there is no such account.
    package func setLimits(id: String, rateLimit: Int64?, liveActivityLimit: Int64?) throws -> Bool {
        try db.run(
            "UPDATE accounts SET rate_limit = COALESCE(?, rate_limit), live_activity_limit = COALESCE(?, live_activity_limit) WHERE id = ?",
            .optional(rateLimit), .optional(liveActivityLimit), .text(id))
        return db.changes == 1
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

/// Accounts and their users, by id.
extension AccountTable {
    package func exists(_ id: String) throws -> Bool {
        try db.scalarInt("SELECT 1 FROM accounts WHERE id = ?", .text(id)) != nil
    }

    package func ids() throws -> [String] {
        try db.query("SELECT id FROM accounts ORDER BY id") { $0.text(0) }
    }

    /// The account's users with their devices.
    package func userRows(account: String) throws -> [(id: String, devices: [String])] {
        let devices = try db.devices.list(account: account)
        return try db.fixtures.users(account: account).map { user in (user, devices.filter { $0.userID == user }.map(\.id)) }
    }
}
