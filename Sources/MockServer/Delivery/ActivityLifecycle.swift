import APIModel
import MockStore

/// Starting, changing and ending a Live Activity in the store: the one delivery path shared by
/// the legacy calls, streams and fixtures.
enum ActivityLifecycle {
    struct Started {
        let id: String
        let devicesNotified: Int
        let usersNotified: Int
    }

    /// Inserts an activity for already-targeted devices. The start goes out through each device's
    /// push-to-start token, so every targeted device gets it; per-activity tokens, which later
    /// updates need, follow each device's behaviour.
    static func start(
        _ db: Database, id: String, account: String, state: ContentState, action: LiveActivityAction?,
        secondaryAction: LiveActivityAction?, tags: [String]?, metadata: JSONObject?,
        streamKey: String?, devices: [DeviceRecord], effectiveChannels: [String]? = nil, now: Int64
    ) throws -> Started {
        let stateText = JSONWriter.string(state.json)
        let timer = state.type == .timer ? TimerWindow.opening(state, now: now) : nil
        try db.activities.insert(
            NewActivity(
                id: id, account: account, type: state.type!, contentState: stateText,
                action: action?.json, secondaryAction: secondaryAction?.json, tags: tags ?? [],
                metadata: metadata ?? JSONObject(), streamKey: streamKey, timer: timer,
                effectiveChannels: effectiveChannels, now: now))
        let updateID = try db.activities.insertUpdate(
            activityID: id, previous: nil, seq: 0, kind: .start,
            payload: payloadText(stateText: stateText, action, secondaryAction, timer: timer),
            notified: devices.count, queued: 0, now: now)
        try db.activities.setLastUpdate(activityID: id, updateID: updateID)
        for device in devices {
            try TokenDelivery.track(db, activityID: id, device: device, now: now)
        }
        return Started(id: id, devicesNotified: devices.count, usersNotified: Set(devices.map(\.userID)).count)
    }

    /// Delivers an update or the end of an active activity and stores its new state.
    /// `state` is already validated and merged (`ChangeRequest.validated`); `sent` is the state as
    /// the request sent it, which moves a timer's window. Returns (notified, queued).
    static func change(
        _ db: Database, activity: ActivityRecord, phase: Phase, state validated: ContentState,
        sent: ContentState, action: LiveActivityAction?, secondaryAction: LiveActivityAction?,
        tags: [String]?, metadata: JSONObject?, now: Int64
    ) throws -> (Int, Int) {
        var state = validated
        let timer = activity.type == .timer ? timerWindow(of: activity).next(sent, phase: phase, now: now) : nil
        var dismissAt: Int64?
        if phase == .end {
            let seconds = state.autoDismissSeconds.map(Double.init) ?? Double(state.autoDismissMinutes ?? 3) * 60
            dismissAt = Timestamp.adding(seconds: seconds, to: now)
        }
        // Dismissal belongs to the end event, not to the state that stays on screen. The state is
        // encoded once when both are the same (every update; an end without dismissal fields).
        let sentJSON = state.json
        let hadDismissal = state.autoDismissMinutes != nil || state.autoDismissSeconds != nil
        state.autoDismissMinutes = nil
        state.autoDismissSeconds = nil
        let storedJSON = hadDismissal ? state.json : sentJSON
        let storedText = JSONWriter.string(storedJSON)
        let payload = payloadText(
            stateText: hadDismissal ? JSONWriter.string(sentJSON) : storedText, action, secondaryAction,
            timer: timer)
        let delivered = try TokenDelivery.deliver(db, activity: activity, kind: phase, payload: payload, now: now)
        try db.activities.saveChange(
            id: activity.id,
            ActivityChange(
                updateID: delivered.updateID, contentState: storedJSON, contentStateText: storedText, action: action?.json,
                secondaryAction: secondaryAction?.json, tags: tags, metadata: metadata, ended: phase == .end, dismissAt: dismissAt,
                timer: timer, now: now))
        return (delivered.notified, delivered.queued)
    }

    /// Ends an activity with its stored state (stream rotation, DELETE without a final state).
    static func endAsIs(_ db: Database, activity: ActivityRecord, now: Int64) throws -> (Int, Int) {
        var state = try ContentState.decode(try JSONParser.parse(activity.contentState), path: "stored", phase: .start)
        state.type = activity.type
        return try change(
            db, activity: activity, phase: .end, state: state, sent: ContentState(title: state.title),
            action: nil, secondaryAction: nil, tags: nil, metadata: nil, now: now)
    }

    /// A timer's stored window; one stored before schema 5 is taken as opened at its creation.
    static func timerWindow(of activity: ActivityRecord) -> TimerWindow {
        if let timer = activity.timer { return timer }
        var state = ContentState(title: "")
        state.durationSeconds = activity.stored.durationSeconds
        state.countsDown = activity.stored.countsDown
        state.isRunning = activity.stored.isRunning
        return .opening(state, now: activity.createdAt)
    }

    /// What a device receives, `{"content_state":…,"action":…,"secondary_action":…,"timer":…}`,
    /// written around the state's text as it is stored (so the state is encoded once per change).
    /// A timer's window goes with every change, so all devices show the same time.
    static func payloadText(
        stateText: String, _ action: LiveActivityAction?, _ secondary: LiveActivityAction?,
        timer: TimerWindow? = nil
    ) -> String {
        var out = Array(#"{"content_state":"#.utf8)
        out.append(contentsOf: stateText.utf8)
        if let action {
            out.append(contentsOf: #","action":"#.utf8)
            JSONWriter.write(action.json, into: &out)
        }
        if let secondary {
            out.append(contentsOf: #","secondary_action":"#.utf8)
            JSONWriter.write(secondary.json, into: &out)
        }
        if let timer {
            out.append(contentsOf: #","timer":"#.utf8)
            JSONWriter.write(timer.json, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
