import HTTPKit
import APIModel
import MockStore

/// Everything under `/_mock/` (behind the admin guard, its 404s too) plus `/`, `/openapi.json`
/// and `/favicon.ico`, open to all. Not under `/api`.
enum ControlPlane {
    static func register(on builder: RouterBuilder, contract: Contract, server: MockServer, faults: FaultBook, admin: AdminGuard) {
        let store = server.store, clock = server.context.clock, feed = server.feed
        let routes = ContractRoutes(builder.group("/_mock", [admin.middleware]), prefix: "/_mock", contract: contract)
        let root = ContractRoutes(root: builder, contract: contract)
        JournalRoutes(store: store, retention: server.configuration.journalRetention, waiters: server.journalWaiters).register(on: routes)
        StateRoutes(store: store, clock: clock).register(on: routes)
        DeviceRoutes(store: store, clock: clock).register(on: routes)
        StreamRoutes(store: store, clock: clock).register(on: routes)
        ControlRoute.add(routes, ControlDocs.listFaults) { _ in .object([("faults", faults.list())]) }
        ControlRoute.add(routes, ControlDocs.armFault) { request in try faults.arm(request) }
        ControlRoute.add(routes, ControlDocs.clearFaults) { _ in .object([("cleared", .int(Int64(faults.clear())))]) }
        ResetRoutes(server: server).register(on: routes)
        AccountRoutes(server: server).register(on: routes)
        TapRoutes(store: store, webhooks: server.webhooks).register(on: routes)
        DashboardRoutes(store: store, clock: clock, feed: feed).register(on: routes)
        ClockAndHealthRoutes(server: server).register(on: routes)
        // Open without the admin token: the bare address lands on the dashboard (first contact),
        // and the route list is no secret.
        root.add(ControlDocs.root) { request in
            var response = Response(status: 302)
            let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) } ?? ""
            response.headers.add("Location", "/_mock/ui" + query)
            return response
        }
        root.add(ControlDocs.favicon) { _ in
            var response = Response(status: 200, body: DashboardAssets.favicon)
            response.headers.add("Content-Type", "image/svg+xml")
            response.headers.add("Cache-Control", "max-age=86400")
            return response
        }
        // Every route is registered by now: the document is written once.
        let document = JSONWriter.encode(OpenAPIDocument.build(contract.operations + [ControlDocs.openapi]))
        root.add(ControlDocs.openapi) { _ in Response.json(200, document) }
    }
}
