import APIModel

/// An API key as stored: whose it is and what it may target.
struct APIKeyRecord: Sendable {
    enum Scope: String, Sendable { case all, channels }
    let key: String
    let accountID: String
    let scope: Scope
    let channels: [String]
}

/// How a simulated device registers its per-activity push token.
enum TokenBehavior: String, Sendable, CaseIterable {
    /// Registers as soon as the activity starts.
    case immediate
    /// Registers `token_delay_ms` after the start.
    case afterDelay = "after_delay"
    /// Registers only when told through the control plane.
    case manual
    /// Never registers: every update to it stays queued.
    case never
}

struct DeviceRecord: Sendable {
    let id: String
    let accountID: String
    let userID: String
    let name: String?
    let channels: [String]
    let tokenBehavior: TokenBehavior
    let tokenDelayMillis: Int64
    let online: Bool
    let registered: Bool
    var badge: Int64? = nil

    /// Reachable devices receive pushes; offline or unregistered ones are left out of targeting.
    var reachable: Bool { online && registered }
}

extension Database {
    func apiKeys() throws -> [APIKeyRecord] {
        try query("SELECT key, account_id, scope, channels FROM api_keys") { row in
            APIKeyRecord(key: row.text(0), accountID: row.text(1),
                         scope: APIKeyRecord.Scope(rawValue: row.text(2)) ?? .channels,
                         channels: StringList.decode(row.text(3)))
        }
    }

    func accountSettings() throws -> [(id: String, billing: String?, rateLimit: Int?)] {
        try query("SELECT id, billing_state, rate_limit FROM accounts") { row in
            (id: row.text(0), billing: row.optionalText(1), rateLimit: row.optionalInt(2).map(Int.init))
        }
    }

    func devices(account: String) throws -> [DeviceRecord] {
        try query("\(Self.deviceColumns) WHERE account_id = ? ORDER BY id", .text(account), map: Self.deviceRow)
    }

    /// Every device, or one account's.
    func allDevices(account: String?) throws -> [DeviceRecord] {
        try query("\(Self.deviceColumns) WHERE (?1 IS NULL OR account_id = ?1) ORDER BY account_id, id",
                  .optional(account), map: Self.deviceRow)
    }

    func device(id: String) throws -> DeviceRecord? {
        try query("\(Self.deviceColumns) WHERE id = ?", .text(id), map: Self.deviceRow).first
    }

    private static let deviceColumns = """
        SELECT id, account_id, user_id, name, channels, token_behavior, token_delay_ms, online, registered, badge FROM devices
        """

    private static func deviceRow(_ row: Row) -> DeviceRecord {
        DeviceRecord(id: row.text(0), accountID: row.text(1), userID: row.text(2), name: row.optionalText(3),
                     channels: StringList.decode(row.text(4)),
                     tokenBehavior: TokenBehavior(rawValue: row.text(5)) ?? .immediate,
                     tokenDelayMillis: row.int(6), online: row.int(7) != 0, registered: row.int(8) != 0,
                     badge: row.optionalInt(9))
    }
}

/// Lists of strings kept as JSON text in one column.
enum StringList {
    static func encode(_ list: [String]) -> String {
        JSONWriter.string(.array(list.map(JSONValue.string)))
    }

    static func decode(_ text: String) -> [String] {
        guard let value = try? JSONParser.parse(text), case .array(let items) = value else { return [] }
        return items.compactMap(\.stringValue)
    }
}
