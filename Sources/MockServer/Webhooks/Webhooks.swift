import HTTPKit
import APIModel
import MockStore
import WebhookClient
import Dispatch
import Locking

/// Taps and the webhook deliveries they cause: each tap is stored with what it touched; a
/// webhook's delivery is stored pending, sent in the background and completed with its answer
/// or failure; waiters and the dashboard hear of every change. Only the control plane and the
/// dashboard reach this: nothing an API key opens makes the mock call out.
final class Webhooks: Sendable {
    let settings: WebhookSettings
    let waiters = ChangeWaiters()
    private let store: Store
    private let clock: MockClock
    private let feed: ChangeFeed
    private let dispatcher: WebhookDispatcher

    init(settings: WebhookSettings, store: Store, clock: MockClock, feed: ChangeFeed) {
        self.settings = settings
        self.store = store
        self.clock = clock
        self.feed = feed
        var outbound = OutboundSettings()
        outbound.timeoutSeconds = settings.timeoutSeconds
        outbound.extraCAFile = settings.caFile
        outbound.bodyCap = settings.bodyCap
        let waiters = self.waiters
        dispatcher = WebhookDispatcher(settings: outbound, maxInFlight: settings.maxInFlight, maxQueued: settings.maxQueued) { id, result, done in
            store.submit({ db in try db.deliveries.complete(id: id, WebhookCall.outcome(result), at: clock.nowMillis()) }) { _ in
                done()
                waiters.changed()
                feed.changed()
            }
        }
    }

    /// A tap, answered once it is stored; its delivery (if any) is on its way by then.
    func tap(_ request: TapRequest, respond: @escaping @Sendable (Response) -> Void) {
        let now = clock.nowMillis()
        let settings = self.settings
        let place = Locked(false)
        store.submit({ db -> (JSONValue, WebhookDispatcher.Job?) in
            let resolved = try TapResolver.resolve(request, db, now: now)
            var tap = resolved.tap
            tap.id = try db.taps.insert(tap)
            guard let button = resolved.webhook, settings.enabled else { return (WebhookJSON.tap(tap, called: false), nil) }
            let outbound = WebhookCall.request(button, sentURL: WebhookRoute.apply(settings.routes, to: button.url))
            let delivery = WebhookCall.record(
                outbound, buttonURL: button.url, deviceID: tap.deviceID, activityID: tap.activityID, notificationID: tap.notificationID,
                tapID: tap.id, now: now)
            try self.reserve(place)
            tap.deliveryID = try db.deliveries.insert(delivery)
            try db.taps.setDelivery(tapID: tap.id, deliveryID: tap.deliveryID!)
            return (WebhookJSON.tap(tap, called: true, sentTo: outbound.url), .init(deliveryID: tap.deliveryID!, request: outbound))
        }) { result in
            self.answer(result, place: place, respond)
        }
    }

    /// A new delivery of what delivery `id` sent.
    func replay(_ id: Int64, respond: @escaping @Sendable (Response) -> Void) {
        let now = clock.nowMillis()
        let settings = self.settings
        let place = Locked(false)
        store.submit({ db -> (JSONValue, WebhookDispatcher.Job?) in
            guard let original = try db.deliveries.get(id: id) else {
                throw APIError(status: 404, error: "Not Found", message: "No delivery \(id)")
            }
            guard settings.enabled else {
                throw APIError(status: 409, error: "Conflict", message: "Webhooks are off (--webhooks off): nothing is called")
            }
            let outbound = WebhookCall.request(replaying: original, routes: settings.routes)
            var copy = WebhookCall.record(
                outbound, buttonURL: original.url, deviceID: original.deviceID, activityID: original.activityID,
                notificationID: original.notificationID, tapID: original.tapID, replayOf: original.id, now: now)
            try self.reserve(place)
            copy.id = try db.deliveries.insert(copy)
            return (WebhookJSON.delivery(copy), .init(deliveryID: copy.id, request: outbound))
        }) { result in
            self.answer(result, place: place, respond)
        }
    }

    /// Holds a place in the queue from inside the storing job, so a full queue refuses the tap
    /// before anything is stored; `place` remembers it for `answer`.
    private func reserve(_ place: Locked<Bool>) throws {
        guard dispatcher.reserve() else {
            throw APIError(
                status: 503, error: "Service Unavailable",
                message: "the webhook queue is full (\(dispatcher.maxInFlight) in flight, \(dispatcher.maxQueued) queued); nothing was recorded, retry")
        }
        place.withLock { $0 = true }
    }

    /// After the commit: the delivery goes out in its place; a job that failed (or whose commit
    /// did) gives its place back.
    private func answer(
        _ result: Result<(JSONValue, WebhookDispatcher.Job?), Error>, place: Locked<Bool>, _ respond: @escaping @Sendable (Response) -> Void
    ) {
        switch result {
        case .success(let (json, job)):
            if let job { dispatcher.send(job) }
            respond(Response.json(200, JSONWriter.encode(json)))
            waiters.changed()
            feed.changed()
        case .failure(let error):
            if place.withLock({ $0 }) { dispatcher.release() }
            respond(ErrorResponse.of(error))
        }
    }

    /// At stop, after the HTTP server: deliveries in flight get `grace`, waiters their answers,
    /// and whatever is still pending is recorded as interrupted (it is never sent again).
    func shutdown(grace: DispatchTimeInterval) {
        dispatcher.shutdown(grace: grace)
        waiters.finishAll()
        _ = try? store.write { db in
            try db.deliveries.failPending(reason: "interrupted: the mock stopped before the receiver answered", at: self.clock.nowMillis())
        }
    }
}
