/// `POST /live-activity/start`.
public struct StartRequest: Sendable, Equatable {
    public var contentState: ContentState
    public var action: LiveActivityAction?
    public var secondaryAction: LiveActivityAction?
    public var alert: AlertPayload?
    public var targetChannels: [String]?
    public var tags: [String]?
    public var metadata: JSONObject?
    /// Properties accepted and dropped (`IgnoredProperties`), for the journal.
    public var ignoredProperties: [String] = []

    /// Decodes and validates the body; the type is required, so every rule applies here.
    public static func decode(_ body: [UInt8]) throws(APIError) -> StartRequest {
        var r = try ObjectReader(try CommonFields.parseBody(body), path: "")
        let stateJSON = try r.requiredRaw("content_state")
        let state = try ContentState.decode(stateJSON, path: "content_state", phase: .start)
        var request = StartRequest(contentState: state)
        request.action = try r.raw("action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "action") }
        request.secondaryAction = try r.raw("secondary_action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "secondary_action") }
        request.alert = try r.raw("alert").map { v throws(APIError) in try AlertPayload.decode(v, path: "alert") }
        request.targetChannels = try CommonFields.target(&r)
        request.tags = try CommonFields.tags(&r)
        request.metadata = try CommonFields.metadata(&r)
        request.ignoredProperties = try IgnoredProperties.read(&r)
        try r.finish()
        try ContentStateRules.validate(state, type: state.type!, phase: .start, stored: nil)
        return request
    }

    public init(contentState: ContentState) { self.contentState = contentState }
}

/// `POST /live-activity/update` and `POST /live-activity/end`: same shape, different phase.
///
/// Decoding checks the shape only; the per-type rules need the stored activity (type inference),
/// so the caller applies `ContentStateRules` once it has loaded it.
public struct ChangeRequest: Sendable, Equatable {
    public var phase: Phase
    public var activityID: String
    public var contentState: ContentState
    public var action: LiveActivityAction?
    public var secondaryAction: LiveActivityAction?
    public var tags: [String]?
    public var metadata: JSONObject?

    public static func decode(_ body: [UInt8], phase: Phase) throws(APIError) -> ChangeRequest {
        var r = try ObjectReader(try CommonFields.parseBody(body), path: "")
        let id = try r.requiredString("activity_id", minLength: 1, maxLength: Limits.activityID)
        let stateJSON = try r.requiredRaw("content_state")
        var request = ChangeRequest(
            phase: phase, activityID: id,
            contentState: try ContentState.decode(stateJSON, path: "content_state", phase: phase))
        request.action = try r.raw("action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "action") }
        request.secondaryAction = try r.raw("secondary_action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "secondary_action") }
        request.tags = try CommonFields.tags(&r)
        request.metadata = try CommonFields.metadata(&r)
        try r.finish()
        return request
    }

    /// Infers the type from the stored activity and applies that type's rules.
    public func validated(against stored: ContentStateRules.Stored) throws(APIError) -> ContentState {
        let type = try ContentStateRules.resolveType(sent: contentState.type, stored: stored.type)
        try ContentStateRules.validate(contentState, type: type, phase: phase, stored: stored)
        return ContentStateRules.merged(contentState, type: type, stored: stored)
    }

    public init(phase: Phase, activityID: String, contentState: ContentState) {
        self.phase = phase
        self.activityID = activityID
        self.contentState = contentState
    }
}

/// The optional `alert` of a start: a banner shown with it.
public struct AlertPayload: Sendable, Equatable {
    public var title: String?
    public var body: String?

    static func decode(_ json: JSONValue, path: String) throws(APIError) -> AlertPayload {
        var r = try ObjectReader(json, path: path)
        let payload = AlertPayload(title: try r.string("title", maxLength: Limits.title), body: try r.string("body", maxLength: Limits.message))
        try r.finish()
        return payload
    }
}
