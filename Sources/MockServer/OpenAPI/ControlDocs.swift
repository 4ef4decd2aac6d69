import APIModel
import HTTPKit

/// The published words of the control plane, `/mcp` and the dashboard. Their answers are the
/// mock's own shapes: the schemas name the members a test asserts on and leave the rest open.
enum ControlDocs {
    /// Every operation of the control plane, `/mcp`, the dashboard and the open routes.
    static var all: [OperationDoc] { control + WebhookDocs.control }

    /// A control operation: the answers every `/_mock` route shares come with it.
    static func op(
        _ method: Method, _ path: String, _ id: String, _ summary: String, tag: OperationDoc.Tag = .control,
        query: [OperationDoc.Query] = [], body: JSONValue? = nil, answer: JSONValue = listing([]),
        errors: [(Int, String)] = [], contentType: String = "application/json"
    ) -> OperationDoc {
        var answers: [OperationDoc.Answer] = [.init(status: 200, description: "OK.", schema: answer, contentType: contentType)]
        for (status, text) in errors { answers.append(.error(status, text)) }
        if path.hasPrefix("/_mock") {
            answers.append(.error(401, "--admin-token is set and the request does not carry it."))
        }
        return OperationDoc(
            method: method, path: path, id: id, tag: tag, summary: summary, query: query, body: body,
            bodyRequired: false, answers: answers)
    }

    /// An object answer naming its main members; others may follow.
    static func listing(_ members: [(String, JSONValue)]) -> JSONValue {
        Schema.object(members, open: true)
    }

    static func q(_ name: String, _ schema: JSONValue, _ description: String) -> OperationDoc.Query {
        .init(name: name, schema: schema, description: description)
    }

    static let items = Schema.array(Schema.anyObject())
    private static let limit = q("limit", Schema.integer(minimum: 1), "At most this many, newest first.")
    private static let account = q("account", Schema.string(), "Only this account's.")

    static let listRequests = op(
        .get, "/_mock/requests", "listRequests", "The request journal, newest first",
        query: [
            q("path", Schema.string(), "Only this path (with or without /api)."), q("method", Schema.string(), "Only this method."),
            q("status", Schema.integer(), "Only this status."), q("activity_id", Schema.string(), "Only requests naming this activity."),
            q("since", Schema.string(format: "date-time"), "Only requests after this time."),
            q("limit", Schema.integer(minimum: 1, maximum: 1000), "At most this many, newest first (a page also stops before 1 MiB)."),
            q("before", Schema.integer(), "Only entries older than this id: the `next` link's cursor.")
        ],
        answer: listing([("requests", items), ("next", Schema.string("The next page, when there may be one."))]))

    static let getRequest = op(
        .get, "/_mock/requests/:id", "getRequest", "One journal entry with its whole bodies (a listed entry cut to a preview links here)",
        answer: listing([("id", Schema.integer()), ("request_body", .object([])), ("response_body", .object([]))]),
        errors: [(404, "No such entry (never, or dropped past the retention).")])

    static let clearRequests = op(.delete, "/_mock/requests", "clearRequests", "Clear the journal")

    static let listActivities = op(
        .get, "/_mock/activities", "listActivities", "Activities, newest first",
        query: [
            q("status", Schema.strings(["active", "ended"]), "Only active or ended ones."),
            q("stream_key", Schema.string(), "Only this stream's."), account, limit
        ],
        answer: listing([("activities", items)]))

    static let getActivity = op(
        .get, "/_mock/activities/:id", "getActivity", "One activity: state, timer, every update, each device's deliveries",
        answer: listing([
            ("id", Schema.string()), ("type", Schema.ref("LiveActivityType")), ("status", Schema.string()),
            ("content_state", Schema.anyObject()), ("updates", items), ("devices", items)
        ]),
        errors: [(404, "No such activity.")])

    static let listStreams = op(
        .get, "/_mock/streams", "listStreams", "Each stream key's newest activity, and whether it is paused",
        answer: listing([("streams", items)]))

    static let pauseStream = op(
        .post, "/_mock/streams/:stream_key/pause", "pauseStream", "Pause a stream: its activity ends, later PUTs answer paused",
        body: Schema.object([("account", Schema.string())]), errors: [(404, "No such account.")])

    static let resumeStream = op(
        .post, "/_mock/streams/:stream_key/resume", "resumeStream", "Resume a paused stream: the next PUT starts anew",
        body: Schema.object([("account", Schema.string())]), errors: [(404, "No such account.")])

    static let listDevices = op(.get, "/_mock/devices", "listDevices", "Simulated devices", query: [account], answer: listing([("devices", items)]))

    static let getDevice = op(
        .get, "/_mock/devices/:id", "getDevice", "One device: its activities, notifications and badge",
        answer: listing([("id", Schema.string()), ("activities", items), ("notifications", items)]), errors: [(404, "No such device.")])

    static let createDevice = op(
        .post, "/_mock/devices", "createDevice", "Create a device",
        body: Schema.object(
            [
                ("id", Schema.string()), ("account", Schema.string()), ("user", Schema.string()),
                ("channels", Schema.array(Schema.string())), ("token", Schema.strings(["immediate", "delayed", "manual", "never"])),
                ("token_delay_ms", Schema.integer(minimum: 0)), ("name", Schema.string())
            ], required: ["id"], open: true),
        errors: [(400, "The body is invalid."), (404, "No such account."), (409, "The id is taken.")])

    static let changeDevice = op(
        .patch, "/_mock/devices/:id", "changeDevice", "Change a device's token behaviour, online state, registration or name",
        body: Schema.object(
            [
                ("token", Schema.string()), ("token_delay_ms", Schema.integer(minimum: 0)), ("online", Schema.boolean()),
                ("registered", Schema.boolean()), ("name", Schema.string())
            ], open: true),
        errors: [(400, "The body is invalid."), (404, "No such device.")])

    static let deleteDevice = op(.delete, "/_mock/devices/:id", "deleteDevice", "Delete a device (its history stays)", errors: [(404, "No such device.")])

    static let registerToken = op(
        .post, "/_mock/devices/:id/tokens/:activity_id", "registerToken", "Register a device's push token for an activity: its queued updates arrive",
        answer: listing([("delivered", Schema.integer(minimum: 0))]), errors: [(404, "No such device, or the activity does not target it.")])

    static let listNotifications = op(
        .get, "/_mock/notifications", "listNotifications", "Push notifications, newest first", query: [account, limit],
        answer: listing([("notifications", items)]))

    static let listMetrics = op(.get, "/_mock/metrics", "listMetrics", "Widget metrics with their latest value", answer: listing([("metrics", items)]))

    static let listChannels = op(
        .get, "/_mock/channels", "listChannels", "Every account's channels, with their users and devices", answer: listing([("channels", items)]))

    static let listApiKeys = op(.get, "/_mock/api-keys", "listApiKeys", "Every account's API keys, masked", answer: listing([("api_keys", items)]))

    static let listFaults = op(.get, "/_mock/faults", "listFaults", "Armed faults, with hits and remaining", answer: listing([("faults", items)]))

    static let armFault = op(
        .post, "/_mock/faults", "armFault", "Arm a fault for matching API requests: a status, a delay, or a dropped connection",
        body: Schema.object(
            [
                ("method", Schema.string()), ("path", Schema.string("A glob compared without /api.")),
                ("count", Schema.integer(minimum: 1)), ("status", Schema.integer(minimum: 100, maximum: 599)),
                ("body", Schema.anyObject()), ("delay_ms", Schema.integer(minimum: 0)), ("drop", Schema.boolean())
            ], open: true),
        errors: [(400, "The body is invalid.")])

    static let clearFaults = op(.delete, "/_mock/faults", "clearFaults", "Clear every armed fault", answer: listing([("cleared", Schema.integer(minimum: 0))]))

    static let reset = op(
        .post, "/_mock/reset", "reset", "Back to the start-up fixtures (or a set given inline, or a file of --fixtures-dir), in one transaction",
        body: Schema.object([("fixture_set", Schema.anyObject()), ("fixtures", Schema.string("A file name in --fixtures-dir."))]),
        errors: [(400, "The fixture set is invalid."), (403, "No --fixtures-dir, or a name outside it.")])

    static let listAccounts = op(
        .get, "/_mock/accounts", "listAccounts", "Accounts with the limits in force",
        answer: listing([("accounts", items)]))

    static let changeAccountLimits = op(
        .patch, "/_mock/accounts/:id", "changeAccountLimits", "Change an account's limits until the next reset (0 turns one off)",
        body: Schema.object([
            ("rate_limit", Schema.integer("Requests per window on push, stream and metric calls.", minimum: 0)),
            ("live_activity_limit", Schema.integer("Concurrent Live Activities per device.", minimum: 0))
        ]),
        answer: listing([("id", Schema.string()), ("rate_limit", Schema.integer()), ("live_activity_limit", Schema.integer())]),
        errors: [(400, "The body is invalid."), (404, "No such account.")])

    static let exportFixtures = op(.get, "/_mock/fixtures", "exportFixtures", "The current state as a fixture file", answer: listing([("accounts", items)]))

    static let getClock = op(
        .get, "/_mock/clock", "getClock", "The mock's clock",
        answer: listing([("now", Schema.string(format: "date-time")), ("fixed", Schema.boolean("Whether the clock is frozen."))]))

    static let setClock = op(
        .post, "/_mock/clock", "setClock", "Freeze the clock (set), move it (advance_ms) or release it (system)",
        body: Schema.object([("set", Schema.string(format: "date-time")), ("advance_ms", Schema.integer()), ("system", Schema.boolean())]),
        answer: listing([("now", Schema.string(format: "date-time"))]), errors: [(400, "The body is invalid.")])

    static let health = op(
        .get, "/_mock/health", "health", "Readiness: status, version, storage",
        answer: listing([
            ("status", Schema.strings(["ok", "degraded"])), ("version", Schema.string()),
            (
                "tls",
                Schema.object(
                    [
                        ("url", Schema.string()), ("ca_sha256", Schema.orNull(Schema.string())),
                        ("ca_pem", Schema.orNull(Schema.string()))
                    ], open: true)
            )
        ]),
        errors: [(503, "Writes fail (disk full, read-only storage, database file gone); reads still work.")])

    static let tlsCertificateAuthority = op(
        .get, "/_mock/tls/ca.pem", "tlsCertificateAuthority", "The CA certificate (PEM) to trust for HTTPS (--tls-port)",
        answer: Schema.string(), errors: [(404, "HTTPS is off, or the server uses its own certificate.")],
        contentType: "application/x-pem-file")

    static let openapi = op(.get, "/openapi.json", "openapi", "This document", answer: Schema.anyObject())

    static let root = op(.get, "/", "root", "Redirects to the dashboard", answer: Schema.anyObject())

    static let favicon = op(
        .get, "/favicon.ico", "favicon", "The dashboard's icon (SVG)", tag: .dashboard, answer: Schema.string(), contentType: "image/svg+xml")

    static let dashboard = op(
        .get, "/_mock/ui", "dashboard", "The dashboard: each simulated device's Lock Screen", tag: .dashboard,
        answer: Schema.string(), contentType: "text/html")

    static let dashboardState = op(
        .get, "/_mock/ui/state", "dashboardState", "The dashboard's state as JSON", tag: .dashboard, answer: listing([("devices", items)]))

    static let dashboardEvents = op(
        .get, "/_mock/events", "dashboardEvents", "Server-Sent Events: the dashboard's state after every change", tag: .dashboard,
        answer: Schema.string(), contentType: "text/event-stream")

    static let mcp = op(
        .post, "/mcp", "mcp", "The ActivitySmith MCP server (JSON-RPC 2.0 over streamable HTTP)", tag: .mcp,
        body: Schema.object(
            [
                ("jsonrpc", Schema.strings(["2.0"])), ("id", Schema.oneOf([Schema.string(), Schema.integer()])),
                ("method", Schema.string("initialize, ping, server/discover, tools/list, tools/call, ...")),
                ("params", Schema.anyObject())
            ], required: ["jsonrpc", "method"], open: true),
        answer: listing([
            ("jsonrpc", Schema.string()), ("id", Schema.oneOf([Schema.string(), Schema.integer()])),
            ("result", Schema.anyObject()), ("error", Schema.anyObject())
        ]),
        errors: [(400, "Not JSON-RPC, or a routing header disagrees with the body."), (401, "No valid API key.")])

    static let control: [OperationDoc] = [
        listRequests, getRequest, clearRequests, listActivities, getActivity, listStreams, pauseStream, resumeStream, listDevices, getDevice, createDevice,
        changeDevice, deleteDevice, registerToken, listNotifications, listMetrics, listChannels, listApiKeys, listFaults, armFault, clearFaults, reset,
        listAccounts, changeAccountLimits, exportFixtures, getClock, setClock, health, tlsCertificateAuthority, openapi, root, favicon, dashboard,
        dashboardState, dashboardEvents, mcp
    ]
}
