import HTTPKit
import APIModel
import MockStore

/// Read-only views of what the mock holds: activities (with every update and what each device
/// got), streams, notifications and metrics.
struct StateRoutes {
    let store: Store
    let clock: MockClock

    func register(on routes: ContractRoutes) {
        ControlRoute.add(routes, ControlDocs.listActivities, store: store) { request, db in
            let limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...1000)
            return .object([
                (
                    "activities",
                    .array(
                        try db.activities.summaries(
                            status: request.queryValue("status"), streamKey: request.queryValue("stream_key"),
                            account: request.queryValue("account"), limit: limit
                        ).map(ActivityJSON.summary))
                )
            ])
        }
        ControlRoute.add(routes, ControlDocs.getActivity, store: store) { request, db in
            let id = request.parameter("id")
            guard let activity = try db.activities.get(id: id) else {
                throw APIError(status: 404, error: "Not Found", message: "No activity \(id)")
            }
            return ActivityJSON.detail(
                activity, extras: try db.activities.extras(id: id), updates: try db.activities.updates(activityID: id),
                tokens: try db.activities.tokens(activityID: id), now: clock.nowMillis())
        }
        ControlRoute.add(routes, ControlDocs.listStreams, store: store) { _, db in
            .object([("streams", .array(try db.activities.streamSummaries().map(ActivityJSON.stream)))])
        }
        ControlRoute.add(routes, ControlDocs.listNotifications, store: store) { request, db in
            let limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...1000)
            return .object([
                (
                    "notifications",
                    .array(
                        try db.notifications.summaries(account: request.queryValue("account"), limit: limit)
                            .map(NotificationJSON.summary))
                )
            ])
        }
        ControlRoute.add(routes, ControlDocs.listChannels, store: store) { _, db in
            .object([
                (
                    "channels",
                    .array(
                        try db.channels.allRows().map { row in
                            ChannelJSON.channel(row.channel).merged([("account", .string(row.account))])
                        })
                )
            ])
        }
        ControlRoute.add(routes, ControlDocs.listApiKeys, store: store) { _, db in
            .object([
                (
                    "api_keys",
                    .array(
                        try db.keys.rows(account: nil).map { key in
                            KeyJSON.key(key).merged([("account", .string(key.accountID))])
                        })
                )
            ])
        }
        ControlRoute.add(routes, ControlDocs.listMetrics, store: store) { _, db in
            .object([("metrics", .array(try db.metrics.summaries().map(NotificationJSON.metric)))])
        }
    }
}
