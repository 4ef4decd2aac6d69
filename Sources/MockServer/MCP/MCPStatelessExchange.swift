import HTTPKit
import APIModel
import MockStore

/// MCP's stateless revision (2026-07-28): no `initialize` handshake and no session. Each POST is
/// one self-contained request whose `params._meta` carries the protocol version and the client's
/// capabilities, mirrored in the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers.
/// Every result says `resultType: "complete"` and names this server in `_meta`; an error's code
/// picks the HTTP status. The checks run in the order of the official SDKs' request ladder, so a
/// client that disagrees with itself hears that before it hears its version is unknown.
struct MCPStatelessExchange {
    /// Stateless revisions this server speaks.
    static let versions = ["2026-07-28"]
    static let headerMismatch = -32020
    static let unsupportedVersion = -32022
    static let versionKey = "io.modelcontextprotocol/protocolVersion"
    static let capabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    static let serverInfoKey = "io.modelcontextprotocol/serverInfo"
    /// The headers that route a request; each must appear at most once.
    static let routingHeaders = ["MCP-Protocol-Version", "Mcp-Method", "Mcp-Name"]

    let route: MCPRoute

    func handle(_ request: Request, key: APIKeyRecord, db: Database) -> Response {
        let parsed: JSONValue
        switch JSONRPC.parse(request.body) {
        case .success(let value): parsed = value
        case .failure(let answer): return reply(answer.response!)
        }
        if case .array = parsed {
            return reply(
                JSONRPC.error(
                    id: .null, JSONRPC.invalidRequest,
                    "a batch is not allowed at \(Self.versions.last!): the body must be a single JSON-RPC request or notification object"))
        }
        let message: JSONRPC.Message
        switch JSONRPC.message(parsed) {
        case .success(let m): message = m
        case .failure(let answer):
            return reply(
                answer.response ?? JSONRPC.error(id: .null, JSONRPC.invalidRequest, "the body must be a single JSON-RPC request or notification object"))
        }
        let version = request.headers["MCP-Protocol-Version"] ?? ""
        guard let id = message.id else {
            // No client-to-server notification means anything here; a served version is acknowledged.
            if let unsupported = unsupported(version, id: .null) { return reply(unsupported) }
            return Response(status: 202)
        }
        if let refusal = ladder(message, id: id, headers: request.headers) { return reply(refusal) }
        var tool: String?
        let result: Result<JSONValue, JSONRPC.Answer>
        switch message.method {
        case "server/discover": result = .success(discover)
        case "tools/list": result = .success(cacheable([("tools", route.tools.catalog)]))
        case "tools/call": result = route.callTool(message, key: key, db: db, tool: &tool)
        default:
            // `initialize` and `ping` belong to the handshake revisions only.
            result = .failure(
                JSONRPC.Answer(
                    JSONRPC.error(
                        id: id, JSONRPC.methodNotFound, "Method not found: \(message.method)",
                        data: .string(message.method))))
        }
        switch result {
        case .success(let value): return reply(JSONRPC.result(id: id, stamped(value)), tool: tool)
        case .failure(let answer): return reply(answer.response ?? .null, tool: tool)
        }
    }

    /// The first check a request fails, as its error answer; nil when it may be served.
    private func ladder(_ message: JSONRPC.Message, id: JSONValue, headers: Headers) -> JSONValue? {
        for name in Self.routingHeaders where headers.values(for: name).count > 1 {
            return JSONRPC.error(id: id, Self.headerMismatch, "the \(name) header appears more than once")
        }
        guard case .object(let meta)? = message.params["_meta"] else {
            return JSONRPC.error(
                id: id, JSONRPC.invalidParams, "params._meta must be an object carrying \"\(Self.versionKey)\" and \"\(Self.capabilitiesKey)\"")
        }
        let missing = [Self.versionKey, Self.capabilitiesKey].filter { meta[$0] == nil }
        if !missing.isEmpty {
            return JSONRPC.error(id: id, JSONRPC.invalidParams, "params._meta is missing \(missing.map { "\"\($0)\"" }.joined(separator: " and "))")
        }
        guard let header = headers["MCP-Protocol-Version"], meta[Self.versionKey] == .string(header) else {
            return JSONRPC.error(id: id, Self.headerMismatch, "the MCP-Protocol-Version header does not match params._meta[\"\(Self.versionKey)\"]")
        }
        guard headers["Mcp-Method"] == message.method else {
            return JSONRPC.error(id: id, Self.headerMismatch, "the Mcp-Method header does not match the method \"\(message.method)\"")
        }
        if message.method == "tools/call", let name = message.params["name"], name != .null,
            Self.decodeHeaderValue(headers["Mcp-Name"]).map(JSONValue.string) != name
        {
            return JSONRPC.error(id: id, Self.headerMismatch, "the Mcp-Name header does not match params.name")
        }
        return unsupported(header, id: id)
    }

    /// The -32022 answer naming the versions spoken, or nil when `version` is one of them.
    private func unsupported(_ version: String, id: JSONValue) -> JSONValue? {
        guard !Self.versions.contains(version) else { return nil }
        let data: JSONValue = .object([("supported", .array(Self.versions.map(JSONValue.string))), ("requested", .string(version))])
        return JSONRPC.error(id: id, Self.unsupportedVersion, "Unsupported protocol version", data: data)
    }

    private var discover: JSONValue {
        cacheable([
            ("supportedVersions", .array(Self.versions.map(JSONValue.string))), ("capabilities", MCPRoute.capabilities),
            ("instructions", MCPRoute.instructions)
        ])
    }

    /// A result clients may cache: never reused here, as the mock's state changes under it.
    private func cacheable(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members + [("ttlMs", 0), ("cacheScope", "private")])
    }

    /// Every result of this revision says it is complete and which server gave it.
    private func stamped(_ result: JSONValue) -> JSONValue {
        guard case .object(var object) = result else { return result }
        object["resultType"] = "complete"
        var meta = object["_meta"]?.objectValue ?? JSONObject()
        meta[Self.serverInfoKey] = MCPRoute.serverInfo
        object["_meta"] = .object(meta)
        return .object(object)
    }

    /// HTTP status by JSON-RPC error code, as the revision's transport assigns them.
    private func reply(_ body: JSONValue, tool: String? = nil) -> Response {
        var status: Status = 200
        if case .int(let code)? = body["error"]?["code"] {
            switch Int(code) {
            case JSONRPC.methodNotFound: status = 404
            case JSONRPC.parseError, JSONRPC.invalidRequest, JSONRPC.invalidParams, Self.headerMismatch, -32021, Self.unsupportedVersion:
                status = 400
            default: break
            }
        }
        return MCPRoute.json(body, status: status, tool: tool)
    }

    /// A header value as sent: verbatim, or UTF-8 inside the `=?base64?…?=` wrapper clients use for
    /// values a header cannot carry. A malformed or non-canonical wrapper reads as nil.
    static func decodeHeaderValue(_ value: String?) -> String? {
        guard let value, value.hasPrefix("=?base64?"), value.hasSuffix("?="), value.count >= 11 else { return value }
        let payload = String(value.dropFirst(9).dropLast(2))
        guard let bytes = Base64.decode(payload) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
