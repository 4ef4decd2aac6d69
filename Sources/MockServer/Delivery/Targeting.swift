import APIModel
import MockStore

/// Who a request reaches: key scope and `target.channels` applied to the account's devices.
enum Targeting {
    struct Result {
        let devices: [DeviceRecord]
        /// The channel filter that applied, or nil when none did (scope `all`, no target).
        let effectiveChannelSlugs: [String]?
        var userCount: Int { Set(devices.map(\.userID)).count }
    }

    static func resolve(
        key: APIKeyRecord, requested: [String]?, devices: [DeviceRecord],
        noRecipientsMessage: String = "No Live Activity devices matched the effective channel target"
    ) throws(APIError) -> Result {
        var effective: [String]?
        if let requested {
            if key.scope == .channels, !requested.allSatisfy(key.channels.contains) {
                throw APIError(
                    status: 403, error: "Invalid channel targeting",
                    message: "This API key can only target assigned channels. Requested channels include channels outside this key scope.")
            }
            effective = dedupe(requested)
        } else if key.scope == .channels {
            effective = key.channels
        }
        let reachable = devices.filter(\.reachable)
        let matched = effective.map { slugs in reachable.filter { !Set($0.channels).isDisjoint(with: slugs) } } ?? reachable
        if matched.isEmpty {
            throw APIError(
                status: 404, error: "No recipients found", message: noRecipientsMessage,
                extra: [(Member.effectiveChannelSlugs.key, LiveActivityResponses.slugs(effective))])
        }
        return Result(devices: matched, effectiveChannelSlugs: effective)
    }

    private static func dedupe(_ slugs: [String]) -> [String] {
        var seen = Set<String>()
        return slugs.filter { seen.insert($0).inserted }
    }
}
