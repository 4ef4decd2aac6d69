import HTTPKit
import APIModel
import MockStore

/// `POST /live-activity/start`, `/update` and `/end`: the legacy lifecycle.
struct LiveActivityEndpoints {
    let context: APIContext

    func register(on routes: ContractRoutes) {
        APIRoute.add(routes, LiveActivityDocs.start, context: context) { request, key in
            try start(request, key: key)
        }
        APIRoute.add(routes, LiveActivityDocs.update, context: context) { request, key in
            try change(request, key: key, phase: .update)
        }
        APIRoute.add(routes, LiveActivityDocs.end, context: context) { request, key in
            try change(request, key: key, phase: .end)
        }
    }

    func start(_ request: Request, key: APIKeyRecord) throws -> APIWork {
        try context.policy.checkBilling(key)
        let body = try StartRequest.decode(request.body)
        let now = context.clock.nowMillis()
        let id = context.ids.next()
        return APIWork.write { db in
            let target = try Targeting.resolve(
                key: key, requested: body.targetChannels,
                devices: try db.devices.list(account: key.accountID))
            try LiveActivityLimit.check(db, devices: target.devices, limit: context.policy.limits(key.accountID).liveActivityLimit)
            let state = ContentStateRules.merged(body.contentState, type: body.contentState.type!, stored: nil)
            let started = try ActivityLifecycle.start(
                db, id: id, account: key.accountID, state: state, action: body.action,
                secondaryAction: body.secondaryAction, tags: body.tags,
                metadata: body.metadata, streamKey: nil, devices: target.devices,
                effectiveChannels: target.effectiveChannelSlugs, now: now)
            return LiveActivityResponses.start(
                activityID: id, devicesNotified: started.devicesNotified,
                usersNotified: started.usersNotified,
                effectiveChannelSlugs: target.effectiveChannelSlugs,
                tags: body.tags, timestamp: Timestamp.iso8601(millis: now))
        }.noting(body.ignoredProperties)
    }

    func change(_ request: Request, key: APIKeyRecord, phase: Phase) throws -> APIWork {
        let body = try ChangeRequest.decode(request.body, phase: phase)
        let now = context.clock.nowMillis()
        return .write { db in
            guard let activity = try db.activities.get(id: body.activityID) else {
                throw APIError(status: 404, error: "Not Found", message: "Live Activity not found: activity_id \(body.activityID)")
            }
            guard activity.accountID == key.accountID else {
                throw APIError(status: 403, error: "Forbidden", message: "This API key cannot \(phase.rawValue) this Live Activity")
            }
            try ChannelScope.requireActivity(key, activity.id, in: db)
            guard activity.isActive else {
                if phase == .end {
                    return LiveActivityResponses.change(
                        activityID: activity.id, devicesNotified: 0, devicesQueued: 0,
                        timestamp: Timestamp.iso8601(millis: now), ignored: true)
                }
                throw APIError(
                    status: 400, error: "Live Activity has ended",
                    message: "Live Activity \(activity.id) has ended and can no longer be updated")
            }
            let state = try body.validated(against: activity.stored)
            let (notified, queued) = try ActivityLifecycle.change(
                db, activity: activity, phase: phase, state: state,
                sent: body.contentState, action: body.action, secondaryAction: body.secondaryAction,
                tags: body.tags, metadata: body.metadata, now: now)
            return LiveActivityResponses.change(
                activityID: activity.id, devicesNotified: notified, devicesQueued: queued,
                timestamp: Timestamp.iso8601(millis: now))
        }
    }
}
