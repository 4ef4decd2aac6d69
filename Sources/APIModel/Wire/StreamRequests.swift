/// `PUT /live-activity/stream/{stream_key}`: start, update, rotate or leave a managed activity.
public struct StreamPutRequest: Sendable, Equatable {
    public var contentState: ContentState
    public var action: LiveActivityAction?
    public var secondaryAction: LiveActivityAction?
    public var alert: AlertPayload?
    /// `channels` and `target.channels` merged (they must agree when both are sent).
    public var channels: [String]?
    public var tags: [String]?
    public var metadata: JSONObject?
    /// Properties accepted and dropped (`IgnoredProperties`), for the journal.
    public var ignoredProperties: [String] = []

    /// Decodes the shape; whether it starts or updates (and so which rules apply) is the stream's state.
    public static func decode(_ body: [UInt8]) throws(APIError) -> StreamPutRequest {
        var r = try ObjectReader(try CommonFields.parseBody(body), path: "")
        let stateJSON = try r.requiredRaw("content_state")
        var request = StreamPutRequest(
            contentState: try ContentState.decode(
                stateJSON, path: "content_state",
                phase: .update, allowAutoDismiss: true))
        request.action = try r.raw("action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "action") }
        request.secondaryAction = try r.raw("secondary_action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "secondary_action") }
        request.alert = try r.raw("alert").map { v throws(APIError) in try AlertPayload.decode(v, path: "alert") }
        let empty = "channels must contain at least one channel"
        let target = try CommonFields.target(&r, emptyMessage: empty)
        let channels = try r.raw("channels").map { v throws(APIError) in
            try CommonFields.slugs(v, path: "channels", emptyMessage: empty)
        }
        if let channels, let target, Set(channels) != Set(target) {
            throw APIError(
                status: 400, error: "Invalid channel targeting",
                message: "channels and target.channels must name the same channels when both are sent")
        }
        request.channels = channels ?? target
        request.tags = try CommonFields.tags(&r)
        request.metadata = try CommonFields.metadata(&r)
        request.ignoredProperties = try IgnoredProperties.read(&r)
        try r.finish()
        return request
    }

    public init(contentState: ContentState) { self.contentState = contentState }
}

/// `DELETE /live-activity/stream/{stream_key}`: end it, optionally with a final content state.
public struct StreamDeleteRequest: Sendable, Equatable {
    public var contentState: ContentState?
    public var action: LiveActivityAction?
    public var secondaryAction: LiveActivityAction?
    public var tags: [String]?
    public var metadata: JSONObject?
    /// Properties accepted and dropped (`IgnoredProperties`), for the journal.
    public var ignoredProperties: [String] = []

    /// An empty or `null` body is a plain end.
    public static func decode(_ body: [UInt8]) throws(APIError) -> StreamDeleteRequest {
        var request = StreamDeleteRequest()
        guard let json = try CommonFields.parseOptionalBody(body) else { return request }
        var r = try ObjectReader(json, path: "")
        request.contentState = try r.raw("content_state").map { v throws(APIError) in
            try ContentState.decode(v, path: "content_state", phase: .end)
        }
        request.action = try r.raw("action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "action") }
        request.secondaryAction = try r.raw("secondary_action").map { v throws(APIError) in try LiveActivityAction.decode(v, path: "secondary_action") }
        _ = try r.raw("alert").map { v throws(APIError) in try AlertPayload.decode(v, path: "alert") }
        request.tags = try CommonFields.tags(&r)
        request.metadata = try CommonFields.metadata(&r)
        request.ignoredProperties = try IgnoredProperties.read(&r)
        try r.finish()
        return request
    }

    public init() {}
}

public enum StreamKey {
    /// `Limits.streamKeyPattern`: letters, digits, `_` and `-`, 1–255 characters.
    public static func validate(_ key: String) throws(APIError) {
        let ok =
            !key.isEmpty && key.utf8.count <= Limits.streamKey
            && key.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2D
            }
        if !ok {
            throw APIError(
                status: 400, error: "Invalid stream_key",
                message: "stream_key must contain only letters, numbers, underscores, and hyphens")
        }
    }
}
