import WebhookClient
import Dispatch
import Locking

/// Sends webhook deliveries in the background: a bounded queue, a few transfers at a time, each
/// outcome handed to `record`. A tap reserves its place before anything is stored, so a full
/// queue refuses the tap (503) and never drops a delivery it accepted.
final class WebhookDispatcher: Sendable {
    struct Job: Sendable {
        let deliveryID: Int64
        let request: OutboundRequest
    }

    /// Writes a delivery's outcome and calls `done` once it is committed.
    typealias Record = @Sendable (_ deliveryID: Int64, _ result: OutboundResult, _ done: @escaping @Sendable () -> Void) -> Void

    let settings: OutboundSettings
    let maxInFlight: Int
    let maxQueued: Int
    private struct State {
        var queued: [Job] = []
        var reserved = 0
        var running = 0
        var accepting = true
    }
    private let state = Locked(State())
    private let cancelled = Locked(false)
    /// Transfers and their records still under way (`shutdown` waits for them).
    private let inFlight = DispatchGroup()
    private let record: Record

    init(settings: OutboundSettings, maxInFlight: Int = 4, maxQueued: Int = 256, record: @escaping Record) {
        self.settings = settings
        self.maxInFlight = maxInFlight
        self.maxQueued = maxQueued
        self.record = record
    }

    /// Holds a place for one delivery; false when the queue is full or the server stops.
    func reserve() -> Bool {
        state.withLock { s in
            guard s.accepting, s.reserved + s.queued.count + s.running < maxInFlight + maxQueued else { return false }
            s.reserved += 1
            return true
        }
    }

    /// Gives back a place `reserve` held, when what needed it was not stored after all.
    func release() { state.withLock { $0.reserved -= 1 } }

    /// Sends a stored delivery in a place `reserve` held: at once on a worker of its own when
    /// fewer than `maxInFlight` run, else queued for the next free one. A job handed to a new
    /// worker counts as running only (queued until its thread started, it held two places, and a
    /// tap right after it could find a queue of 1 + 1 full with one delivery in it).
    func send(_ job: Job) {
        let startWorker: Bool = state.withLock { s in
            s.reserved -= 1
            guard s.accepting else { return false }
            guard s.running < maxInFlight else {
                s.queued.append(job)
                return false
            }
            s.running += 1
            return true
        }
        guard startWorker else { return }
        inFlight.enter()
        // A transfer blocks its thread (libcurl's easy interface): at most `maxInFlight` do.
        DispatchQueue.global().async { self.work(first: job) }
    }

    private func work(first: Job) {
        var job: Job? = first
        while let current = job {
            let result = CurlTransfer.perform(current.request, settings, cancelled: cancelled)
            inFlight.enter()
            record(current.deliveryID, result) { self.inFlight.leave() }
            job = next()
        }
        inFlight.leave()
    }

    private func next() -> Job? {
        state.withLock { s in
            guard s.accepting, !s.queued.isEmpty else {
                s.running -= 1
                return nil
            }
            return s.queued.removeFirst()
        }
    }

    /// Takes no more work; deliveries still queued stay pending (the store marks them
    /// interrupted). Transfers in flight get `grace` to finish, then are abandoned, each recorded
    /// as interrupted. Returns within about `grace` + 1.5 s (libcurl looks at `cancelled` at
    /// least once a second).
    func shutdown(grace: DispatchTimeInterval) {
        state.withLock { s in
            s.accepting = false
            s.queued.removeAll()
        }
        guard inFlight.wait(timeout: .now() + grace) == .timedOut else { return }
        cancelled.withLock { $0 = true }
        _ = inFlight.wait(timeout: .now() + .milliseconds(1500))
    }
}
