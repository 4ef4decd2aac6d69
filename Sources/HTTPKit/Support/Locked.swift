import Glibc

/// A value that only its lock's holder reads or changes: shared mutable state whose safety the
/// compiler checks at every use (`withLock` hands out `inout` access; nothing else does), with
/// the one `@unchecked Sendable` in this primitive, for Sendable values only.
///
/// On a pthread mutex rather than `Synchronization.Mutex`: that one waits on raw futexes, which
/// ThreadSanitizer does not see, so every access under it reads as a race there (the test
/// command runs TSan with `halt_on_error`). The model is SwiftNIO's `NIOLockedValueBox`.
public final class Locked<Value> {
    private let lock = Lock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Sendable when what it guards is: the lock orders every access.
extension Locked: @unchecked Sendable where Value: Sendable {}
