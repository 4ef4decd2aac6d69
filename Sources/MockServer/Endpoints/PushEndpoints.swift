import HTTPKit
import APIModel
import MockStore

/// `POST /push-notification` and `PUT /push-notification/{notification_id}` (SDK 1.14.0's replace).
struct PushEndpoints {
    let context: APIContext

    func register(on routes: ContractRoutes) {
        APIRoute.add(routes, PushAndWidgetDocs.push, context: context) { request, key in
            try send(request, key: key)
        }
        APIRoute.add(routes, PushAndWidgetDocs.replace, context: context) { request, key in
            try replace(request, key: key)
        }
    }

    func send(_ request: Request, key: APIKeyRecord) throws -> APIWork {
        try context.policy.checkRate(key)
        try context.policy.checkBilling(key)
        let body = try PushRequest.decode(request.body, replace: false)
        let now = context.clock.nowMillis()
        let id = context.ids.next()
        return APIWork.write { db in
            let target = try Targeting.resolve(
                key: key, requested: body.targetChannels, devices: try db.devices.list(account: key.accountID),
                noRecipientsMessage: "No devices matched the effective channel target")
            let payload = body.payloadJSON
            try db.notifications.insert(
                id: id, account: key.accountID, payload: payload, tags: body.tags ?? [],
                metadata: body.metadata ?? JSONObject(),
                effectiveChannels: target.effectiveChannelSlugs, now: now)
            try deliver(db, id: id, revision: 1, payload: payload, badge: body.badge, devices: target.devices, now: now)
            return OtherResponses.push(
                notificationID: id, devicesNotified: target.devices.count, usersNotified: target.userCount,
                effectiveChannelSlugs: target.effectiveChannelSlugs, tags: body.tags,
                timestamp: Timestamp.iso8601(millis: now))
        }.noting(body.ignoredProperties)
    }

    func replace(_ request: Request, key: APIKeyRecord) throws -> APIWork {
        let id = request.parameter("notification_id")
        try context.policy.checkRate(key)
        try context.policy.checkBilling(key)
        let body = try PushRequest.decode(request.body, replace: true)
        let now = context.clock.nowMillis()
        return .write { db in
            guard let stored = try db.notifications.get(id: id) else {
                throw APIError(status: 404, error: "Not Found", message: "Push Notification not found: \(id)")
            }
            guard stored.accountID == key.accountID else {
                throw APIError(status: 403, error: "Forbidden", message: "This API key cannot replace this Push Notification")
            }
            try ChannelScope.require(key, stored.effectiveChannels, "Push Notification")
            let payload = body.payloadJSON
            let recipients = try db.notifications.recipients(id: id)
            try db.notifications.replace(id: id, payload: payload, tags: body.tags, metadata: body.metadata, now: now)
            try deliver(db, id: id, revision: stored.revision + 1, payload: payload, badge: body.badge, devices: recipients, now: now)
            let tags = body.tags ?? StringList.decode(stored.tags)
            return OtherResponses.push(
                notificationID: id, devicesNotified: recipients.count,
                usersNotified: Set(recipients.map(\.userID)).count,
                effectiveChannelSlugs: stored.effectiveChannels, tags: tags,
                timestamp: Timestamp.iso8601(millis: now))
        }
    }

    /// Every recipient gets the notification now (pushes need no per-activity token); a badge sets the app icon count.
    private func deliver(
        _ db: Database, id: String, revision: Int64, payload: JSONValue, badge: Int64?,
        devices: [DeviceRecord], now: Int64
    ) throws {
        for device in devices {
            try db.notifications.recordDelivery(id: id, revision: revision, deviceID: device.id, payload: payload, now: now)
            if let badge { try db.devices.setBadge(deviceID: device.id, badge: badge) }
        }
    }
}
