import HTTPKit
import APIModel
import MockStore

/// `PUT` and `DELETE /live-activity/stream/{stream_key}`: managed activities on the same
/// lifecycle (and delivery path) as start/update/end.
struct StreamEndpoints {
    let context: APIContext

    func register(on routes: ContractRoutes) {
        APIRoute.add(routes, LiveActivityDocs.streamPut, context: context) { request, key in
            try put(request, key: key)
        }
        APIRoute.add(routes, LiveActivityDocs.streamDelete, context: context) { request, key in
            try delete(request, key: key)
        }
    }

    func put(_ request: Request, key: APIKeyRecord) throws -> APIWork {
        let streamKey = request.parameter("stream_key")
        try StreamKey.validate(streamKey)
        try context.policy.checkRate(key)
        try context.policy.checkBilling(key)
        let body = try StreamPutRequest.decode(request.body)
        let now = context.clock.nowMillis()
        let newID = context.ids.next()
        return APIWork.write { db in
            // A paused stream takes calls and does nothing until resumed (the docs' `paused` answer).
            if try db.streams.isPaused(account: key.accountID, streamKey: streamKey) {
                return OtherResponses.streamPaused(streamKey: streamKey, timestamp: Timestamp.iso8601(millis: now))
            }
            let current = try db.streams.latestActivity(account: key.accountID, streamKey: streamKey).flatMap { $0.isActive ? $0 : nil }
            // Updating or rotating the stream's live activity changes what it was sent to.
            if let current { try ChannelScope.requireActivity(key, current.id, in: db, "stream's Live Activity") }
            if let current, body.contentState.type == nil || body.contentState.type == current.type {
                return try update(db, current, body, streamKey: streamKey, now: now)
            }
            // No active activity, or a new type: start (after ending the old one when rotating).
            var previous: String?
            if let current {
                _ = try ActivityLifecycle.endAsIs(db, activity: current, now: now)
                previous = current.id
            }
            guard let type = body.contentState.type else {
                throw APIError.invalid("content_state.type is required to start stream \(streamKey)")
            }
            try ContentStateRules.validate(body.contentState, type: type, phase: .start, stored: nil)
            let target = try Targeting.resolve(key: key, requested: body.channels, devices: try db.devices.list(account: key.accountID))
            try LiveActivityLimit.check(db, devices: target.devices, limit: context.policy.limits(key.accountID).liveActivityLimit)
            var state = ContentStateRules.merged(body.contentState, type: type, stored: nil)
            state.autoDismissMinutes = nil
            state.autoDismissSeconds = nil
            let started = try ActivityLifecycle.start(
                db, id: newID, account: key.accountID, state: state, action: body.action,
                secondaryAction: body.secondaryAction, tags: body.tags,
                metadata: body.metadata, streamKey: streamKey,
                devices: target.devices, effectiveChannels: target.effectiveChannelSlugs, now: now)
            return OtherResponses.streamPut(
                operation: previous == nil ? .started : .rotated, streamKey: streamKey,
                activityID: started.id, previousActivityID: previous,
                devicesNotified: started.devicesNotified, devicesQueued: 0,
                usersNotified: started.usersNotified,
                effectiveChannelSlugs: .some(target.effectiveChannelSlugs), warning: nil,
                timestamp: Timestamp.iso8601(millis: now))
        }.noting(body.ignoredProperties)
    }

    private func update(_ db: Database, _ activity: ActivityRecord, _ body: StreamPutRequest, streamKey: String, now: Int64) throws -> JSONValue {
        var change = ChangeRequest(phase: .update, activityID: activity.id, contentState: body.contentState)
        change.contentState.autoDismissMinutes = nil
        change.contentState.autoDismissSeconds = nil
        let state = try change.validated(against: activity.stored)
        let timestamp = Timestamp.iso8601(millis: now)
        if state.json == (try? JSONParser.parse(activity.contentState)) && body.action == nil && body.secondaryAction == nil {
            // Same state: nothing delivered, nothing counted.
            return OtherResponses.streamPut(
                operation: .noop, streamKey: streamKey, activityID: activity.id,
                previousActivityID: nil, devicesNotified: 0, devicesQueued: 0,
                usersNotified: nil, effectiveChannelSlugs: nil, warning: nil, timestamp: timestamp)
        }
        let (notified, queued) = try ActivityLifecycle.change(
            db, activity: activity, phase: .update, state: state,
            sent: change.contentState, action: body.action, secondaryAction: body.secondaryAction,
            tags: body.tags, metadata: body.metadata, now: now)
        return OtherResponses.streamPut(
            operation: .updated, streamKey: streamKey, activityID: activity.id,
            previousActivityID: nil, devicesNotified: notified, devicesQueued: queued,
            usersNotified: nil, effectiveChannelSlugs: nil,
            warning: Self.frequencyWarning(
                updates: activity.updateCount + 1,
                since: activity.createdAt, now: now),
            timestamp: timestamp)
    }

    /// Upstream warns once an activity has had more than 12 updates averaging more than one every 2 minutes.
    static func frequencyWarning(updates: Int64, since start: Int64, now: Int64) -> String? {
        guard updates > 12, (now - start) < updates * 120_000 else { return nil }
        return "This Live Activity has received \(updates) updates, more than one every 2 minutes on average. iOS may throttle frequent Live Activity updates."
    }

    func delete(_ request: Request, key: APIKeyRecord) throws -> APIWork {
        let streamKey = request.parameter("stream_key")
        try StreamKey.validate(streamKey)
        try context.policy.checkRate(key)
        let body = try StreamDeleteRequest.decode(request.body)
        let now = context.clock.nowMillis()
        return APIWork.write { db in
            guard let activity = try db.streams.latestActivity(account: key.accountID, streamKey: streamKey) else {
                throw APIError(
                    status: 404, error: "Live Activity stream not found",
                    message: "No Live Activity stream found for stream_key: \(streamKey)")
            }
            try ChannelScope.requireActivity(key, activity.id, in: db, "stream's Live Activity")
            let timestamp = Timestamp.iso8601(millis: now)
            guard activity.isActive else {
                return OtherResponses.streamDelete(
                    streamKey: streamKey, activityID: nil, devicesNotified: 0,
                    devicesQueued: 0, timestamp: timestamp)
            }
            let counts: (Int, Int)
            if let final = body.contentState {
                // A stream's final state needs only `title`: it is laid over the stored state, then checked whole.
                let whole = try ContentStateRules.overlay(final, on: try JSONParser.parse(activity.contentState), phase: .end)
                let state = try ChangeRequest(phase: .end, activityID: activity.id, contentState: whole).validated(against: activity.stored)
                counts = try ActivityLifecycle.change(
                    db, activity: activity, phase: .end, state: state, sent: final,
                    action: body.action, secondaryAction: body.secondaryAction,
                    tags: body.tags, metadata: body.metadata, now: now)
            } else {
                counts = try ActivityLifecycle.endAsIs(db, activity: activity, now: now)
            }
            return OtherResponses.streamDelete(
                streamKey: streamKey, activityID: activity.id, devicesNotified: counts.0,
                devicesQueued: counts.1, timestamp: timestamp)
        }.noting(body.ignoredProperties)
    }
}
