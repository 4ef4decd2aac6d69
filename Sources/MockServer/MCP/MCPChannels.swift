import APIModel
import MockStore

/// Channels over MCP: created, read, renamed, filled with users or devices, deleted. Targeting
/// on the REST API sees every change at once (it reads the devices' channels).
enum MCPChannels {
    static func create(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("channels")
        var r = try call.reader()
        let slug = try validSlug(try r.requiredString("slug"), field: "slug")
        let name = try r.string("name", minLength: 1, maxLength: 128)
        try r.finish()
        let account = call.key.accountID
        let db = call.db
        guard try db.channels.row(account: account, slug: slug) == nil else {
            throw APIError(status: 409, error: "Conflict", message: "Channel \(slug) already exists")
        }
        try db.channels.create(account: account, slug: slug, name: name)
        return (200, ChannelJSON.channel(try db.channels.row(account: account, slug: slug)!))
    }

    static func get(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        let slug = try call.pathArgument("slug")
        try ChannelScope.require(call.key, [slug], "channel")
        return (200, ChannelJSON.channel(try existing(call.db, call, slug)))
    }

    static func list(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        let rows = try call.db.channels.rows(account: call.key.accountID)
            .filter { ChannelScope.reaches(call.key, [$0.slug]) }
        return (200, .object([("channels", .array(rows.map(ChannelJSON.channel)))]))
    }

    static func update(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("channels")
        var r = try call.reader()
        let slug = try r.requiredString("slug")
        let newSlug = try r.string("new_slug").map { s throws(APIError) in try validSlug(s, field: "new_slug") }
        let name = try r.string("name", minLength: 1, maxLength: 128)
        try r.finish()
        let db = call.db
        _ = try existing(db, call, slug)
        if let newSlug, newSlug != slug, try db.channels.row(account: call.key.accountID, slug: newSlug) != nil {
            throw APIError(status: 409, error: "Conflict", message: "Channel \(newSlug) already exists")
        }
        try db.channels.update(account: call.key.accountID, slug: slug, newSlug: newSlug, name: name)
        call.context.auth.reload(try db.accounts.apiKeys())  // channel-scoped keys follow a new slug
        return (200, ChannelJSON.channel(try existing(db, call, newSlug ?? slug)))
    }

    /// Users: every device of theirs, and no other device, is in the channel.
    static func setMembers(_ call: MCPCall, users: Bool) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("channels")
        var r = try call.reader()
        let slug = try r.requiredString("slug")
        let field = users ? "user_ids" : "device_ids"
        let ids = try r.requiredStrings(field)
        try r.finish()
        let account = call.key.accountID
        let db = call.db
        _ = try existing(db, call, slug)
        let devices = try db.devices.list(account: account)
        let known = Set(users ? devices.map(\.userID) + (try db.fixtures.users(account: account)) : devices.map(\.id))
        if let unknown = ids.first(where: { !known.contains($0) }) {
            throw APIError(status: 404, error: "Not Found", message: "No \(users ? "user" : "device") \(unknown) in this account")
        }
        let members = users ? devices.filter { ids.contains($0.userID) }.map(\.id) : ids
        try db.channels.setDevices(account: account, slug: slug, deviceIDs: members)
        return (200, ChannelJSON.channel(try existing(db, call, slug)))
    }

    static func delete(_ call: MCPCall) throws -> (status: Int, body: JSONValue) {
        try call.requireAllScope("channels")
        let slug = try call.pathArgument("slug")
        let db = call.db
        _ = try existing(db, call, slug)
        try db.channels.delete(account: call.key.accountID, slug: slug)
        call.context.auth.reload(try db.accounts.apiKeys())
        return (200, .object([("success", true), ("deleted", .string(slug))]))
    }

    private static func existing(_ db: Database, _ call: MCPCall, _ slug: String) throws -> ChannelTable.ChannelRow {
        guard let row = try db.channels.row(account: call.key.accountID, slug: slug) else {
            throw APIError(status: 404, error: "Not Found", message: "No channel \(slug)")
        }
        return row
    }

    /// 1-64 characters: lowercase letters, digits, `-` and `_`, starting with a letter or digit.
    static func validSlug(_ slug: String, field: String) throws(APIError) -> String {
        let bytes = Array(slug.utf8)
        func ok(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
        guard let first = bytes.first, ok(first), bytes.count <= 64, bytes.allSatisfy({ ok($0) || $0 == 0x2D || $0 == 0x5F }) else {
            throw APIError.invalid("\(field) must be 1-64 lowercase letters, digits, - or _")
        }
        return slug
    }
}
