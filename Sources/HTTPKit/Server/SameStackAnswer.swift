import Locking

/// Catches an answer given while the responder is still running on the connection's queue, so
/// the connection can finish it in place instead of re-queueing it (one thread hop saved).
/// An answer given later, from any thread, is refused here and goes through the queue.
final class SameStackAnswer: Sendable {
    /// What becomes of an answer.
    enum Disposition {
        /// Kept for the stack that is still in the responder: it finishes the answer itself.
        case kept
        /// The responder returned: the caller hands the answer to the connection's queue.
        case queue
        /// The request has its answer already: this one is dropped (a responder that answered twice).
        case duplicate
    }

    private struct State {
        /// The responder has not returned yet.
        var open = true
        var answer: Response?
        /// An answer was taken: every later one is a duplicate.
        var answered = false
    }

    private let state = Locked(State())

    /// Takes `response` as the request's answer, the first time only.
    func take(_ response: Response) -> Disposition {
        state.withLock { state in
            guard !state.answered else { return .duplicate }
            state.answered = true
            guard state.open else { return .queue }
            state.answer = response
            return .kept
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
