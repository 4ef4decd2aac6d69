/// What a stream PUT did (`operation` in its answer).
public enum StreamOperation: String, Sendable, CaseIterable {
    /// The first activity of the key (or the first after an end or a resume).
    case started
    /// The current activity took the new state.
    case updated
    /// The type changed: the current activity ended and a new one started.
    case rotated
    /// The state equals the current one: nothing was sent.
    case noop
    /// The stream is paused: nothing started, updated or delivered.
    case paused
}

/// `PUT /live-activity/stream/{stream_key}`'s answer; a paused stream's is `paused(…)`.
public struct StreamPutAnswer: WireAnswer {
    public var operation: StreamOperation
    public var streamKey: String
    public var activityID: String?
    public var previousActivityID: String?
    /// Nil (left out) only for a paused stream.
    public var devicesNotified: Int?
    public var devicesQueued: Int?
    public var usersNotified: Int?
    /// Left out when nil; `.some(nil)` writes null (the whole account).
    public var effectiveChannelSlugs: [String]??
    public var warning: String?
    public var timestamp: String

    /// A PUT on a paused stream: nothing started, updated or delivered (the docs' example body).
    public static func paused(streamKey: String, timestamp: String) -> Self {
        StreamPutAnswer(operation: .paused, streamKey: streamKey, activityID: nil, timestamp: timestamp)
    }

    public static let members: [AnswerMember<Self>] = [
        .always(Member.success) { _ in true },
        .always(Member.operation) { $0.operation },
        .always(Member.streamKey) { $0.streamKey },
        .always(Member.activityIDOrNull.described("The stream's live activity; null when paused.")) { $0.activityID },
        .whenPresent(Member.previousActivityID.described("rotated: the activity that ended.")) { $0.previousActivityID },
        .whenPresent(Member.devicesNotified) { $0.devicesNotified },
        .whenPresent(Member.devicesQueued) { $0.devicesQueued },
        .whenPresent(Member.usersNotified) { $0.usersNotified },
        .whenPresent(Member.effectiveChannelSlugs) { $0.effectiveChannelSlugs },
        .whenPresent(Member.warning) { $0.warning },
        .always(Member.timestamp) { $0.timestamp }
    ]
}

/// `DELETE /live-activity/stream/{stream_key}`'s answer.
public struct StreamDeleteAnswer: WireAnswer {
    public var streamKey: String
    public var activityID: String?
    public var devicesNotified: Int
    public var devicesQueued: Int
    public var timestamp: String

    public static let members: [AnswerMember<Self>] = [
        .always(Member.success) { _ in true },
        .always(Member.ended) { _ in () },
        .always(Member.streamKey) { $0.streamKey },
        .always(Member.activityIDOrNull.described("The activity that ended; null when none was live.")) { $0.activityID },
        .always(Member.devicesNotified) { $0.devicesNotified },
        .always(Member.devicesQueued) { $0.devicesQueued },
        .always(Member.timestamp) { $0.timestamp }
    ]
}

/// `POST /push-notification`'s answer (and a replace's).
public struct PushAnswer: SendingAnswer {
    /// The notification's id.
    public var id: String
    public var devicesNotified: Int
    public var usersNotified: Int
    public var effectiveChannelSlugs: [String]?
    public var tags: [String]?
    public var timestamp: String

    public static let idMember = Member.notificationID.described("Pass it to replace the notification.")
    public static let members = sendingMembers()
}

/// `POST /badge`'s answer: `effective_channel_slugs` is always an array here (SDK 1.14.0's model
/// refuses null).
public struct BadgeAnswer: WireAnswer {
    public var badge: Int64
    public var devices: Int
    public var users: Int
    public var effectiveChannelSlugs: [String]
    public var timestamp: String

    public static let members: [AnswerMember<Self>] = [
        .always(Member.success) { _ in true },
        .always(Member.badge) { $0.badge },
        .always(Member.devicesUpdated) { $0.devices },
        .always(Member.usersUpdated) { $0.users },
        .always(Member.devicesNotified) { $0.devices },
        .always(Member.usersNotified) { $0.users },
        .always(Member.effectiveChannelSlugsList) { $0.effectiveChannelSlugs },
        .always(Member.timestamp) { $0.timestamp }
    ]
}

/// `POST /metrics/{key}/value`'s answer.
public struct MetricAnswer: WireAnswer {
    public init() {}
    public static let members: [AnswerMember<Self>] = [.always(Member.success) { _ in true }]
}

/// Success bodies of streams, push notifications and the badge, in upstream field order.
public enum OtherResponses {
    public static func streamPut(
        operation: StreamOperation, streamKey: String, activityID: String?, previousActivityID: String?,
        devicesNotified: Int, devicesQueued: Int, usersNotified: Int?,
        effectiveChannelSlugs: [String]??, warning: String?, timestamp: String
    ) -> JSONValue {
        StreamPutAnswer(
            operation: operation, streamKey: streamKey, activityID: activityID, previousActivityID: previousActivityID,
            devicesNotified: devicesNotified, devicesQueued: devicesQueued, usersNotified: usersNotified,
            effectiveChannelSlugs: effectiveChannelSlugs, warning: warning, timestamp: timestamp
        ).json
    }

    /// A PUT on a paused stream: nothing started, updated or delivered (the docs' example body).
    public static func streamPaused(streamKey: String, timestamp: String) -> JSONValue {
        StreamPutAnswer.paused(streamKey: streamKey, timestamp: timestamp).json
    }

    public static func streamDelete(
        streamKey: String, activityID: String?, devicesNotified: Int, devicesQueued: Int,
        timestamp: String
    ) -> JSONValue {
        StreamDeleteAnswer(
            streamKey: streamKey, activityID: activityID, devicesNotified: devicesNotified, devicesQueued: devicesQueued,
            timestamp: timestamp
        ).json
    }

    public static func push(
        notificationID: String, devicesNotified: Int, usersNotified: Int,
        effectiveChannelSlugs: [String]?, tags: [String]?, timestamp: String
    ) -> JSONValue {
        PushAnswer(
            id: notificationID, devicesNotified: devicesNotified, usersNotified: usersNotified,
            effectiveChannelSlugs: effectiveChannelSlugs, tags: tags, timestamp: timestamp
        ).json
    }

    public static func badge(_ badge: Int64, devices: Int, users: Int, effectiveChannelSlugs: [String]?, timestamp: String) -> JSONValue {
        BadgeAnswer(badge: badge, devices: devices, users: users, effectiveChannelSlugs: effectiveChannelSlugs ?? [], timestamp: timestamp).json
    }
}
