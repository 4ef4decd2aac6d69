import HTTPKit
import APIModel
import MockStore

/// `/_mock/ui` (the page, embedded), `/_mock/ui/state` and `/_mock/events` (SSE).
struct DashboardRoutes {
    let store: Store
    let clock: MockClock
    let feed: ChangeFeed

    func register(on routes: ContractRoutes) {
        // One self-contained page (styles and script inline): no external assets, works offline.
        let read = DashboardSnapshot.reader(store, clock)
        routes.addAsync(ControlDocs.dashboard) { _, respond in
            read { state in
                var response = Response(status: 200, body: DashboardAssets.page(state: state ?? .null))
                response.headers.add("Content-Type", "text/html; charset=utf-8")
                respond(response)
            }
        }
        routes.addAsync(ControlDocs.dashboardState) { _, respond in
            store.snapshot(includingDeferred: false, { try DashboardSnapshot.build($0, now: clock.nowMillis()) }) { result in
                respond(ErrorResponse.answer { Response.json(200, JSONWriter.encode(try result.get())) })
            }
        }
        routes.add(ControlDocs.dashboardEvents) { [feed] _ in
            var response = Response(status: 200)
            response.headers.add("Content-Type", "text/event-stream")
            response.stream = { stream in feed.subscribe(stream) }
            return response
        }
    }
}
