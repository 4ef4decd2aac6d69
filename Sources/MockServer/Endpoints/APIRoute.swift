import HTTPKit
import APIModel
import MockStore

enum APIRoute {
    /// Names the properties a request carried that were accepted and dropped (comma-separated);
    /// the journal lists them as `ignored_properties`.
    static let ignoredHeader = "X-Mock-Ignored-Properties"

    /// Registers an authenticated JSON route; this is the one place errors become HTTP responses.
    static func add(_ router: Router, _ method: Method, _ path: String, context: APIContext, _ handler: @escaping APIHandler) {
        router.addAsync(method, path) { request, respond in
            do {
                let key = try context.auth.authenticate(request)
                perform(try handler(request, key), context: context, respond)
            } catch {
                respond(errorResponse(error))
            }
        }
    }

    private static func perform(_ work: APIWork, context: APIContext, _ respond: @escaping @Sendable (Response) -> Void) {
        switch work {
        case .answer(let body):
            respond(Response.json(200, JSONWriter.encode(body)))
        case .write(let job):
            // Answered only after the batch holding this job committed.
            context.store.submit(job) { result in
                switch result {
                case .success(let body): respond(Response.json(200, JSONWriter.encode(body)))
                case .failure(let error): respond(errorResponse(error))
                }
            }
        case .noting(let ignored, let inner):
            perform(inner, context: context) { response in
                var response = response
                response.headers.add(ignoredHeader, ignored.joined(separator: ","))
                respond(response)
            }
        }
    }

    /// The API error any error stands for.
    static func apiError(_ error: Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as StorageError: return e.apiError
        default: return APIError(status: 500, error: "Internal Server Error", message: "\(error)")
        }
    }

    static func errorResponse(_ error: Error) -> Response {
        let apiError = apiError(error)
        var response = Response.json(Status(apiError.status), JSONWriter.encode(apiError.json))
        // A refused write (disk full, read-only, a file gone) is worth retrying later.
        if error is StorageError, apiError.status == 503 || apiError.status == 507 {
            response.headers.add("Retry-After", String(StorageError.retryAfterSeconds))
        }
        return response
    }
}
