import HTTPKit
import APIModel
import MockStore

/// The one way from an error to its HTTP answer: each error type says its response here, in the
/// module that knows HTTP (APIModel and MockStore know nothing of it).
extension APIError: HTTPResponseError {
    public var response: Response { Response.json(Status(status), JSONWriter.encode(json)) }
}

extension StorageError: HTTPResponseError {
    /// What a client is told about a storage failure: 507 on a full disk, 503 while the storage
    /// is read-only or the database file is gone (both retried after `Retry-After`), 500 else.
    var apiError: APIError {
        switch kind {
        case .diskFull:
            return APIError(
                status: 507, error: "Insufficient Storage",
                message: "disk full: the mock's database could not be written (\(description)); nothing of this request was applied, retry once space is freed")
        case .readOnly:
            return APIError(
                status: 503, error: "Service Unavailable",
                message: "read-only storage: the mock's database could not be written (\(description)); nothing of this request was applied")
        case .locked:
            return APIError(
                status: 503, error: "Service Unavailable",
                message: "another process holds the database's write lock (\(description)); nothing of this request was applied, retry")
        case .fileGone(let detail):
            return APIError(
                status: 503, error: "Service Unavailable",
                message: "\(detail); writes are refused until the mock restarts, reads still work")
        case .other:
            return APIError(status: 500, error: "Internal Server Error", message: "storage error: \(description)")
        }
    }

    package var response: Response {
        var response = apiError.response
        // A refused write (disk full, read-only, a file gone) is worth retrying later.
        if kind != .other { response.headers.add("Retry-After", String(StorageError.retryAfterSeconds)) }
        return response
    }
}

enum ErrorResponse {
    /// `body`'s response, or the answer the error it throws stands for.
    static func answer(_ body: () throws -> Response) -> Response {
        do {
            return try body()
        } catch {
            return of(error)
        }
    }

    /// The answer `error` stands for; anything unforeseen is a 500 naming it.
    static func of(_ error: Error) -> Response {
        (error as? HTTPResponseError)?.response ?? unforeseen(error).response
    }

    /// The API error body `error` stands for (MCP tools carry it in their result).
    static func apiError(_ error: Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as StorageError: return e.apiError
        default: return unforeseen(error)
        }
    }

    private static func unforeseen(_ error: Error) -> APIError {
        APIError(status: 500, error: "Internal Server Error", message: "\(error)")
    }
}
