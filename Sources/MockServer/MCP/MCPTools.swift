import HTTPKit
import APIModel
import MockStore
import Dispatch

/// The MCP tools: each answers with the JSON the REST API (or the mock's records) would give,
/// as `structuredContent` and as a text block; an API failure is a result with `isError: true`
/// carrying the same error body.
struct MCPTools: Sendable {
    /// One tool: what agents see, and what it does.
    struct Tool: Sendable {
        let name: String
        let description: String
        let inputSchema: JSONValue
        let run: @Sendable (MCPCall) throws -> (status: Int, body: JSONValue)
    }

    let context: APIContext
    /// The API router: REST-backed tools run the same route a REST call would.
    let router: Router
    private let tools: [String: Tool]
    let catalog: JSONValue

    init(context: APIContext, router: Router) {
        self.context = context
        self.router = router
        let list = MCPCatalog.tools
        tools = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
        catalog = .array(list.map { tool in
            .object([("name", .string(tool.name)), ("description", .string(tool.description)), ("inputSchema", tool.inputSchema)])
        })
    }

    func has(_ name: String) -> Bool { tools[name] != nil }

    func call(_ name: String, arguments: JSONObject, key: APIKeyRecord) -> JSONValue {
        let outcome: (status: Int, body: JSONValue)
        do {
            outcome = try tools[name]!.run(MCPCall(tools: self, arguments: arguments, key: key))
        } catch {
            let apiError = ErrorResponse.apiError(error)
            outcome = (apiError.status, apiError.json)
        }
        return .object([
            ("content", .array([.object([("type", "text"), ("text", .string(JSONWriter.string(outcome.body)))])])),
            ("structuredContent", outcome.body),
            ("isError", .bool(outcome.status >= 400)),
        ])
    }
}

/// One tool call: its arguments, the caller's key, and the ways a tool acts.
struct MCPCall: Sendable {
    let tools: MCPTools
    let arguments: JSONObject
    let key: APIKeyRecord

    var context: APIContext { tools.context }

    /// A reader over the arguments, for tools that read them field by field.
    func reader() throws -> ObjectReader { try ObjectReader(.object(arguments), path: "") }

    /// Runs the REST route `method path` with `body` as the caller's key would, and waits for it.
    func rest(_ method: Method, _ path: String, body: JSONValue?) -> (status: Int, body: JSONValue) {
        var headers = Headers()
        headers.add("Authorization", "Bearer \(key.key)")
        headers.add("Content-Type", "application/json")
        var request = Request(method: method, target: "/api" + path, headers: headers)
        request.body = body.map { JSONWriter.encode($0) } ?? []
        // Set once by the route's answer, read after the semaphore: the signal orders the two.
        final class Box: @unchecked Sendable { var response: Response? }
        let box = Box(), done = DispatchSemaphore(value: 0)
        tools.router.route(request) { response in
            box.response = response
            done.signal()
        }
        done.wait()
        let response = box.response!
        return (response.status.code, (try? JSONParser.parse(response.body)) ?? .object([]))
    }

    /// The arguments without the named ones (the path's), as a REST body.
    func body(without names: [String]) -> JSONValue {
        var object = arguments
        for name in names { object[name] = nil }
        return .object(object)
    }

    /// An argument naming an object: a non-empty string, else a 400 naming it.
    func pathArgument(_ name: String) throws -> String {
        guard case .string(let value)? = arguments[name], !value.isEmpty else {
            throw APIError.invalid("\(name) is required (a non-empty string)")
        }
        return value
    }

    /// The same, percent-encoded as a route's path segment, so `a?x=1`, `%41` or `k/value?`
    /// reach the route as themselves and get its validation error.
    func pathSegment(_ name: String) throws -> String {
        PercentEncoding.component(try pathArgument(name))
    }

    /// Managing channels, keys and metrics needs a key of scope `all`.
    func requireAllScope(_ what: String) throws {
        guard key.scope == .all else {
            throw APIError(status: 403, error: "Forbidden", message: "This API key can only target assigned channels; managing \(what) needs a key of scope all")
        }
    }
}
