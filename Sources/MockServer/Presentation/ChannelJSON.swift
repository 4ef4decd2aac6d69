import APIModel
import MockStore

/// A channel with its users and devices, as the MCP tools and `/_mock/channels` show it.
enum ChannelJSON {
    static func channel(_ c: ChannelTable.ChannelRow) -> JSONValue {
        .object([
            ("slug", .string(c.slug)), ("name", .optional(c.name)),
            ("users", .array(c.users.map(JSONValue.string))), ("devices", .array(c.devices.map(JSONValue.string)))
        ])
    }
}
