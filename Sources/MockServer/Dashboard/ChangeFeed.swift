import HTTPKit
import APIModel
import Dispatch
import Locking

/// Pushes the dashboard's state to every open event stream within ~100 ms of a change.
/// Changes are coalesced, and nothing is computed while nobody watches.
final class ChangeFeed: Sendable {
    private struct State {
        var subscribers: [ObjectIdentifier: ResponseStream] = [:]
        /// A broadcast is on its way.
        var scheduled = false
    }

    private let state = Locked(State())
    /// Reads the dashboard's state and hands it (nil on failure) to its callback, later.
    typealias Snapshot = @Sendable (_ done: @escaping @Sendable (JSONValue?) -> Void) -> Void
    private let snapshot: Snapshot

    init(snapshot: @escaping Snapshot) {
        self.snapshot = snapshot
    }

    /// Starts sending to `stream`: the current state at once, then after every change.
    func subscribe(_ stream: ResponseStream) {
        let key = ObjectIdentifier(stream)
        state.withLock { $0.subscribers[key] = stream }
        stream.onTerminate { [weak self] in self?.state.withLock { _ = $0.subscribers.removeValue(forKey: key) } }
        stream.send("retry: 1000\n\n")
        snapshot { state in if let state { stream.send(Self.event(state)) } }
    }

    /// The pipeline step: anything that may have changed state (not a GET, answered below 500)
    /// refreshes the dashboard once its answer is out (coalesced).
    var middleware: Middleware {
        Middleware { [self] request, next, respond in
            next(request) { response in
                respond(response)
                if request.method != .get && response.status < 500 { self.changed() }
            }
        }
    }

    /// Something changed: schedule one broadcast (if anyone listens).
    func changed() {
        let schedule: Bool = state.withLock { state in
            guard !state.subscribers.isEmpty, !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
        guard schedule else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in self?.broadcast() }
    }

    private func broadcast() {
        let streams: [ResponseStream] = state.withLock { state in
            state.scheduled = false
            return Array(state.subscribers.values)
        }
        guard !streams.isEmpty else { return }
        snapshot { state in
            guard let state else { return }
            let event = Self.event(state)
            streams.forEach { $0.send(event) }
        }
    }

    private static func event(_ state: JSONValue) -> [UInt8] {
        Array("event: state\ndata: ".utf8) + JSONWriter.encode(state) + Array("\n\n".utf8)
    }
}
