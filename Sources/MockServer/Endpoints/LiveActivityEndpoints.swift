import HTTPKit
import APIModel

/// `POST /live-activity/start`, `/update` and `/end`: the legacy lifecycle.
struct LiveActivityEndpoints {
    let context: APIContext

    func register(on router: Router) {
        APIRoute.add(router, "POST", "/live-activity/start", context: context) { request, key in
            try start(request, key: key)
        }
        APIRoute.add(router, "POST", "/live-activity/update", context: context) { request, key in
            try change(request, key: key, phase: .update)
        }
        APIRoute.add(router, "POST", "/live-activity/end", context: context) { request, key in
            try change(request, key: key, phase: .end)
        }
    }

    func start(_ request: Request, key: APIKeyRecord) throws -> JSONValue {
        let body = try StartRequest.decode(request.body)
        let now = context.clock.nowMillis()
        let id = context.ids.next()
        let type = body.contentState.type!
        return try context.store.write { db in
            let target = try Targeting.resolve(key: key, requested: body.targetChannels,
                                               devices: try db.devices(account: key.accountID))
            try LiveActivityLimit.check(db, devices: target.devices, limit: context.liveActivityLimit)
            let state = ContentStateRules.merged(body.contentState, type: type, stored: nil)
            try db.insertActivity(id: id, account: key.accountID, type: type, contentState: state.json,
                                  action: body.action?.json, secondaryAction: body.secondaryAction?.json,
                                  tags: body.tags ?? [], metadata: body.metadata ?? JSONObject(), streamKey: nil, now: now)
            // The start itself goes out through each device's push-to-start token: every targeted
            // device gets it. Per-activity tokens, which later updates need, follow each device's behaviour.
            let updateID = try db.insertUpdate(activityID: id, seq: 0, kind: .start, payload: payload(state, body.action, body.secondaryAction),
                                               notified: target.devices.count, queued: 0, now: now)
            for device in target.devices {
                try db.trackToken(activityID: id, device: device, now: now)
                try db.insertDelivery(updateID: updateID, deviceID: device.id, delivered: true, now: now)
            }
            return LiveActivityResponses.start(activityID: id, devicesNotified: target.devices.count,
                                               usersNotified: target.userCount,
                                               effectiveChannelSlugs: target.effectiveChannelSlugs,
                                               tags: body.tags, timestamp: Timestamp.iso8601(millis: now))
        }
    }

    func change(_ request: Request, key: APIKeyRecord, phase: Phase) throws -> JSONValue {
        let body = try ChangeRequest.decode(request.body, phase: phase)
        let now = context.clock.nowMillis()
        return try context.store.write { db in
            guard let activity = try db.activity(id: body.activityID) else {
                throw APIError(status: 404, error: "Not Found", message: "Live Activity not found: activity_id \(body.activityID)")
            }
            guard activity.accountID == key.accountID else {
                throw APIError(status: 403, error: "Forbidden", message: "This API key cannot \(phase.rawValue) this Live Activity")
            }
            guard activity.isActive else {
                if phase == .end {
                    return LiveActivityResponses.change(activityID: activity.id, devicesNotified: 0, devicesQueued: 0,
                                                        timestamp: Timestamp.iso8601(millis: now), ignored: true)
                }
                throw APIError(status: 400, error: "Live Activity has ended",
                               message: "Live Activity \(activity.id) has ended and can no longer be updated")
            }
            var state = try body.validated(against: activity.stored)
            let sent = payload(state, body.action, body.secondaryAction)
            var dismissAt: Int64?
            if phase == .end {
                let seconds = state.autoDismissSeconds ?? (state.autoDismissMinutes ?? 3) * 60
                dismissAt = now + seconds * 1000
                state.autoDismissMinutes = nil
                state.autoDismissSeconds = nil
            }
            let (notified, queued) = try db.deliver(activityID: activity.id, seq: activity.updateCount + 1,
                                                    kind: phase, payload: sent, now: now)
            try db.saveActivityChange(id: activity.id, contentState: state.json, action: body.action?.json,
                                      secondaryAction: body.secondaryAction?.json, tags: body.tags,
                                      metadata: body.metadata, ended: phase == .end, dismissAt: dismissAt, now: now)
            return LiveActivityResponses.change(activityID: activity.id, devicesNotified: notified, devicesQueued: queued,
                                                timestamp: Timestamp.iso8601(millis: now))
        }
    }

    /// What a device receives: the content state and the buttons.
    private func payload(_ state: ContentState, _ action: LiveActivityAction?, _ secondary: LiveActivityAction?) -> JSONValue {
        var members = [JSONMember("content_state", state.json)]
        if let action { members.append(JSONMember("action", action.json)) }
        if let secondary { members.append(JSONMember("secondary_action", secondary.json)) }
        return .object(JSONObject(members))
    }
}

/// At most N concurrent Live Activities per targeted device (iOS's limit, 4 by default).
enum LiveActivityLimit {
    static func check(_ db: Database, devices: [DeviceRecord], limit: Int) throws {
        guard limit > 0 else { return }
        let counts = try db.activeActivityCounts(deviceIDs: devices.map(\.id))
        let blocked = devices.filter { (counts[$0.id] ?? 0) >= limit }
        guard !blocked.isEmpty else { return }
        var extra = [JSONMember("limit", .int(Int64(limit))),
                     JSONMember("active", .int(Int64(counts.values.max() ?? 0)))]
        if blocked.count < devices.count {
            extra.append(JSONMember("blocked_devices", .int(Int64(blocked.count))))
            extra.append(JSONMember("targeted_devices", .int(Int64(devices.count))))
        }
        throw APIError(status: 429, error: "Live Activity limit reached",
                       message: "Only \(limit) concurrent Live Activities are allowed per device", extra: extra)
    }
}
