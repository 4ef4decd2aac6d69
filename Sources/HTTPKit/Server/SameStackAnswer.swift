import Locking

/// Catches an answer given while the responder is still running on the connection's queue, so
/// the connection can finish it in place instead of re-queueing it (one thread hop saved).
/// An answer given later, from any thread, is refused here and goes through the queue.
final class SameStackAnswer: Sendable {
    private struct State {
        /// The responder has not returned yet.
        var open = true
        var answer: Response?
    }

    private let state = Locked(State())

    /// Keeps `response` if the responder has not returned yet; false means "queue it yourself".
    func take(_ response: Response) -> Bool {
        state.withLock { state in
            guard state.open, state.answer == nil else { return false }
            state.answer = response
            return true
        }
    }

    /// Called once the responder returned: the answer it gave on the way, if any.
    func close() -> Response? {
        state.withLock { state in
            state.open = false
            return state.answer
        }
    }
}
