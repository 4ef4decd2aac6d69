import Foundation

/// A thread-safe counter for tests that count from several threads.
public final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    public init() {}
    public func increment() { lock.lock(); value += 1; lock.unlock() }
    public var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
