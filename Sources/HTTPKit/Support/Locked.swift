import Glibc

/// A value that only its lock's holder reads or changes: shared mutable state whose safety the
/// compiler checks at every use. `withLock` hands out `inout` access and nothing else does; the
/// value goes in and comes out `sending` (as with `Synchronization.Mutex`), so even a value that
/// is not `Sendable` (a database connection) can be shared this way, only ever used under the lock.
///
/// On a pthread mutex rather than `Synchronization.Mutex`: that one waits on raw futexes, which
/// ThreadSanitizer does not see, so every access under it reads as a race there (the test
/// command runs TSan with `halt_on_error`). The model is SwiftNIO's `NIOLockedValueBox`.
public final class Locked<Value>: @unchecked Sendable {  // the mutex orders every access
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    public init(_ value: sending Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
