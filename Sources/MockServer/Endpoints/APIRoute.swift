import HTTPKit
import APIModel
import MockStore

enum APIRoute {
    /// Names the properties a request carried that were accepted and dropped (comma-separated);
    /// the journal lists them as `ignored_properties`.
    static let ignoredHeader = "X-Mock-Ignored-Properties"

    /// Registers an authenticated JSON route; its errors answer through `ErrorResponse`.
    static func add(_ routes: RouteGroup, _ method: Method, _ path: String, context: APIContext, _ handler: @escaping APIHandler) {
        routes.addAsync(method, path) { request, respond in
            do {
                let key = try context.auth.authenticate(request)
                perform(try handler(request, key), context: context, respond)
            } catch {
                respond(ErrorResponse.of(error))
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
                case .failure(let error): respond(ErrorResponse.of(error))
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
}
