/// Catches an answer given while the responder is still running on the connection's queue, so
/// the connection can finish it in place instead of re-queueing it (one thread hop saved).
/// An answer given later, from any thread, is refused here and goes through the queue.
final class SameStackAnswer: @unchecked Sendable {
    private let lock = Lock()
    private var open = true
    private var answer: Response?

    /// Keeps `response` if the responder has not returned yet; false means "queue it yourself".
    func take(_ response: Response) -> Bool {
        lock.withLock {
            guard open, answer == nil else { return false }
            answer = response
            return true
        }
    }

    /// Called once the responder returned: the answer it gave on the way, if any.
    func close() -> Response? {
        lock.withLock {
            open = false
            return answer
        }
    }
}
