import Locking

/// A thread-safe counter for tests that count from several threads.
public final class Counter: Sendable {
    private let value = Locked(0)
    public init() {}
    public func increment() { value.withLock { $0 += 1 } }
    public var count: Int { value.withLock { $0 } }
}
