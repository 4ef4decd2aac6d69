/// The only error type of the API: a status, the JSON `error`, a `message` naming the field,
/// and any extra fields the upstream body carries (`limit`, `effective_channel_slugs`, ...).
public struct APIError: Error, Sendable, Equatable {
    public let status: Int
    public let error: String
    public let message: String?
    public var extra: [JSONMember]

    public init(status: Int, error: String, message: String?, extra: [JSONMember] = []) {
        self.status = status
        self.error = error
        self.message = message
        self.extra = extra
    }

    /// 400 with the field path in the message, e.g. `content_state.current_step must be ...`.
    public static func invalid(_ message: String) -> APIError {
        APIError(status: 400, error: "Bad Request", message: message)
    }

    /// The body upstream sends: `{"error", "message", ...extra}`.
    public var json: JSONValue {
        var members = [JSONMember("error", .string(error))]
        if let message { members.append(JSONMember("message", .string(message))) }
        members.append(contentsOf: extra)
        return .object(JSONObject(members))
    }
}
