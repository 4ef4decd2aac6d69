/// The routes of a `RouterBuilder`, frozen: an immutable value any connection's queue reads.
///
/// A request's path is split once. A route without parameters is found with one hash lookup; the
/// others by the first match, shorter mounts first, then registration order. A path no route
/// takes is answered 404 (or 405 with `Allow`) behind the steps of the group it falls under.
public struct RouterResponder: Sendable {
    struct Route: Sendable {
        let method: Method
        let pattern: PathPattern
        let mounts: [[Substring]]
        /// The group that registered it (its steps are already chained into `responder`).
        let area: Int?
        let responder: Responder
    }

    /// A group's share of the path space: where its 404s and 405s are answered.
    struct Area: Sendable {
        /// The path starts it claims, one per mount (mount and prefix), with the mount's length.
        let claims: [(start: [Substring], mount: Int)]
        let steps: [Middleware]
        let notFound: RouterBuilder.Handler?
    }

    private let serve: Responder

    init(routes: [Route], areas: [Area], middleware: [Middleware], notFound: @escaping RouterBuilder.Handler) {
        let table = RouteTable(routes: routes, areas: areas, notFound: notFound)
        serve = Middleware.chain(middleware, around: table.route)
    }

    /// Answers `request` through `respond`, exactly once.
    public func respond(to request: Request, _ respond: @escaping @Sendable (Response) -> Void) {
        serve(request, respond)
    }

    /// The responder to hand to `HTTPServer`.
    public var responder: Responder { serve }
}

/// Finding a request's route: the table behind `RouterResponder`.
private struct RouteTable: Sendable {
    typealias Route = RouterResponder.Route
    typealias Area = RouterResponder.Area

    /// One route under one of its mounts.
    struct Entry: Sendable {
        let route: Int
        let mount: [Substring]
    }

    let routes: [Route]
    let areas: [Area]
    let entries: [Entry]
    /// "METHOD /exact/path" → the entry the general match would choose, for routes without
    /// parameters, with the path under its mount (fixed too, so not split per request).
    let exact: [String: (entry: Int, mountedPath: String?)]
    let notFound: RouterBuilder.Handler

    init(routes: [Route], areas: [Area], notFound: @escaping RouterBuilder.Handler) {
        self.routes = routes
        self.areas = areas
        self.notFound = notFound
        let byMount = routes.indices.flatMap { index in routes[index].mounts.map { Entry(route: index, mount: $0) } }
        let entries = byMount.enumerated().sorted { ($0.element.mount.count, $0.offset) < ($1.element.mount.count, $1.offset) }.map(\.element)
        self.entries = entries
        var table: [String: (entry: Int, mountedPath: String?)] = [:]
        for (index, entry) in entries.enumerated() where !routes[entry.route].pattern.hasParameters {
            let route = routes[entry.route]
            let parts = entry.mount + route.pattern.literals.map { Substring($0) }
            // Only where the general match picks this very entry (an earlier pattern may win).
            if Self.firstMatch(route.method, parts, entries, routes)?.entry == index {
                let mounted = entry.mount.isEmpty ? nil : "/" + route.pattern.literals.joined(separator: "/")
                table[route.method.rawValue + " /" + parts.joined(separator: "/")] = (index, mounted)
            }
        }
        exact = table
    }

    func route(_ request: Request, _ respond: @escaping @Sendable (Response) -> Void) {
        if let (index, mountedPath) = exact[request.method.rawValue + " " + request.path] {
            var routed = request
            if let mountedPath { routed.mountedPath = mountedPath }
            routes[entries[index].route].responder(routed, respond)
            return
        }
        let parts = RouterBuilder.segments(request.path)
        if let (index, parameters) = Self.firstMatch(request.method, parts, entries, routes) {
            let entry = entries[index]
            var routed = request
            routed.parameters = parameters
            if !entry.mount.isEmpty { routed.mountedPath = Self.path(parts.dropFirst(entry.mount.count)) }
            routes[entry.route].responder(routed, respond)
            return
        }
        unmatched(request, parts, respond)
    }

    /// 405 when another method has a route here (behind that route's group), else 404 behind the
    /// group whose mount and prefix are the longest start of the path.
    private func unmatched(_ request: Request, _ parts: [Substring], _ respond: @escaping @Sendable (Response) -> Void) {
        var allowed: [Method] = []
        var owner: (area: Int?, mount: Int)?
        for entry in entries {
            let route = routes[entry.route]
            guard parts.count == entry.mount.count + route.pattern.segments.count, parts.starts(with: entry.mount),
                route.pattern.match(parts.dropFirst(entry.mount.count)) != nil
            else { continue }
            if owner == nil { owner = (route.area, entry.mount.count) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        var area: Int?
        var mount = 0
        if let (owner, ownerMount) = owner {
            (area, mount) = (owner, ownerMount)
        } else {
            var longest = -1
            for (index, candidate) in areas.enumerated() {
                for claim in candidate.claims where claim.start.count > longest && parts.starts(with: claim.start) {
                    (longest, area, mount) = (claim.start.count, index, claim.mount)
                }
            }
        }
        var routed = request
        if mount > 0 { routed.mountedPath = Self.path(parts.dropFirst(mount)) }
        let fallback = area.flatMap { areas[$0].notFound } ?? notFound
        let answer: Responder = { [allowed] request, respond in
            var allowed = allowed
            guard !allowed.isEmpty else {
                respond(fallback(request))
                return
            }
            if allowed.contains(.get) && !allowed.contains(.head) { allowed.append(.head) }
            var response = Response.jsonError(
                405, error: "Method Not Allowed",
                message: "\(request.method) is not allowed on \(request.path)")
            response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            respond(response)
        }
        Middleware.chain(area.map { areas[$0].steps } ?? [], around: answer)(routed, respond)
    }

    /// The first entry, in mount then registration order, whose pattern and method match.
    private static func firstMatch(
        _ method: Method, _ parts: [Substring], _ entries: [Entry],
        _ routes: [Route]
    ) -> (entry: Int, parameters: [String: String])? {
        for (index, entry) in entries.enumerated() {
            let route = routes[entry.route]
            guard route.method == method || (method == .head && route.method == .get),
                parts.count == entry.mount.count + route.pattern.segments.count, parts.starts(with: entry.mount)
            else { continue }
            if let parameters = route.pattern.match(parts.dropFirst(entry.mount.count)) { return (index, parameters) }
        }
        return nil
    }

    private static func path(_ rest: ArraySlice<Substring>) -> String {
        "/" + rest.joined(separator: "/")
    }
}
