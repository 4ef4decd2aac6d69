/// Routes, their groups and the steps around them, collected while a server is wired (on one
/// thread); `buildResponder()` freezes them into the immutable `RouterResponder` that serves.
/// Model: Hummingbird 2's `RouterBuilder.buildResponder()`.
///
///     let builder = RouterBuilder()
///     builder.middleware = [log]                                   // every request, routed or not
///     let api = builder.group(mounts: ["", "/api"], [journal])     // /x and /api/x are one route
///     let admin = builder.group("/_mock", [requireToken])          // answers /_mock/…
///     let responder = builder.buildResponder()
public final class RouterBuilder {
    public typealias Handler = @Sendable (Request) -> Response

    private(set) var routes: [RouterResponder.Route] = []
    private(set) var areas: [RouterResponder.Area] = []
    /// Steps every request passes, whether a route matches or not, the first outermost.
    public var middleware: [Middleware] = []
    /// Answer for a path no route knows, outside every group (a group may have its own).
    public var notFound: Handler = { request in
        Response.jsonError(404, error: "Not Found", message: "no route for \(request.method) \(request.path)")
    }

    public init() {}

    /// A synchronous route at the root, behind no group's steps. Its handler may block: it runs on
    /// `HandlerQueue.shared`.
    public func add(_ method: Method, _ pattern: String, _ handler: @escaping Handler) {
        addAsync(method, pattern, RouterBuilder.onHandlerQueue(handler))
    }

    /// A route at the root answered through its callback, on the connection's I/O queue (it must
    /// not block: hand blocking work to another queue).
    public func addAsync(_ method: Method, _ pattern: String, _ responder: @escaping Responder) {
        append(method, pattern, mounts: [""], area: nil, responder)
    }

    /// Routes under `prefix`, each behind `steps` (the first outermost), answering under every
    /// mount (`["", "/api"]`: `/x` and `/api/x` are the same route, `Request.routePath` is `/x`).
    /// A request under the group's prefix that no route takes gets its 404 or 405 behind the
    /// same steps, from `notFound` or the builder's.
    public func group(
        _ prefix: String = "", mounts: [String] = [""], _ steps: [Middleware] = [],
        notFound: Handler? = nil
    ) -> RouteGroup {
        let start = Self.segments(prefix)
        let claims = mounts.map(Self.segments).map { (start: $0 + start, mount: $0.count) }
        areas.append(RouterResponder.Area(claims: claims, steps: steps, notFound: notFound))
        return RouteGroup(builder: self, area: areas.count - 1, prefix: prefix, mounts: mounts, steps: steps)
    }

    func append(_ method: Method, _ pattern: String, mounts: [String], area: Int?, _ responder: @escaping Responder) {
        routes.append(
            RouterResponder.Route(
                method: method, pattern: PathPattern(pattern),
                mounts: mounts.map(Self.segments), area: area, responder: responder))
    }

    /// Every registered route as (method, pattern without its mount), in registration order.
    public var routeList: [(method: Method, pattern: String)] {
        routes.map { ($0.method, $0.pattern.description) }
    }

    /// The routes as they stand, frozen: later additions do not reach this responder. Two routes
    /// answering the same method at the same path (parameter names aside) under a shared mount are
    /// a wiring mistake: the second could never be reached, so the build refuses them.
    public func buildResponder() throws(RouteConflict) -> RouterResponder {
        var seen: Set<String> = []
        for route in routes {
            for mount in route.mounts {
                let path = (mount.map(String.init) + route.pattern.shape).joined(separator: "/")
                guard seen.insert("\(route.method) /\(path)").inserted else {
                    throw RouteConflict(method: route.method, pattern: route.pattern.description)
                }
            }
        }
        return RouterResponder(routes: routes, areas: areas, middleware: middleware, notFound: notFound)
    }

    /// `handler` as a responder that runs it on `HandlerQueue.shared`.
    public static func onHandlerQueue(_ handler: @escaping Handler) -> Responder {
        { request, respond in HandlerQueue.shared.async { respond(handler(request)) } }
    }

    static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
