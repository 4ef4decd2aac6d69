/// Routes that share a path prefix, mounts and the steps around them, registered on one builder.
///
///     let admin = builder.group("/_mock", [requireToken])
///     admin.add(.get, "/requests") { … }        // answers GET /_mock/requests, behind requireToken
public struct RouteGroup {
    private let builder: RouterBuilder
    private let area: Int
    private let prefix: String
    private let mounts: [String]
    private let steps: [Middleware]

    init(builder: RouterBuilder, area: Int, prefix: String, mounts: [String], steps: [Middleware]) {
        self.builder = builder
        self.area = area
        self.prefix = prefix
        self.mounts = mounts
        self.steps = steps
    }

    /// A nested group: prefixes join, and its steps run inside this group's. Its unmatched
    /// requests stay with the outer group.
    public func group(_ prefix: String, _ steps: [Middleware] = []) -> RouteGroup {
        RouteGroup(builder: builder, area: area, prefix: self.prefix + prefix, mounts: mounts, steps: self.steps + steps)
    }

    /// A synchronous route (it may block; it runs on `HandlerQueue.shared`).
    public func add(_ method: Method, _ pattern: String, _ handler: @escaping RouterBuilder.Handler) {
        addAsync(method, pattern, RouterBuilder.onHandlerQueue(handler))
    }

    /// A route answered through its callback, on the connection's I/O queue (it must not block).
    public func addAsync(_ method: Method, _ pattern: String, _ responder: @escaping Responder) {
        builder.append(method, prefix + pattern, mounts: mounts, area: area, Middleware.chain(steps, around: responder))
    }
}
