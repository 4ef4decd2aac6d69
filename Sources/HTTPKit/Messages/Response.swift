/// An HTTP response: status, headers and a body held in memory.
public struct Response: Sendable {
    public var status: Status
    public var headers: Headers
    public var body: [UInt8]
    /// Close the connection after this response, whatever the request asked.
    public var closeConnection: Bool = false
    /// Drop the connection without writing anything (fault injection).
    public var dropConnection: Bool = false
    /// A streaming response: the head goes out (chunked), then `stream` is called, off the I/O
    /// queue, with the stream to write to. `body` is ignored. The connection serves nothing else.
    public var stream: (@Sendable (ResponseStream) -> Void)?

    public init(status: Status, headers: Headers = Headers(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response from already-encoded bytes.
    public static func json(_ status: Status, _ body: [UInt8]) -> Response {
        var headers = Headers()
        headers.add("Content-Type", "application/json")
        return Response(status: status, headers: headers, body: body)
    }

    /// A JSON error `{"error": ..., "message": ...}` built without any JSON library.
    public static func jsonError(_ status: Status, error: String, message: String) -> Response {
        let text = "{\"error\":\(JSONText.quote(error)),\"message\":\(JSONText.quote(message))}"
        return json(status, Array(text.utf8))
    }

    public static func text(_ status: Status, _ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        var headers = Headers()
        headers.add("Content-Type", contentType)
        return Response(status: status, headers: headers, body: Array(text.utf8))
    }
}

/// Minimal JSON string quoting, so HTTPKit's own errors need no JSON dependency.
public enum JSONText {
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }
}
