import HTTPKit
import APIModel
import MockStore
import Dispatch
import Locking

/// Records every API request (not the control plane) in SQLite, newest kept up to `retention`.
final class Journal: Sendable {
    let store: Store
    let clock: MockClock
    let retention: Int
    /// Readers waiting for entries (`GET /_mock/requests?wait=`).
    let waiters: ChangeWaiters
    private let unflushed: JournalBuffer
    /// Entries a group holds before it goes with the next batch instead of waiting for the
    /// tick. A group costs its batch ~5 µs per entry: a tick's worth at one quick client (~800
    /// entries) held one request in ~800 for 2-5 ms (wrk's p99 at one connection: 3 ms, as
    /// it counts a stall for the requests it kept from being sent); 64 hold one ~0.3 ms.
    static let groupLimit = 64

    init(store: Store, clock: MockClock, retention: Int, waiters: ChangeWaiters) {
        self.store = store
        self.clock = clock
        self.retention = retention
        self.waiters = waiters
        unflushed = JournalBuffer(capacity: retention)
    }

    /// The pipeline step that journals each request with its answer, before the answer goes out.
    var middleware: Middleware {
        Middleware { [self] request, responder, respond in
            let started = DispatchTime.now().uptimeNanoseconds
            let at = clock.nowMillis()
            responder(request) { [self] response in
                let micros = Int((DispatchTime.now().uptimeNanoseconds - started) / 1000)
                record(request, response, at: at, micros: micros)
                respond(response)
                waiters.changed()
            }
        }
    }

    private func record(_ request: Request, _ response: Response, at: Int64, micros: Int) {
        let entry = JournalEntry(
            at: at, method: request.method.rawValue, path: request.path, status: response.dropConnection ? 0 : response.status.code,
            keyID: Authenticator.presentedKey(request).map(Authenticator.mask), activityID: activityID(request, response),
            requestBody: Self.text(request.body), responseBody: Self.text(response.body), durationMicros: micros,
            fault: response.headers["X-Mock-Fault"], tool: response.headers[MCPRoute.toolHeader],
            ignored: response.headers[APIRoute.ignoredHeader])
        // Committed with others within ~100 ms, or first thing in the batch of any later read;
        // queued before the answer goes out, so a read after the answer sees it. The first entry
        // of a group queues the one deferred write that takes the whole group; a group that
        // reaches `groupLimit` goes with the next batch.
        let held = unflushed.add(entry)
        if held == Self.groupLimit { store.flushDeferredSoon() }
        guard held == 1 else { return }
        let retention = self.retention, unflushed = self.unflushed
        // Only the store's runner calls the write (the closure is not Sendable), so its own
        // variable needs no lock.
        var taken: [JournalEntry]?
        store.submitDeferred { db in
            // Taken once: if the batch retries this write, it writes the same entries again.
            if taken == nil { taken = unflushed.takeAll() }
            try db.journal.append(taken ?? [], retention: retention)
        }
    }

    /// The activity a request was about: from its body, else from the answer. A byte scan for
    /// `"activity_id":"…"`, not a second JSON parse of every body. An `activity_id` the request
    /// carried only to be ignored (the GitHub Action's) names nothing: the answer's counts.
    private func activityID(_ request: Request, _ response: Response) -> String? {
        let ignored = response.headers[APIRoute.ignoredHeader]?.contains("activity_id") == true
        return (ignored ? nil : Self.scanActivityID(request.body)) ?? Self.scanActivityID(response.body)
    }

    private static let marker = Array(#""activity_id""#.utf8)

    static func scanActivityID(_ body: [UInt8]) -> String? {
        guard body.count > marker.count else { return nil }
        var i = 0
        outer: while i + marker.count < body.count {
            for k in 0..<marker.count where body[i + k] != marker[k] { i += 1; continue outer }
            var j = i + marker.count
            while j < body.count, body[j] == 0x20 || body[j] == 0x3A || body[j] == 0x09 { j += 1 }
            guard j < body.count, body[j] == 0x22 else { return nil }
            let start = j + 1
            var end = start
            while end < body.count, body[end] != 0x22, body[end] != 0x5C, end - start < 128 { end += 1 }
            guard end < body.count, body[end] == 0x22 else { return nil }
            return String(decoding: body[start..<end], as: UTF8.self)
        }
        return nil
    }

    /// Bodies are kept as text, capped so a large request cannot bloat the journal.
    static func text(_ bytes: [UInt8]) -> String {
        let capped = bytes.count > 65_536 ? Array(bytes[0..<65_536]) : bytes
        return String(decoding: capped, as: UTF8.self)
    }
}

/// Entries answered but not yet handed to the store. While the store cannot write (disk full)
/// they wait here, the oldest dropped beyond the retention, as the table itself would drop them.
final class JournalBuffer: Sendable {
    private let entries = Locked<[JournalEntry]>([])
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds `entry`; answers how many entries the group holds now (1: a new group, whose write
    /// the caller queues).
    func add(_ entry: JournalEntry) -> Int {
        entries.withLock { entries in
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
            return entries.count
        }
    }

    func takeAll() -> [JournalEntry] {
        entries.withLock { entries in
            // The buffer is handed over; the next group gets room for as many entries as this
            // one had, in one allocation rather than growing 1, 2, 4 … 64 (each entry is ~170
            // bytes: the larger steps made malloc consolidate its free lists).
            let count = entries.count
            defer {
                entries = []
                entries.reserveCapacity(count)
            }
            return entries
        }
    }
}
