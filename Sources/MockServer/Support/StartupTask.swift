import Dispatch
import Locking

/// Work started on another thread while start-up goes on, and waited for where its result is
/// needed (`value()`). Start-up only: it blocks the caller until the work is done.
final class StartupTask<Value: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Locked<Result<Value, Error>?>(nil)

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [result, done] in
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// The work's value, or what it threw; waits for it the first time.
    func value() throws -> Value {
        if result.withLock({ $0 == nil }) { done.wait() }
        return try result.withLock { $0! }.get()
    }
}
