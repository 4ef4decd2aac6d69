import HTTPKit
import APIModel
import MockStore

/// `POST /mcp`: ActivitySmith's MCP server as the mock serves it, over streamable HTTP with JSON
/// answers. An account's API key stands in for production's OAuth, with the key's scope. The
/// `initialize` handshake revisions are served here, the stateless one by `MCPStatelessExchange`.
struct MCPRoute {
    /// Protocol revisions of the `initialize` handshake this server speaks, oldest first.
    static let protocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    /// The answer carries the tool it ran here, for the journal.
    static let toolHeader = "X-Mock-MCP-Tool"
    /// Messages per batch at most.
    static let maxBatch = 100

    let context: APIContext
    let tools: MCPTools

    func register(on routes: ContractRoutes) {
        routes.addAsync(ControlDocs.mcp) { request, respond in
            let key: APIKeyRecord
            do {
                key = try context.auth.authenticate(request)
            } catch {
                return respond(ErrorResponse.of(error))
            }
            // The whole request is one job of the store's writer: its tools read and write in
            // that transaction (each under a savepoint), and no thread waits for another.
            context.store.submit({ db in handle(request, key: key, db: db) }) { result in
                switch result {
                case .success(let response): respond(response)
                case .failure(let error): respond(ErrorResponse.of(error))
                }
            }
        }
    }

    /// Ids answer byte for byte as sent, even integers beyond 64 bits (`JSONValue.bigInteger`).
    func handle(_ request: Request, key: APIKeyRecord, db: Database) -> Response {
        // As in the official SDKs, a version header naming no handshake-era revision routes to the
        // stateless revision, whose ladder answers an unknown one with -32022 and the versions spoken.
        if let version = request.headers["MCP-Protocol-Version"], !Self.protocolVersions.contains(version) {
            return MCPStatelessExchange(route: self).handle(request, key: key, db: db)
        }
        let parsed: JSONValue
        switch JSONRPC.parse(request.body) {
        case .success(let value): parsed = value
        case .failure(let answer): return Self.json(answer.response!)
        }
        var tool: String?
        if case .array(let batch) = parsed {
            guard !batch.isEmpty, batch.count <= Self.maxBatch else {
                return Self.json(
                    JSONRPC.error(
                        id: .null, JSONRPC.invalidRequest,
                        batch.isEmpty ? "an empty batch" : "a batch of at most \(Self.maxBatch) messages"))
            }
            let answers = batch.compactMap { answer($0, key: key, db: db, tool: &tool) }
            return answers.isEmpty ? accepted() : Self.json(.array(answers), tool: tool)
        }
        guard let single = answer(parsed, key: key, db: db, tool: &tool) else { return accepted() }
        return Self.json(single, tool: tool)
    }

    /// The response to one message, nil for a notification.
    private func answer(_ value: JSONValue, key: APIKeyRecord, db: Database, tool: inout String?) -> JSONValue? {
        let message: JSONRPC.Message
        switch JSONRPC.message(value) {
        case .success(let m): message = m
        case .failure(let answer): return answer.response
        }
        let result: Result<JSONValue, JSONRPC.Answer>
        switch message.method {
        case "initialize": result = .success(initialize(message.params))
        case "ping": result = .success(.object([]))
        case "tools/list": result = .success(.object([("tools", tools.catalog)]))
        case "tools/call": result = callTool(message, key: key, db: db, tool: &tool)
        default:
            if message.method.hasPrefix("notifications/") { return nil }
            result = .failure(JSONRPC.Answer(JSONRPC.error(id: message.id ?? .null, JSONRPC.methodNotFound, "Method not found: \(message.method)")))
        }
        guard let id = message.id else { return nil }
        return result.answer(id: id)
    }

    /// `tools/call` in either revision: the tool's result (an API failure is a result with
    /// `isError`), or the JSON-RPC error a malformed call or an unknown tool gets.
    func callTool(_ message: JSONRPC.Message, key: APIKeyRecord, db: Database, tool: inout String?) -> Result<JSONValue, JSONRPC.Answer> {
        let id = message.id ?? .null
        guard case .string(let name)? = message.params["name"] else {
            return .failure(JSONRPC.Answer(JSONRPC.error(id: id, JSONRPC.invalidParams, "params.name must be a tool name")))
        }
        var arguments = JSONObject()
        switch message.params["arguments"] {
        case nil, .null?: break
        case .object(let object)?: arguments = object
        default:
            return .failure(JSONRPC.Answer(JSONRPC.error(id: id, JSONRPC.invalidParams, "params.arguments must be an object")))
        }
        guard tools.has(name) else {
            return .failure(JSONRPC.Answer(JSONRPC.error(id: id, JSONRPC.invalidParams, "Unknown tool: \(name)")))
        }
        tool = name
        return .success(tools.call(name, arguments: arguments, key: key, db: db))
    }

    static let serverInfo: JSONValue = .object([
        ("name", "activitysmith-mock"), ("title", "ActivitySmith (mock)"),
        ("version", .string(MockServer.version))
    ])
    static let capabilities: JSONValue = .object([("tools", .object([("listChanged", false)]))])
    static let instructions: JSONValue =
        "The ActivitySmith MCP server, mocked: every tool acts on the mock's state, which the REST API, /_mock/ and the dashboard show at once."

    /// The client's version when this server speaks it, else the newest this server speaks.
    private func initialize(_ params: JSONObject) -> JSONValue {
        let asked = params["protocolVersion"]?.stringValue ?? ""
        let version = Self.protocolVersions.contains(asked) ? asked : Self.protocolVersions.last!
        return .object([
            ("protocolVersion", .string(version)), ("capabilities", Self.capabilities),
            ("serverInfo", Self.serverInfo), ("instructions", Self.instructions)
        ])
    }

    /// A JSON-RPC answer; `X-Mock-MCP-Tool` names the tool it ran, for the journal.
    static func json(_ body: JSONValue, status: Status = 200, tool: String? = nil) -> Response {
        var response = Response.json(status, JSONWriter.encode(body))
        if let tool { response.headers.add(toolHeader, tool) }
        return response
    }

    /// Notifications only: nothing to answer.
    private func accepted() -> Response { Response(status: 202) }
}

private extension Result where Success == JSONValue, Failure == JSONRPC.Answer {
    func answer(id: JSONValue) -> JSONValue? {
        switch self {
        case .success(let value): return JSONRPC.result(id: id, value)
        case .failure(let answer): return answer.response
        }
    }
}
