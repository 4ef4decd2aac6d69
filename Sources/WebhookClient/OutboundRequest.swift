/// One HTTP request the mock sends out (a webhook delivery), and how to send it.
public struct OutboundRequest: Sendable, Equatable {
    public enum Method: String, Sendable {
        case GET, POST
    }

    public var method: Method
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Headers besides those curl derives itself (`Host`, `Content-Length`).
    public var headers: [(name: String, value: String)]
    /// Sent as is with `POST`; nil sends an empty body.
    public var body: [UInt8]?

    public init(method: Method, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.method == b.method && a.url == b.url && a.body == b.body
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }
}

/// How a request is sent: bounds and trust.
public struct OutboundSettings: Sendable {
    /// The whole exchange, connection included, in seconds.
    public var timeoutSeconds: Double = 10
    /// Bytes of the answer's body kept; the transfer stops there and the answer is marked truncated.
    public var bodyCap = 64 * 1024
    /// A PEM file of certificates trusted besides the system's store.
    public var extraCAFile: String?

    public init() {}
}
