/// A request the parser refused: the status to answer and why. The connection closes after it.
public struct HTTPError: Error, Sendable, Equatable {
    public let status: Status
    public let message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The JSON response for this error, with `Connection: close`.
    public var response: Response {
        var response = Response.jsonError(status, error: status.reason, message: message)
        response.closeConnection = true
        return response
    }
}
