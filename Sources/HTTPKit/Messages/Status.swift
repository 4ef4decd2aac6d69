/// An HTTP status code with its reason phrase. Written as an integer literal (`200`), compared
/// and ordered by its code.
public struct Status: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public let code: Int

    public init(_ code: Int) { self.code = code }
    public init(rawValue: Int) { code = rawValue }
    public init(integerLiteral value: Int) { code = value }

    public var rawValue: Int { code }
    public var description: String { String(code) }

    public static func < (a: Status, b: Status) -> Bool { a.code < b.code }

    /// The reason phrase sent on the status line.
    public var reason: String {
        switch code {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        case 507: return "Insufficient Storage"
        default: return "Status \(code)"
        }
    }

    /// Responses that never carry a body (RFC 9110 §6.4.1).
    var forbidsBody: Bool { code < 200 || code == 204 || code == 304 }
}
