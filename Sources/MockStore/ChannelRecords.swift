import APIModel

/// Channels as the MCP tools manage them. A channel's members are devices (each device lists its
/// channels, which is what targeting reads); its users are the owners of those devices.
package struct ChannelTable {
    let db: Database

    package struct ChannelRow: Sendable {
        package let slug: String
        package let name: String?
        /// Devices in the channel, by id.
        package let devices: [String]
        /// Users owning those devices.
        package let users: [String]
    }

    private enum ChannelColumn: String, ColumnSet { case slug, name }

    package func rows(account: String) throws -> [ChannelRow] {
        let devices = try db.devices.list(account: account)
        return try db.query("SELECT \(ChannelColumn.list) FROM channels WHERE account_id = ? ORDER BY slug", .text(account)) { row in
            (row.text(ChannelColumn.slug), row.optionalText(ChannelColumn.name))
        }.map { slug, name in
            let members = devices.filter { $0.channels.contains(slug) }
            return ChannelRow(slug: slug, name: name, devices: members.map(\.id), users: Array(Set(members.map(\.userID))).sorted())
        }
    }

    package func row(account: String, slug: String) throws -> ChannelRow? {
        try rows(account: account).first { $0.slug == slug }
    }

    /// Every channel of every account, for `GET /_mock/channels`.
    package func allRows() throws -> [(account: String, channel: ChannelRow)] {
        try db.accounts.all().flatMap { account in try rows(account: account.id).map { (account.id, $0) } }
    }

    package func create(account: String, slug: String, name: String?) throws {
        try db.run("INSERT INTO channels (account_id, slug, name) VALUES (?, ?, ?)", .text(account), .text(slug), .optional(name))
    }

    /// Renames and relabels a channel; devices and channel-scoped keys follow the new slug.
    package func update(account: String, slug: String, newSlug: String?, name: String?) throws {
        if let name { try db.run("UPDATE channels SET name = ? WHERE account_id = ? AND slug = ?", .text(name), .text(account), .text(slug)) }
        guard let newSlug, newSlug != slug else { return }
        try db.run("UPDATE channels SET slug = ? WHERE account_id = ? AND slug = ?", .text(newSlug), .text(account), .text(slug))
        for device in try db.devices.list(account: account) where device.channels.contains(slug) {
            try setDeviceChannels(id: device.id, device.channels.map { $0 == slug ? newSlug : $0 })
        }
        for key in try db.accounts.apiKeys() where key.accountID == account && key.channels.contains(slug) {
            try db.run(
                "UPDATE api_keys SET channels = ? WHERE key = ?",
                .text(StringList.encode(key.channels.map { $0 == slug ? newSlug : $0 })), .text(key.key))
        }
    }

    /// Makes exactly these devices the channel's members.
    package func setDevices(account: String, slug: String, deviceIDs: [String]) throws {
        for device in try db.devices.list(account: account) {
            let member = deviceIDs.contains(device.id)
            guard member != device.channels.contains(slug) else { continue }
            try setDeviceChannels(id: device.id, member ? device.channels + [slug] : device.channels.filter { $0 != slug })
        }
    }

    package func delete(account: String, slug: String) throws {
        try setDevices(account: account, slug: slug, deviceIDs: [])
        for key in try db.accounts.apiKeys() where key.accountID == account && key.channels.contains(slug) {
            try db.run(
                "UPDATE api_keys SET channels = ? WHERE key = ?",
                .text(StringList.encode(key.channels.filter { $0 != slug })), .text(key.key))
        }
        try db.run("DELETE FROM channels WHERE account_id = ? AND slug = ?", .text(account), .text(slug))
    }

    private func setDeviceChannels(id: String, _ channels: [String]) throws {
        try db.run("UPDATE devices SET channels = ? WHERE id = ?", .text(StringList.encode(channels)), .text(id))
        db.activityCache.clear()
    }
}
