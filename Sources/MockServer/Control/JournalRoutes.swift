import HTTPKit
import APIModel
import MockStore

/// `GET /_mock/requests` (the journal, newest first, filtered, a page at a time; with `wait`,
/// once at least `min_count` entries match),
/// `GET /_mock/requests/{id}` (one entry whole) and `DELETE /_mock/requests`.
struct JournalRoutes {
    let store: Store
    /// The entries a reader sees: the newest this many (older rows wait for their DELETE).
    let retention: Int
    let waiters: ChangeWaiters
    /// Characters of each body a listed entry shows; the whole entry is at its `href`.
    static let bodyPreview = 4096
    /// A page stops before its JSON passes this; `next` goes on from there.
    static let pageBytes = 1024 * 1024
    static let maxLimit = 1000

    func register(on routes: ContractRoutes) {
        routes.addAsync(ControlDocs.listRequests) { [self] request, respond in
            do {
                let filter = try Self.filter(request)
                let minCount = try ControlRoute.intQuery(request, "min_count", default: 1, range: 1...Self.maxLimit)
                let check: ChangeWaiters.Check = { [self] done in
                    store.snapshot(
                        includingDeferred: true,
                        { db in try db.journal.page(filter, retention: retention, preview: Self.bodyPreview, maxBytes: Self.pageBytes) }
                    ) { result in
                        done(
                            result.map { read in
                                let page = page(read.records, cutShort: read.cutShort, request: request, limit: filter.limit)
                                return (read.records.count >= minCount, page)
                            })
                    }
                }
                try waiters.answer(request, check: check, respond: respond)
            } catch {
                respond(ErrorResponse.of(error))
            }
        }
        ControlRoute.addJournalRead(routes, ControlDocs.getRequest, store: store) { request, db in
            guard let id = Int64(request.parameter("id")), let record = try db.journal.entry(id: id, retention: retention) else {
                throw APIError(status: 404, error: "Not Found", message: "No journal entry \(request.parameter("id"))")
            }
            return JournalJSON.entry(record)
        }
        ControlRoute.add(routes, ControlDocs.clearRequests, store: store) { _, db in
            .object([("deleted", .int(try db.journal.clear(retention: retention)))])
        }
    }

    /// The query's filters; a 400 naming a bad one.
    private static func filter(_ request: Request) throws -> JournalTable.JournalFilter {
        var since: Int64?
        if let text = request.queryValue("since") {
            guard let ms = Timestamp.parse(text) ?? Int64(text) else { throw APIError.invalid("since must be an ISO 8601 date-time") }
            since = ms
        }
        return JournalTable.JournalFilter(
            path: request.queryValue("path"), method: request.queryValue("method")?.uppercased(),
            status: try request.queryValue("status").map { text in
                guard let n = Int(text) else { throw APIError.invalid("status must be an integer") }
                return n
            },
            activityID: request.queryValue("activity_id"), since: since,
            limit: try ControlRoute.intQuery(request, "limit", default: 100, range: 1...Self.maxLimit),
            before: try request.queryValue("before").map { text in
                guard let id = Int64(text) else { throw APIError.invalid("before must be an entry id (the next link's)") }
                return id
            })
    }

    /// Entries until the page's byte budget, and `next` (the same query from the last one shown)
    /// when the limit or the budget cut it short.
    private func page(_ records: [JournalRecord], cutShort: Bool, request: Request, limit: Int) -> JSONValue {
        var entries: [JSONValue] = []
        var bytes = 0
        for record in records {
            let entry = JournalJSON.entry(record)
            bytes += JSONWriter.encode(entry).count + 1
            if bytes > Self.pageBytes && !entries.isEmpty { break }
            entries.append(entry)
        }
        var members: [(String, JSONValue)] = [("requests", .array(entries))]
        // More may follow when the limit, the page or the store's read budget cut it short.
        if let last = records.prefix(entries.count).last, entries.count < records.count || records.count == limit || cutShort {
            members.append(("next", ControlRoute.nextPage("/_mock/requests", request, before: last.id)))
        }
        return .object(members)
    }
}
