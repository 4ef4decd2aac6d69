/// An error that knows the answer it stands for. Every way from an error to a response goes
/// through it: the parser's `HTTPError` here, and the errors of the layers above, which conform
/// where they know HTTP (model: Hummingbird's `HTTPResponseError`).
public protocol HTTPResponseError: Error {
    var response: Response { get }
}

extension HTTPError: HTTPResponseError {}

extension Response {
    /// No answer at all: the connection is closed (a fault that drops it).
    public static var drop: Response {
        var response = Response(status: 500)
        response.dropConnection = true
        return response
    }
}
