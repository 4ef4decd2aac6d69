/// The only error type of the API: a status, the JSON `error`, a `message` naming the field,
/// and any extra fields the upstream body carries (`limit`, `effective_channel_slugs`, ...).
public struct APIError: Error, Sendable, Equatable {
    public static func == (a: APIError, b: APIError) -> Bool { a.status == b.status && a.json == b.json }

    public let status: Int
    public let error: String
    public let message: String?
    public var extra: [(String, JSONValue)]

    public init(status: Int, error: String, message: String?, extra: [(String, JSONValue)] = []) {
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
        var members: [(String, JSONValue)] = [("error", .string(error))]
        if let message { members.append(("message", .string(message))) }
        members.append(contentsOf: extra)
        return .object(members)
    }
}
