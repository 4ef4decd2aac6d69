import APIModel
import HTTPKit

/// What the published document says about one route: its words, schemas and examples. The
/// route itself (method, path, parameters) comes from the router, so a route cannot go undocumented
/// and a documented operation cannot lack its route (`OpenAPIDocumentTests`).
struct OperationDoc: Sendable {
    enum Tag: String, CaseIterable, Sendable {
        case liveActivities = "Live Activities"
        case pushNotifications = "Push Notifications"
        case widgets = "Widget Metrics and Badges"
        case mcp = "MCP"
        case control = "Control Plane"
        case dashboard = "Dashboard"

        var description: String {
            switch self {
            case .liveActivities: return "Start, update, stream and end Live Activities on the account's simulated devices."
            case .pushNotifications: return "Send and replace push notifications."
            case .widgets: return "Widget metric values and the app icon badge."
            case .mcp: return "ActivitySmith's MCP server, mocked: JSON-RPC 2.0 over streamable HTTP, authenticated with an API key."
            case .control: return "The mock's own routes for tests: journal, state, devices, faults, clock, reset. Behind --admin-token when set."
            case .dashboard: return "The live view of every simulated device."
            }
        }

        /// Whether the operation belongs to the ActivitySmith API (API key auth, `/api` prefix).
        var isAPI: Bool { self == .liveActivities || self == .pushNotifications || self == .widgets }
    }

    /// A named example: a request body, or an answer.
    struct Example: Sendable {
        var name: String
        var summary: String
        var value: JSONValue
    }

    struct Answer: Sendable {
        var status: Int
        var description: String
        var schema: JSONValue?
        var examples: [Example] = []
        var contentType = "application/json"
        var headers: [(String, String)] = []
    }

    struct Query: Sendable {
        var name: String
        var schema: JSONValue
        var description: String
    }

    /// The route: method and path pattern (`:name` segments), without the `/api` mount.
    var method: Method
    var path: String
    var id: String
    var tag: Tag
    var summary: String
    var description: String? = nil
    var query: [Query] = []
    var body: JSONValue? = nil
    var bodyRequired = true
    var bodyExamples: [Example] = []
    var answers: [Answer] = []
    /// OpenAPI links from the 200 answer, by name: (target operationId, parameters, requestBody).
    var links: [(String, JSONValue)] = []
}

extension OperationDoc.Answer {
    /// An error answer with the shared `Error` schema.
    static func error(_ status: Int, _ description: String, schema: String = "Error", examples: [OperationDoc.Example] = []) -> Self {
        .init(status: status, description: description, schema: Schema.ref(schema), examples: examples)
    }

    /// The answers every API operation can give besides its own.
    static var apiCommon: [Self] {
        [
            .error(
                401, "The API key is missing, malformed or unknown.",
                examples: [
                    .init(
                        name: "missing_key", summary: "No Authorization header",
                        value: .object([("error", "Unauthorized"), ("message", "Missing API key. Send Authorization: Bearer <api key>.")]))
                ]),
            .error(413, "The body is over 1 MiB."),
            .init(
                status: 503, description: "The database refuses writes (read-only, or its file was replaced); health says why.",
                schema: Schema.ref("Error"), headers: [("Retry-After", "Seconds to wait before trying again.")]),
            .init(
                status: 507, description: "The disk is full; nothing was written.", schema: Schema.ref("Error"),
                headers: [("Retry-After", "Seconds to wait before trying again.")])
        ]
    }
}
