import HTTPKit
import APIModel
import MockStore

/// Everything under `/_mock/` (behind the admin guard) plus `/`, `/openapi.json` and `/favicon.ico`, on its own
/// router (no `/api` mount).
enum ControlPlane {
    static func makeRouter(server: MockServer, apiRouter: Router, faults: FaultBook, feed: ChangeFeed, admin: AdminGuard) -> Router {
        let router = Router(prefixes: [""])
        let store = server.store, clock = server.context.clock
        let routes = router.group("", [admin.middleware])
        JournalRoutes(store: store).register(on: routes)
        StateRoutes(store: store, clock: clock).register(on: routes)
        DeviceRoutes(store: store, clock: clock).register(on: routes)
        StreamRoutes(store: store, clock: clock).register(on: routes)
        ControlRoute.add(routes, .get, "/_mock/faults") { _ in .object([("faults", faults.list())]) }
        ControlRoute.add(routes, .post, "/_mock/faults") { request in try faults.arm(request) }
        ControlRoute.add(routes, .delete, "/_mock/faults") { _ in .object([("cleared", .int(Int64(faults.clear())))]) }
        ResetRoutes(server: server).register(on: routes)
        DashboardRoutes(store: store, clock: clock, feed: feed).register(on: routes)
        ClockAndHealthRoutes(server: server).register(on: routes)
        // Open without the admin token: the bare address lands on the dashboard (first contact),
        // and the route list is no secret.
        router.add(.get, "/") { request in
            var response = Response(status: 302)
            let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) } ?? ""
            response.headers.add("Location", "/_mock/ui" + query)
            return response
        }
        router.add(.get, "/favicon.ico") { _ in
            var response = Response(status: 200, body: DashboardAssets.favicon)
            response.headers.add("Content-Type", "image/svg+xml")
            response.headers.add("Cache-Control", "max-age=86400")
            return response
        }
        router.add(.get, "/openapi.json") { [apiRouter, router] _ in
            Response.json(200, JSONWriter.encode(OpenAPIDocument.build(routes: apiRouter.routeList + router.routeList)))
        }
        return router
    }

    /// True for paths the control router answers.
    static func owns(_ path: String) -> Bool {
        path == "/" || path == "/_mock" || path.hasPrefix("/_mock/") || path == "/openapi.json" || path == "/favicon.ico"
    }
}
