import HTTPKit
import APIModel
import MockStore

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
    private let tools: [String: Tool]
    let catalog: JSONValue

    init(context: APIContext) {
        self.context = context
        let list = MCPCatalog.tools
        tools = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
        catalog = .array(
            list.map { tool in
                .object([("name", .string(tool.name)), ("description", .string(tool.description)), ("inputSchema", tool.inputSchema)])
            })
    }

    func has(_ name: String) -> Bool { tools[name] != nil }

    /// Runs tool `name` in the caller's transaction (the MCP request's), under a savepoint of its
    /// own: a tool that fails leaves nothing behind.
    func call(_ name: String, arguments: JSONObject, key: APIKeyRecord, db: Database) -> JSONValue {
        let outcome: (status: Int, body: JSONValue)
        do {
            outcome = try db.atomically { db in try tools[name]!.run(MCPCall(context: context, arguments: arguments, key: key, db: db)) }
        } catch {
            let apiError = ErrorResponse.apiError(error)
            outcome = (apiError.status, apiError.json)
        }
        return .object([
            ("content", .array([.object([("type", "text"), ("text", .string(JSONWriter.string(outcome.body)))])])),
            ("structuredContent", outcome.body),
            ("isError", .bool(outcome.status >= 400))
        ])
    }
}

/// One tool call: its arguments, the caller's key, the MCP request's transaction, and the ways a
/// tool acts. Confined to the store's writer, which runs the whole MCP request.
struct MCPCall {
    let context: APIContext
    let arguments: JSONObject
    let key: APIKeyRecord
    /// The transaction the MCP request runs in.
    let db: Database

    /// A reader over the arguments, for tools that read them field by field.
    func reader() throws -> ObjectReader { try ObjectReader(.object(arguments), path: "") }

    /// Runs an API endpoint as the caller's key would over REST, with `body` and the path's
    /// `parameters`, in this transaction: the same validation, rules and answer, without a
    /// request through the router.
    func api(
        _ endpoint: (APIContext) -> (Request, APIKeyRecord) throws -> APIWork,
        _ method: Method, parameters: [String: String] = [:], body: JSONValue?
    ) throws -> (status: Int, body: JSONValue) {
        var request = Request(method: method, target: "/")
        request.body = body.map { JSONWriter.encode($0) } ?? []
        request.parameters = parameters
        return (200, try endpoint(context)(request, key).perform(db))
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

    /// Managing channels, keys and metrics needs a key of scope `all`.
    func requireAllScope(_ what: String) throws {
        guard key.scope == .all else {
            throw APIError(
                status: 403, error: "Forbidden", message: "This API key can only target assigned channels; managing \(what) needs a key of scope all")
        }
    }
}
