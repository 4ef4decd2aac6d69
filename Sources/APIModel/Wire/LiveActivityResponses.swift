/// The answer to a call that sends to devices (a start, a push): its id, who was reached, the
/// channels, the tags sent (when any) and the time, in upstream field order.
public protocol SendingAnswer: WireAnswer {
    /// The id member, with the words this answer gives it.
    static var idMember: WireMember<String> { get }
    var id: String { get }
    var devicesNotified: Int { get }
    var usersNotified: Int { get }
    var effectiveChannelSlugs: [String]? { get }
    var tags: [String]? { get }
    var timestamp: String { get }
}

extension SendingAnswer {
    static func sendingMembers() -> [AnswerMember<Self>] {
        [
            .always(Member.success) { _ in true },
            .always(idMember) { $0.id },
            .always(Member.devicesNotified) { $0.devicesNotified },
            .always(Member.usersNotified) { $0.usersNotified },
            .always(Member.effectiveChannelSlugs) { $0.effectiveChannelSlugs },
            .whenPresent(Member.tags) { $0.tags?.isEmpty == false ? $0.tags : nil },
            .always(Member.timestamp) { $0.timestamp }
        ]
    }
}

/// `POST /live-activity/start`'s answer.
public struct StartAnswer: SendingAnswer {
    /// The activity's id.
    public var id: String
    public var devicesNotified: Int
    public var usersNotified: Int
    public var effectiveChannelSlugs: [String]?
    public var tags: [String]?
    public var timestamp: String

    public static let idMember = Member.activityID.described("Pass it to update and end.")
    public static let members = sendingMembers()
}

/// The answer of an update, and of an end (which adds `ignored` when the activity had already ended).
public struct ChangeAnswer: WireAnswer {
    public var activityID: String
    public var devicesNotified: Int
    public var devicesQueued: Int
    public var timestamp: String
    public var ignored = false

    public static let members: [AnswerMember<Self>] = [
        .always(Member.success) { _ in true },
        .always(Member.activityID) { $0.activityID },
        .always(Member.devicesNotified.described("Devices that received it now.")) { $0.devicesNotified },
        .always(Member.devicesQueued.described("Devices that get it once their push token registers.")) { $0.devicesQueued },
        .always(Member.timestamp) { $0.timestamp },
        .whenPresent(Member.ignored) { $0.ignored ? true : nil }
    ]

    /// An update's schema: an update never carries `ignored`.
    public static var updateSchema: JSONValue { schema(leavingOut: [Member.ignored.key]) }
}

/// The success bodies of the Live Activity calls, in upstream field order.
public enum LiveActivityResponses {
    public static func start(
        activityID: String, devicesNotified: Int, usersNotified: Int,
        effectiveChannelSlugs: [String]?, tags: [String]?, timestamp: String
    ) -> JSONValue {
        StartAnswer(
            id: activityID, devicesNotified: devicesNotified, usersNotified: usersNotified,
            effectiveChannelSlugs: effectiveChannelSlugs, tags: tags, timestamp: timestamp
        ).json
    }

    /// Update and end share a body; end adds `ignored` when the activity had already ended.
    public static func change(
        activityID: String, devicesNotified: Int, devicesQueued: Int,
        timestamp: String, ignored: Bool = false
    ) -> JSONValue {
        ChangeAnswer(
            activityID: activityID, devicesNotified: devicesNotified, devicesQueued: devicesQueued, timestamp: timestamp,
            ignored: ignored
        ).json
    }

    public static func slugs(_ slugs: [String]?) -> JSONValue { Member.effectiveChannelSlugs.encode(slugs) }
}
