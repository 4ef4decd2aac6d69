/// Size limits the parser enforces while it scans, before anything is buffered past them.
public struct ParserLimits: Sendable {
    /// Longest request line, in bytes (414 past it).
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section, in bytes (431 past it).
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields (431 past it).
    public var maxHeaderCount = 100
    /// Largest request body, decoded (413 past it, judged from Content-Length before reading).
    public var maxBodyBytes = 1024 * 1024
    /// Longest chunk-size line of a chunked body.
    public var maxChunkLineBytes = 1024

    public init() {}
}

/// A request the parser refused: the status to answer and why. The connection closes after it.
public struct HTTPError: Error, Sendable, Equatable {
    public let status: Int
    public let message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The JSON response for this error, with `Connection: close`.
    public var response: Response {
        var response = Response.jsonError(status, error: Status.reason(status), message: message)
        response.closeConnection = true
        return response
    }
}

/// What `RequestParser.next()` found in the bytes so far.
public enum ParseEvent: Sendable {
    /// The buffer holds no complete request yet.
    case needMore
    /// The head asked `Expect: 100-continue` and the body has not started: answer 100 now.
    case expectContinue
    case request(Request)
    case failure(HTTPError)
}
