import APIModel
import MockStore

/// What a channel-scoped API key may reach, decided here for every route and MCP tool (the table
/// in docs/mock-choices.md): only what went to its own channels. A Live Activity, stream or push
/// notification sent to the whole account (no target, by a key of scope `all`) or to any channel
/// outside the key's is neither read nor changed through it. Keys of scope `all` reach everything
/// in their account.
enum ChannelScope {
    /// Whether `key` reaches something sent to `channels` (nil: the whole account).
    static func reaches(_ key: APIKeyRecord, _ channels: [String]?) -> Bool {
        guard key.scope == .channels else { return true }
        guard let channels, !channels.isEmpty else { return false }
        return channels.allSatisfy(key.channels.contains)
    }

    /// 403 naming `what` unless `key` reaches it.
    static func require(_ key: APIKeyRecord, _ channels: [String]?, _ what: String) throws {
        guard !reaches(key, channels) else { return }
        throw APIError(
            status: 403, error: "Forbidden",
            message: "This API key reaches only its channels (\(key.channels.joined(separator: ", "))); this \(what) goes beyond them")
    }

    /// The same for a stored activity, by id (one small read, only for a key of scope `channels`).
    static func requireActivity(_ key: APIKeyRecord, _ id: String, in db: Database, _ what: String = "Live Activity") throws {
        guard key.scope == .channels, let channels = try db.activities.channels(id: id) else { return }
        try require(key, channels, what)
    }

    /// Whether `key` reaches `device` (it is in one of the key's channels).
    static func reaches(_ key: APIKeyRecord, device: DeviceRecord) -> Bool {
        key.scope == .all || device.channels.contains(where: key.channels.contains)
    }

    /// The channels a listing through `key` keeps to: nil for all.
    static func listed(_ key: APIKeyRecord) -> [String]? {
        key.scope == .all ? nil : key.channels
    }
}
