import Dispatch
import Glibc
import HTTPKit
import APIModel
import MockStore

enum APIRoute {
    /// Names the properties a request carried that were accepted and dropped (comma-separated);
    /// the journal lists them as `ignored_properties`.
    static let ignoredHeader = "X-Mock-Ignored-Properties"

    /// Registers an authenticated JSON route; its errors answer through `ErrorResponse`.
    static func add(_ routes: ContractRoutes, _ operation: OperationDoc, context: APIContext, _ handler: @escaping APIHandler) {
        let schema = operation.body
        routes.addAsync(operation) { request, respond in
            do {
                let key = try context.auth.authenticate(request)
                perform(try handler(request, key), context: context, answerOn: request.connectionQueue, respond)
            } catch let error as APIError {
                respond(ErrorResponse.of(schema.map { hinted(error, schema: $0) } ?? error))
            } catch {
                respond(ErrorResponse.of(error))
            }
        }
    }

    /// `mesage is not a known property` gains `; did you mean message?` from the route's published
    /// request schema (the one place that lists every property a body may have).
    private static func hinted(_ error: APIError, schema: JSONValue) -> APIError {
        let marker = " is not a known property"
        guard error.status == 400, let message = error.message, message.hasSuffix(marker) else { return error }
        let field = String(message.dropLast(marker.count))
        guard let name = SchemaProperties.suggestion(forUnknown: field, in: schema, components: requestSchemas) else { return error }
        return APIError(status: error.status, error: error.error, message: "\(message); did you mean \(name)?", extra: error.extra)
    }

    /// The request schemas by name, built once.
    private static let requestSchemas = Dictionary(RequestSchemas.components, uniquingKeysWith: { a, _ in a })

    /// - Parameter queue: where a write's answer is built (encoded, journalled) once the store's
    ///   writer committed its batch: the request's connection queue, so that the writer, which
    ///   every write waits for, only hands results back. Nil: on the writer (a request not from
    ///   a socket).
    private static func perform(
        _ work: APIWork, context: APIContext, answerOn queue: DispatchQueue?, _ respond: @escaping @Sendable (Response) -> Void
    ) {
        switch work {
        case .answer(let body):
            respond(Response.json(200, JSONWriter.encode(body)))
        case .write(let job):
            // Answered only after the batch holding this job committed.
            let caller = pthread_self()
            context.store.submit(job) { result in
                let answer: @Sendable () -> Void = {
                    switch result {
                    case .success(let body): respond(Response.json(200, JSONWriter.encode(body)))
                    case .failure(let error): respond(ErrorResponse.of(error))
                    }
                }
                // Still on the caller's thread: the store ran the job inline, inside this
                // responder (one client at a time), so the answer is given in place.
                if let queue, pthread_equal(pthread_self(), caller) == 0 { queue.async(execute: answer) } else { answer() }
            }
        case .noting(let ignored, let inner):
            perform(inner, context: context, answerOn: queue) { response in
                var response = response
                response.headers.add(ignoredHeader, ignored.joined(separator: ","))
                respond(response)
            }
        }
    }
}
