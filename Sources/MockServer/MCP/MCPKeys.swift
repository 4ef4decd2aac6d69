import APIModel
import MockStore

/// API keys over MCP: created (the secret shown once), listed (masked), changed, deleted. The
/// REST API authenticates with the change at once.
enum MCPKeys {
    static func create(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("API keys")
        var r = try call.reader()
        let name = try r.requiredString("name", minLength: 1, maxLength: 128)
        let (scope, channels) = try scopeAndChannels(&r, required: true)
        try r.finish()
        let account = call.key.accountID, now = call.context.clock.nowMillis()
        let secret = "ask_" + call.context.ids.next()
        let db = call.db
        let row = try db.keys.create(
            APIKeyRecord(key: secret, accountID: account, scope: scope ?? .all, channels: channels ?? []),
            name: name, now: now)
        call.context.auth.reload(try db.accounts.apiKeys())
        return (200, KeyJSON.key(row, secret: true))
    }

    static func list(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("API keys")
        let rows = try call.db.keys.rows(account: call.key.accountID)
        return (200, .object([("api_keys", .array(rows.map { KeyJSON.key($0) }))]))
    }

    static func update(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("API keys")
        var r = try call.reader()
        let id = try r.requiredString("id", minLength: 1)
        let name = try r.string("name", minLength: 1, maxLength: 128)
        let (scope, channels) = try scopeAndChannels(&r, required: false)
        try r.finish()
        let account = call.key.accountID
        let db = call.db
        guard try db.keys.row(account: account, id: id) != nil else { throw notFound(id) }
        try db.keys.update(account: account, id: id, name: name, scope: scope, channels: scope == .all ? [] : channels)
        call.context.auth.reload(try db.accounts.apiKeys())
        return (200, KeyJSON.key(try db.keys.row(account: account, id: id)!))
    }

    static func delete(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("API keys")
        let id = try call.pathArgument("id")
        let account = call.key.accountID
        let db = call.db
        guard let row = try db.keys.row(account: account, id: id) else { throw notFound(id) }
        guard row.key != call.key.key else {
            throw APIError(status: 409, error: "Conflict", message: "An API key cannot delete itself")
        }
        try db.keys.delete(account: account, id: id)
        call.context.auth.reload(try db.accounts.apiKeys())
        return (200, .object([("success", true), ("deleted", .string(id))]))
    }

    /// `scope` (`all` or `channels`) and `channels`; a channel scope needs at least one channel.
    private static func scopeAndChannels(_ r: inout ObjectReader, required: Bool) throws -> (APIKeyRecord.Scope?, [String]?) {
        let scope = try r.enumeration("scope", APIKeyRecord.Scope.self)
        let channels = try r.strings("channels", maxItems: 100, item: "a channel slug")
        if scope == .channels && (channels ?? []).isEmpty {
            throw APIError(status: 400, error: "Invalid channel targeting", message: "channels must contain at least one channel")
        }
        return (scope, channels)
    }

    private static func notFound(_ id: String) -> APIError {
        APIError(status: 404, error: "Not Found", message: "No API key \(id)")
    }
}
