import HTTPKit
import APIModel
import MockStore

/// `/_mock/ui` (the page, embedded), `/_mock/ui/state` and `/_mock/events` (SSE).
struct DashboardRoutes {
    let store: Store
    let clock: MockClock
    let feed: ChangeFeed
    let admin: AdminGuard

    func register(on router: Router) {
        // One self-contained page (styles and script inline): no external assets, works offline.
        asset(router, "/_mock/ui", DashboardAssets.page, "text/html; charset=utf-8")
        ControlRoute.add(router, "GET", "/_mock/ui/state", admin: admin) { _ in
            try store.read { try DashboardSnapshot.build($0, now: clock.nowMillis()) }
        }
        router.add("GET", "/_mock/events") { [feed, admin] request in
            do { try admin.check(request) } catch { return APIRoute.errorResponse(error) }
            var response = Response(status: 200)
            response.headers.add("Content-Type", "text/event-stream")
            response.stream = { stream in feed.subscribe(stream) }
            return response
        }
    }

    private func asset(_ router: Router, _ path: String, _ text: String, _ type: String) {
        let body = Array(text.utf8)
        router.add("GET", path) { [admin] request in
            do { try admin.check(request) } catch { return APIRoute.errorResponse(error) }
            var response = Response(status: 200, body: body)
            response.headers.add("Content-Type", type)
            return response
        }
    }
}
