import HTTPKit
import APIModel
import MockStore

/// `GET /_mock/requests` (the journal, newest first, filtered) and `DELETE /_mock/requests`.
struct JournalRoutes {
    let store: Store

    func register(on routes: RouteGroup) {
        ControlRoute.add(routes, "GET", "/_mock/requests") { request in
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
        ControlRoute.add(routes, "DELETE", "/_mock/requests") { _ in
            let deleted = try store.write { try $0.clearJournal() }
            return .object([("deleted", .int(deleted))])
        }
    }
}
