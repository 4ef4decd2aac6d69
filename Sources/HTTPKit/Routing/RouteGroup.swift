/// Routes that share a path prefix and the middleware around them, registered on one router.
///
///     let admin = router.group("/_mock", [requireToken])
///     admin.add(.get, "/requests") { … }        // answers GET /_mock/requests, behind requireToken
public struct RouteGroup: Sendable {
    private let router: Router
    private let prefix: String
    private let steps: [Middleware]

    init(router: Router, prefix: String, steps: [Middleware]) {
        self.router = router
        self.prefix = prefix
        self.steps = steps
    }

    /// A nested group: prefixes join, and its steps run inside this group's.
    public func group(_ prefix: String, _ steps: [Middleware] = []) -> RouteGroup {
        RouteGroup(router: router, prefix: self.prefix + prefix, steps: self.steps + steps)
    }

    /// A synchronous route (it may block; it runs on `HandlerQueue.shared`).
    public func add(_ method: Method, _ pattern: String, _ handler: @escaping Router.Handler) {
        router.addAsync(method, prefix + pattern, Middleware.chain(steps, around: { request, respond in
            HandlerQueue.shared.async { respond(handler(request)) }
        }))
    }

    /// A route answered through its callback, on the connection's I/O queue (it must not block).
    public func addAsync(_ method: Method, _ pattern: String, _ responder: @escaping Responder) {
        router.addAsync(method, prefix + pattern, Middleware.chain(steps, around: responder))
    }
}

extension Router {
    /// Routes under `prefix`, each behind `steps` (the first outermost).
    public func group(_ prefix: String = "", _ steps: [Middleware] = []) -> RouteGroup {
        RouteGroup(router: self, prefix: prefix, steps: steps)
    }
}
