import HTTPKit
import APIModel
import MockStore

/// Everything under `/_mock/` plus `/openapi.json`, on its own router (no `/api` mount).
enum ControlPlane {
    static func makeRouter(server: MockServer, apiRouter: Router, faults: FaultBook, feed: ChangeFeed, admin: AdminGuard) -> Router {
        let router = Router(prefixes: [""])
        let store = server.store
        ControlRoute.add(router, "GET", "/_mock/requests", admin: admin) { request in
            var since: Int64?
            if let text = request.queryValue("since") {
                guard let ms = Timestamp.parse(text) ?? Int64(text) else { throw APIError.invalid("since must be an ISO 8601 date-time") }
                since = ms
            }
            let filter = Database.JournalFilter(
                path: request.queryValue("path"), method: request.queryValue("method")?.uppercased(),
                status: try request.queryValue("status").map { text in
                    guard let n = Int(text) else { throw APIError.invalid("status must be an integer") }
                    return n
                },
                activityID: request.queryValue("activity_id"), since: since,
                limit: try ControlRoute.intQuery(request, "limit", default: 100, range: 1...10_000))
            return .object([("requests", .array(try store.read { try $0.journal(filter) }.map(JournalJSON.entry)))])
        }
        ControlRoute.add(router, "DELETE", "/_mock/requests", admin: admin) { _ in
            let deleted = try store.write { try $0.clearJournal() }
            return .object([("deleted", .int(deleted))])
        }
        // First contact: a browser opened on the bare address lands on the dashboard.
        router.add("GET", "/") { request in
            var response = Response(status: 302)
            let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) } ?? ""
            response.headers.add("Location", "/_mock/ui" + query)
            return response
        }
        StateRoutes(store: store, admin: admin, clock: server.context.clock).register(on: router)
        DeviceRoutes(store: store, admin: admin, clock: server.context.clock).register(on: router)
        StreamRoutes(store: store, admin: admin, clock: server.context.clock).register(on: router)
        ControlRoute.add(router, "GET", "/_mock/faults", admin: admin) { _ in .object([("faults", faults.list())]) }
        ControlRoute.add(router, "POST", "/_mock/faults", admin: admin) { request in try faults.arm(request) }
        ControlRoute.add(router, "DELETE", "/_mock/faults", admin: admin) { _ in .object([("cleared", .int(Int64(faults.clear())))]) }
        ResetRoutes(server: server, admin: admin).register(on: router)
        DashboardRoutes(store: store, clock: server.context.clock, feed: feed, admin: admin).register(on: router)
        ClockAndHealthRoutes(server: server, admin: admin).register(on: router) { [apiRouter, router] in
            OpenAPIDocument.build(routes: apiRouter.routeList + router.routeList)
        }
        return router
    }

    /// True for paths the control router answers.
    static func owns(_ path: String) -> Bool {
        path == "/" || path == "/_mock" || path.hasPrefix("/_mock/") || path == "/openapi.json"
    }
}
