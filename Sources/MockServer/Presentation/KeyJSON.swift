import APIModel
import MockStore

/// An API key as the MCP tools and `/_mock/api-keys` show it: the secret only when just created,
/// a masked preview otherwise.
enum KeyJSON {
    static func key(_ k: KeyTable.KeyRow, secret: Bool = false) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(k.id)), ("name", .optional(k.name))]
        members.append(secret ? ("key", .string(k.key)) : ("key_preview", .string(Authenticator.mask(k.key))))
        members += [
            ("scope", .string(k.scope)), ("channels", .array(k.channels.map(JSONValue.string))),
            ("created_at", .time(k.createdAt))
        ]
        return .object(members)
    }
}
