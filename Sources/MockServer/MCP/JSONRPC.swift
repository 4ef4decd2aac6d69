import APIModel

/// JSON-RPC 2.0 as MCP uses it: one request, notification or batch per POST, answers built here.
enum JSONRPC {
    static let parseError = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let invalidParams = -32602

    /// A request (with an id) or a notification (without).
    struct Message {
        let id: JSONValue?
        let method: String
        let params: JSONObject
        var isNotification: Bool { id == nil }
    }

    /// A POST's body as JSON, or the -32700 answer saying where it breaks.
    static func parse(_ body: [UInt8]) -> Result<JSONValue, Answer> {
        do {
            return .success(try JSONParser.parse(body))
        } catch {
            return .failure(Answer(self.error(id: .null, parseError, "parse error at byte \(error.offset): \(error.message)")))
        }
    }

    /// A well-formed message, or the error answer a malformed one gets. MCP's ids are strings or
    /// numbers (never null); `params`, when sent, is an object.
    static func message(_ value: JSONValue) -> Result<Message, Answer> {
        guard case .object(let object) = value else {
            return .failure(Answer(error(id: .null, invalidRequest, "a JSON-RPC message must be an object")))
        }
        var id: JSONValue?
        switch object["id"] {
        case nil: id = nil
        case .string?, .int?, .bigInteger?: id = object["id"]
        case .double(let d)? where d.rounded() == d: id = object["id"]
        case let other?:
            return .failure(Answer(error(id: .null, invalidRequest, "id must be a string or an integer, got \(other.typeName)")))
        }
        guard object["jsonrpc"] == .string("2.0") else {
            return .failure(Answer(error(id: id ?? .null, invalidRequest, "jsonrpc must be \"2.0\"")))
        }
        guard case .string(let method)? = object["method"], !method.isEmpty else {
            return .failure(Answer(error(id: id ?? .null, invalidRequest, "method must be a non-empty string")))
        }
        switch object["params"] {
        case nil: return .success(Message(id: id, method: method, params: JSONObject()))
        case .object(let params)?: return .success(Message(id: id, method: method, params: params))
        case let other?:
            // A notification gets no answer, even an error.
            if id == nil { return .failure(Answer(nil)) }
            return .failure(Answer(error(id: id!, invalidParams, "params must be an object, got \(other.typeName)")))
        }
    }

    /// What a message answers: a response object, or nothing (notifications).
    struct Answer: Error {
        let response: JSONValue?
        init(_ response: JSONValue?) { self.response = response }
    }

    static func result(id: JSONValue, _ result: JSONValue) -> JSONValue {
        .object([("jsonrpc", "2.0"), ("id", id), ("result", result)])
    }

    static func error(id: JSONValue, _ code: Int, _ message: String, data: JSONValue? = nil) -> JSONValue {
        var error = JSONObject(pairs: [("code", .int(Int64(code))), ("message", .string(message))])
        error["data"] = data
        return .object([("jsonrpc", "2.0"), ("id", id), ("error", .object(error))])
    }
}
