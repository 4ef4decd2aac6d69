import HTTPKit
import APIModel

/// What every endpoint needs: the store, auth, time, ids and the configured limits.
struct APIContext: Sendable {
    let store: Store
    let auth: Authenticator
    let clock: MockClock
    let ids: IDGenerator
    /// Concurrent Live Activities per device; 0 disables the limit.
    let liveActivityLimit: Int
    /// Rate limit and billing gates.
    let policy: AccountPolicy
}

/// An authenticated API handler: returns the success body or throws an `APIError`.
typealias APIHandler = @Sendable (Request, APIKeyRecord) throws -> JSONValue

enum APIRoute {
    /// Registers an authenticated JSON route; this is the one place errors become HTTP responses.
    static func add(_ router: Router, _ method: String, _ path: String, context: APIContext, _ handler: @escaping APIHandler) {
        router.add(method, path) { request in
            do {
                let key = try context.auth.authenticate(request)
                return Response.json(200, JSONWriter.encode(try handler(request, key)))
            } catch {
                return errorResponse(error)
            }
        }
    }

    static func errorResponse(_ error: Error) -> Response {
        let apiError: APIError
        switch error {
        case let e as APIError: apiError = e
        case let e as StorageError: apiError = e.apiError
        default: apiError = APIError(status: 500, error: "Internal Server Error", message: "\(error)")
        }
        return Response.json(apiError.status, JSONWriter.encode(apiError.json))
    }
}
