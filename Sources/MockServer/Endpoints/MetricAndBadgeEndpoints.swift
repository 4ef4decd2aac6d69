import HTTPKit
import APIModel
import MockStore

/// `POST /metrics/{key}/value` (widget metrics) and `POST /badge` (app icon badge count).
struct MetricAndBadgeEndpoints {
    let context: APIContext

    func register(on routes: ContractRoutes) {
        APIRoute.add(routes, PushAndWidgetDocs.metric, context: context) { request, key in
            try metric(request, key: key)
        }
        APIRoute.add(routes, PushAndWidgetDocs.badge, context: context) { request, key in
            try badge(request, key: key)
        }
    }

    func metric(_ request: Request, key: APIKeyRecord) throws -> APIWork {
        let metricKey = request.parameter("key")
        try context.policy.checkRate(key)
        try MetricValueRequest.validateKey(metricKey)
        let body = try MetricValueRequest.decode(request.body)
        let now = context.clock.nowMillis()
        return .write { db in
            guard try db.metrics.exists(account: key.accountID, key: metricKey) else {
                throw APIError(status: 404, error: "Metric not found", message: nil)
            }
            try db.metrics.insertValue(
                account: key.accountID, key: metricKey, value: body.value,
                measuredAt: body.measuredAt ?? now, now: now)
            return MetricAnswer().json
        }
    }

    func badge(_ request: Request, key: APIKeyRecord) throws -> APIWork {
        try context.policy.checkBilling(key)
        let body = try BadgeRequest.decode(request.body)
        let now = context.clock.nowMillis()
        return .write { db in
            let target = try Targeting.resolve(
                key: key, requested: body.targetChannels, devices: try db.devices.list(account: key.accountID),
                noRecipientsMessage: "No devices matched the effective channel target")
            for device in target.devices { try db.devices.setBadge(deviceID: device.id, badge: body.badge) }
            try db.devices.insertBadgeUpdate(account: key.accountID, badge: body.badge, devices: target.devices.map(\.id), now: now)
            return OtherResponses.badge(
                body.badge, devices: target.devices.count, users: target.userCount,
                effectiveChannelSlugs: target.effectiveChannelSlugs,
                timestamp: Timestamp.iso8601(millis: now))
        }
    }
}
