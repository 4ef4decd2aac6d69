/// Method + path routing with named parameters, optional mount prefixes, 404 and 405.
///
/// A route registered once answers under every mount prefix (e.g. `""` and `"/api"`).
///
/// `@unchecked Sendable`: routes are added while the server is wired, before `start()`; from the
/// first request on the table is only read.
public final class Router: @unchecked Sendable {
    public typealias Handler = @Sendable (Request) -> Response

    private struct Route {
        let method: Method
        let pattern: PathPattern
        let responder: Responder
    }

    private var routes: [Route] = []
    private let prefixes: [[Substring]]
    /// "METHOD /exact/path" → the route the general match would choose, for routes without
    /// parameters under each prefix: one hash lookup instead of splitting the path and trying
    /// every pattern. Rebuilt on every `add` (routes are added before serving).
    private var exact: [String: Int] = [:]
    /// Answer for a path no route knows.
    public var notFound: @Sendable (Request) -> Response = { request in
        Response.jsonError(404, error: "Not Found", message: "no route for \(request.method) \(request.path)")
    }

    /// - Parameter prefixes: mount points, e.g. `["", "/api"]`; the empty one means the root.
    public init(prefixes: [String] = [""]) {
        self.prefixes = prefixes.map { $0.split(separator: "/", omittingEmptySubsequences: true) }
    }

    /// Adds a synchronous route. Its handler may block: it runs on `HandlerQueue.shared`.
    public func add(_ method: Method, _ pattern: String, _ handler: @escaping Handler) {
        append(Route(method: method, pattern: PathPattern(pattern), responder: { request, respond in
            HandlerQueue.shared.async { respond(handler(request)) }
        }))
    }

    /// Adds a route that answers later through its callback. The responder runs on the
    /// connection's I/O queue, so it must not block (hand blocking work to another queue).
    public func addAsync(_ method: Method, _ pattern: String, _ responder: @escaping Responder) {
        append(Route(method: method, pattern: PathPattern(pattern), responder: responder))
    }

    private func append(_ route: Route) {
        routes.append(route)
        exact = [:]
        for (index, route) in routes.enumerated() where !route.pattern.hasParameters {
            for prefix in prefixes {
                let path = "/" + (prefix.map(String.init) + route.pattern.literals).joined(separator: "/")
                let parts = path.split(separator: "/", omittingEmptySubsequences: true)
                // Only where the general match picks this very route (an earlier pattern may win).
                if firstMatch(route.method, parts)?.index == index { exact[route.method.rawValue + " " + path] = index }
            }
        }
    }

    /// Every registered route as (method, pattern), in registration order.
    public var routeList: [(method: Method, pattern: String)] {
        routes.map { ($0.method, $0.pattern.description) }
    }

    /// The responder to hand to `HTTPServer`.
    public var responder: Responder {
        { [self] request, respond in self.route(request, respond) }
    }

    public func route(_ request: Request, _ respond: @escaping @Sendable (Response) -> Void) {
        if let index = exact[request.method.rawValue + " " + request.path] {
            routes[index].responder(request, respond)
            return
        }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true)
        if let (index, parameters) = firstMatch(request.method, parts) {
            var routed = request
            routed.parameters = parameters
            routes[index].responder(routed, respond)
            return
        }
        var allowed: [Method] = []
        for prefix in prefixes {
            guard parts.count >= prefix.count, parts.starts(with: prefix) else { continue }
            let rest = Array(parts[prefix.count...])
            for route in routes where route.pattern.match(rest) != nil && !allowed.contains(route.method) {
                allowed.append(route.method)
            }
        }
        if !allowed.isEmpty {
            if allowed.contains(.get) && !allowed.contains(.head) { allowed.append(.head) }
            var response = Response.jsonError(405, error: "Method Not Allowed",
                                               message: "\(request.method) is not allowed on \(request.path)")
            response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            respond(response)
            return
        }
        respond(notFound(request))
    }

    /// The first route, in prefix then registration order, whose pattern and method match.
    private func firstMatch(_ method: Method, _ parts: [Substring]) -> (index: Int, parameters: [String: String])? {
        for prefix in prefixes {
            guard parts.count >= prefix.count, parts.starts(with: prefix) else { continue }
            let rest = Array(parts[prefix.count...])
            for (index, route) in routes.enumerated()
            where route.method == method || (method == .head && route.method == .get) {
                if let parameters = route.pattern.match(rest) { return (index, parameters) }
            }
        }
        return nil
    }
}
