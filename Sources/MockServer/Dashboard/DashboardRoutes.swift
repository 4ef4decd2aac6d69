import HTTPKit
import APIModel
import MockStore

/// `/_mock/ui` (the page, embedded), `/_mock/ui/state` and `/_mock/events` (SSE).
struct DashboardRoutes {
    let store: Store
    let clock: MockClock
    let feed: ChangeFeed

    func register(on routes: RouteGroup) {
        // One self-contained page (styles and script inline): no external assets, works offline.
        routes.add(.get, "/ui") { [store, clock] _ in
            let state = (try? store.snapshot { try DashboardSnapshot.build($0, now: clock.nowMillis()) }) ?? .null
            var response = Response(status: 200, body: DashboardAssets.page(state: state))
            response.headers.add("Content-Type", "text/html; charset=utf-8")
            return response
        }
        ControlRoute.add(routes, .get, "/ui/state") { _ in
            try store.snapshot { try DashboardSnapshot.build($0, now: clock.nowMillis()) }
        }
        routes.add(.get, "/events") { [feed] _ in
            var response = Response(status: 200)
            response.headers.add("Content-Type", "text/event-stream")
            response.stream = { stream in feed.subscribe(stream) }
            return response
        }
    }
}
