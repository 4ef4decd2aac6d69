import HTTPKit
import APIModel
import MockStore

/// `POST /_mock/taps` and `GET /_mock/taps`; `GET /_mock/deliveries` (paged, filtered, with an
/// optional wait for the first matches), `GET /_mock/deliveries/{id}` (optionally waiting until
/// it is no longer pending) and `POST /_mock/deliveries/{id}/replay`.
struct TapRoutes {
    let store: Store
    let webhooks: Webhooks
    static let maxLimit = 1000

    func register(on routes: ContractRoutes) {
        routes.addAsync(WebhookDocs.tap) { [webhooks] request, respond in
            do {
                webhooks.tap(try TapRequest.decode(request.body), respond: respond)
            } catch {
                respond(ErrorResponse.of(error))
            }
        }
        ControlRoute.add(routes, WebhookDocs.listTaps, store: store) { request, db in
            let limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...Self.maxLimit)
            let taps = try db.taps.list(deviceID: request.queryValue("device_id"), before: try Self.before(request), limit: limit)
            return Self.page("taps", taps.map { WebhookJSON.tap($0) }, lastID: taps.last?.id, full: taps.count == limit, request)
        }
        routes.addAsync(WebhookDocs.listDeliveries) { [store, webhooks] request, respond in
            do {
                var filter = DeliveryTable.DeliveryFilter()
                filter.activityID = request.queryValue("activity_id")
                filter.notificationID = request.queryValue("notification_id")
                filter.deviceID = request.queryValue("device_id")
                filter.tapID = try request.queryValue("tap_id").map { text in
                    guard let id = Int64(text) else { throw APIError.invalid("tap_id must be a tap's id (an integer), got \(text)") }
                    return id
                }
                filter.state = try request.queryValue("state").map { text in
                    guard let state = WebhookDeliveryRecord.State(rawValue: text) else {
                        throw APIError.invalid("state must be pending, delivered or failed, got \(text)")
                    }
                    return state
                }
                filter.before = try Self.before(request)
                filter.limit = try ControlRoute.intQuery(request, "limit", default: 100, range: 1...Self.maxLimit)
                let minCount = try ControlRoute.intQuery(request, "min_count", default: 1, range: 1...Self.maxLimit)
                let filterNow = filter
                let check: ChangeWaiters.Check = { done in
                    store.snapshot(includingDeferred: false, { db in try db.deliveries.list(filterNow) }) { result in
                        done(
                            result.map { found in
                                let page = Self.page(
                                    "deliveries", found.map(WebhookJSON.delivery), lastID: found.last?.id, full: found.count == filterNow.limit,
                                    request)
                                return (found.count >= minCount, page)
                            })
                    }
                }
                try webhooks.waiters.answer(request, check: check, respond: respond)
            } catch {
                respond(ErrorResponse.of(error))
            }
        }
        routes.addAsync(WebhookDocs.getDelivery) { [store, webhooks] request, respond in
            do {
                let id = try Self.deliveryID(request)
                let check: ChangeWaiters.Check = { done in
                    store.snapshot(includingDeferred: false, { db in try db.deliveries.get(id: id) }) { result in
                        done(
                            result.flatMap { found in
                                guard let found else {
                                    return .failure(APIError(status: 404, error: "Not Found", message: "No delivery \(id)"))
                                }
                                return .success((found.state != .pending, WebhookJSON.delivery(found)))
                            })
                    }
                }
                try webhooks.waiters.answer(request, check: check, respond: respond)
            } catch {
                respond(ErrorResponse.of(error))
            }
        }
        routes.addAsync(WebhookDocs.replayDelivery) { [webhooks] request, respond in
            do {
                webhooks.replay(try Self.deliveryID(request), respond: respond)
            } catch {
                respond(ErrorResponse.of(error))
            }
        }
    }

    private static func deliveryID(_ request: Request) throws -> Int64 {
        let text = request.parameter("id")
        guard let id = Int64(text) else { throw APIError(status: 404, error: "Not Found", message: "No delivery \(text)") }
        return id
    }

    private static func before(_ request: Request) throws -> Int64? {
        try request.queryValue("before").map { text in
            guard let id = Int64(text) else { throw APIError.invalid("before must be an id (the next link's), got \(text)") }
            return id
        }
    }

    /// `{name: items, next}`: `next` repeats the query from the last item when the page was full.
    private static func page(_ name: String, _ items: [JSONValue], lastID: Int64?, full: Bool, _ request: Request) -> JSONValue {
        var members: [(String, JSONValue)] = [(name, .array(items))]
        if full, let lastID { members.append(("next", ControlRoute.nextPage("/_mock/\(name)", request, before: lastID))) }
        return .object(members)
    }
}
