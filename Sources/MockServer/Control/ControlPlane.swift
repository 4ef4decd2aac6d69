import HTTPKit
import APIModel
import MockStore

/// Everything under `/_mock/` (behind the admin guard, its 404s too) plus `/`, `/openapi.json`
/// and `/favicon.ico`, open to all. Not under `/api`.
enum ControlPlane {
    static func register(on builder: RouterBuilder, server: MockServer, faults: FaultBook, admin: AdminGuard) {
        let store = server.store, clock = server.context.clock, feed = server.feed
        let routes = builder.group("/_mock", [admin.middleware])
        JournalRoutes(store: store, retention: server.configuration.journalRetention, waiters: server.journalWaiters).register(on: routes)
        StateRoutes(store: store, clock: clock).register(on: routes)
        DeviceRoutes(store: store, clock: clock).register(on: routes)
        StreamRoutes(store: store, clock: clock).register(on: routes)
        ControlRoute.add(routes, .get, "/faults") { _ in .object([("faults", faults.list())]) }
        ControlRoute.add(routes, .post, "/faults") { request in try faults.arm(request) }
        ControlRoute.add(routes, .delete, "/faults") { _ in .object([("cleared", .int(Int64(faults.clear())))]) }
        ResetRoutes(server: server).register(on: routes)
        AccountRoutes(server: server).register(on: routes)
        TapRoutes(store: store, webhooks: server.webhooks).register(on: routes)
        DashboardRoutes(store: store, clock: clock, feed: feed).register(on: routes)
        ClockAndHealthRoutes(server: server).register(on: routes)
        // Open without the admin token: the bare address lands on the dashboard (first contact),
        // and the route list is no secret.
        builder.add(.get, "/") { request in
            var response = Response(status: 302)
            let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) } ?? ""
            response.headers.add("Location", "/_mock/ui" + query)
            return response
        }
        builder.add(.get, "/favicon.ico") { _ in
            var response = Response(status: 200, body: DashboardAssets.favicon)
            response.headers.add("Content-Type", "image/svg+xml")
            response.headers.add("Cache-Control", "max-age=86400")
            return response
        }
        // Every route is registered by now: the document is written once.
        let document = JSONWriter.encode(OpenAPIDocument.build(routes: builder.routeList + [(.get, "/openapi.json")]))
        builder.add(.get, "/openapi.json") { _ in Response.json(200, document) }
    }
}
