import HTTPKit
import APIModel

/// The mock's own OpenAPI document, built from the routes actually registered, so it cannot
/// drift from them. Summaries live here; request and response shapes are the upstream spec's.
enum OpenAPIDocument {
    static let summaries: [String: String] = [
        "POST /live-activity/start": "Start a Live Activity",
        "POST /live-activity/update": "Update a Live Activity (type inferred when omitted)",
        "POST /live-activity/end": "End a Live Activity",
        "PUT /live-activity/stream/:stream_key": "Start, update, rotate or leave a managed stream",
        "DELETE /live-activity/stream/:stream_key": "End a managed stream",
        "POST /push-notification": "Send a push notification",
        "PUT /push-notification/:notification_id": "Replace a push notification for the same recipients",
        "POST /metrics/:key/value": "Record a widget metric value",
        "POST /badge": "Set the app icon badge count",
        "GET /_mock/requests": "Request journal, newest first (filters: path, method, status, activity_id, since, limit)",
        "DELETE /_mock/requests": "Clear the request journal",
        "GET /_mock/activities": "Activities (filters: status, stream_key, account, limit)",
        "GET /_mock/activities/:id": "One activity: state, every update, and what each device got or awaits",
        "GET /_mock/streams": "Each stream key's newest activity",
        "GET /_mock/devices": "Simulated devices (filter: account)",
        "GET /_mock/devices/:id": "One device: its activities, notifications and badge",
        "POST /_mock/devices": "Create a device",
        "PATCH /_mock/devices/:id": "Change a device's token behaviour, online state or registration",
        "DELETE /_mock/devices/:id": "Delete a device",
        "POST /_mock/devices/:id/tokens/:activity_id": "Register a device's per-activity token; queued updates are delivered",
        "GET /_mock/notifications": "Push notifications (filter: account, limit)",
        "GET /_mock/metrics": "Widget metrics with their latest value",
        "GET /_mock/faults": "Armed faults",
        "POST /_mock/faults": "Arm a fault: status, delay_ms or drop, for method and path, count times",
        "DELETE /_mock/faults": "Clear every armed fault",
        "POST /_mock/reset": "Return to the fixtures (or others given), atomically",
        "GET /_mock/fixtures": "Export accounts, keys, devices and metrics in the fixture format",
        "GET /_mock/clock": "The mock's clock",
        "POST /_mock/clock": "Freeze (set), advance (advance_ms) or release (system) the clock",
        "GET /_mock/health": "Readiness: status, version, uptime, db path, counts",
        "GET /openapi.json": "This document",
        "GET /_mock/ui": "The live dashboard: each simulated device's Lock Screen",
        "GET /_mock/ui/state": "The dashboard's state as JSON",
        "GET /_mock/events": "Server-Sent Events: the dashboard's state after every change",
        "GET /_mock/channels": "Channels of every account, with their users and devices",
        "GET /_mock/api-keys": "API keys of every account, masked",
        "POST /mcp": "The ActivitySmith MCP server (JSON-RPC over streamable HTTP), with an API key",
        "POST /_mock/streams/:stream_key/pause": "Pause a stream: its activity ends, later PUTs answer operation paused",
        "POST /_mock/streams/:stream_key/resume": "Resume a paused stream: the next PUT starts anew",
    ]

    static func build(routes: [(method: Method, pattern: String)]) -> JSONValue {
        var paths = JSONObject()
        for route in routes {
            let path = route.pattern.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
            let openAPIPath = "/" + path
            let parameters = route.pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { name -> JSONValue in
                .object([("name", .string(String(name.dropFirst()))), ("in", "path"), ("required", true),
                         ("schema", .object([("type", "string")]))])
            }
            let isControl = route.pattern.hasPrefix("/_mock") || route.pattern == "/openapi.json"
            var operation: [(String, JSONValue)] = [
                ("summary", .string(summaries["\(route.method) \(route.pattern)"] ?? "\(route.method) \(route.pattern)")),
                ("tags", .array([isControl ? "control plane" : "ActivitySmith API"])),
                ("responses", .object([("200", .object([("description", "OK"), ("content", .object([("application/json", .object([]))]))]))])),
            ]
            if !parameters.isEmpty { operation.append(("parameters", .array(parameters))) }
            if !isControl { operation.append(("security", .array([.object([("apiKeyAuth", .array([]))])]))) }
            var item = paths[openAPIPath]?.objectValue ?? JSONObject()
            item[route.method.rawValue.lowercased()] = .object(operation)
            paths[openAPIPath] = .object(item)
        }
        return .object([
            ("openapi", "3.1.0"),
            ("info", .object([("title", "activitysmith-mock"), ("version", .string(MockServer.version)),
                              ("description", "The ActivitySmith API as mocked (also served under /api), and the mock's control plane under /_mock.")])),
            ("servers", .array([.object([("url", "/api")]), .object([("url", "/")])])),
            ("paths", .object(paths)),
            ("components", .object([("securitySchemes", .object([("apiKeyAuth", .object([("type", "http"), ("scheme", "bearer")])),
                                                                ("adminToken", .object([("type", "http"), ("scheme", "bearer")]))]))])),
        ])
    }
}
