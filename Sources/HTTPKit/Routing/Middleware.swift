/// One step of a request pipeline: it sees the request, may answer it itself, or hands it to
/// `next` and sees (and may change) the response on its way back.
///
/// Answers flow through callbacks, like `Responder`, so a step never blocks a connection's
/// queue: it must call `respond` exactly once, or `next` once and pass its answer on.
public struct Middleware: Sendable {
    public typealias Respond = @Sendable (Response) -> Void
    public let handle: @Sendable (_ request: Request, _ next: @escaping Responder, _ respond: @escaping Respond) -> Void

    public init(_ handle: @escaping @Sendable (_ request: Request, _ next: @escaping Responder, _ respond: @escaping Respond) -> Void) {
        self.handle = handle
    }

    /// A step that only looks at each answered request (logging, counting): it changes nothing.
    public static func observing(_ observe: @escaping @Sendable (Request, Response) -> Void) -> Middleware {
        Middleware { request, next, respond in
            next(request) { response in
                observe(request, response)
                respond(response)
            }
        }
    }

    /// `responder` behind `steps`, the first step outermost (it sees the request first and the
    /// response last).
    public static func chain(_ steps: [Middleware], around responder: @escaping Responder) -> Responder {
        steps.reversed().reduce(responder) { inner, step in
            { request, respond in step.handle(request, inner, respond) }
        }
    }
}
