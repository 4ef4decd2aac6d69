import HTTPKit
import APIModel
import MockStore

/// Read-only views of what the mock holds: activities (with every update and what each device
/// got), streams, notifications and metrics.
struct StateRoutes {
    let store: Store
    let clock: MockClock

    func register(on routes: RouteGroup) {
        ControlRoute.add(routes, .get, "/activities") { request in
            let limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...1000)
            return .object([("activities", .array(try store.read { db in
                try db.activitySummaries(status: request.queryValue("status"), streamKey: request.queryValue("stream_key"),
                                         account: request.queryValue("account"), limit: limit)
            }.map(ActivityJSON.summary)))])
        }
        ControlRoute.add(routes, .get, "/activities/:id") { request in
            let id = request.parameter("id")
            let now = clock.nowMillis()
            guard let detail = try store.read({ db -> JSONValue? in
                guard let activity = try db.activity(id: id) else { return nil }
                return ActivityJSON.detail(activity, extras: try db.activityExtras(id: id), updates: try db.updates(activityID: id),
                                           tokens: try db.tokens(activityID: id), now: now)
            }) else {
                throw APIError(status: 404, error: "Not Found", message: "No activity \(id)")
            }
            return detail
        }
        ControlRoute.add(routes, .get, "/streams") { _ in
            .object([("streams", .array(try store.read { try $0.streamSummaries() }.map(ActivityJSON.stream)))])
        }
        ControlRoute.add(routes, .get, "/notifications") { request in
            let limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...1000)
            return .object([("notifications", .array(try store.read { db in
                try db.notificationSummaries(account: request.queryValue("account"), limit: limit)
            }.map(NotificationJSON.summary)))])
        }
        ControlRoute.add(routes, .get, "/channels") { _ in
            .object([("channels", .array(try store.read { try $0.allChannelRows() }.map { row in
                ChannelJSON.channel(row.channel).merged([("account", .string(row.account))])
            }))])
        }
        ControlRoute.add(routes, .get, "/api-keys") { _ in
            .object([("api_keys", .array(try store.read { try $0.keyRows(account: nil) }.map { key in
                KeyJSON.key(key).merged([("account", .string(key.accountID))])
            }))])
        }
        ControlRoute.add(routes, .get, "/metrics") { _ in
            .object([("metrics", .array(try store.read { try $0.metricSummaries() }.map(NotificationJSON.metric)))])
        }
    }
}
