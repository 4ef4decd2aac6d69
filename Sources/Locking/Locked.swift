import Glibc
import Synchronization

/// A value that only its lock's holder reads or changes: shared mutable state whose safety the
/// compiler checks at every use. `withLock` hands out `inout` access and nothing else does; the
/// value goes in and comes out `sending`, so even a value that is not `Sendable` (a database
/// connection, an `SSL_CTX`) can be shared this way, only ever used under the lock.
///
/// On the standard library's `Mutex`, which the compiler trusts. That one waits on raw futexes,
/// which ThreadSanitizer does not see, so each critical section also tells TSan it acquires and
/// releases this lock (its own annotations, present only in a TSan build). The model is
/// SwiftNIO's `NIOLockedValueBox`.
public final class Locked<Value>: Sendable {
    @usableFromInline let mutex: Mutex<Value>

    public init(_ value: sending Value) { mutex = Mutex(value) }

    // Inlinable so each caller gets a copy specialized to its value: unspecialized, every call
    // looked up `Mutex<Value>`'s metadata at run time (~9 times per request, ~5 % of its
    // instructions).
    @inlinable
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        let address = UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque())
        return try mutex.withLock { (value: inout sending Value) throws(Failure) -> sending Result in
            ThreadSanitizer.acquire?(address)
            defer { ThreadSanitizer.release?(address) }
            return try body(&value)
        }
    }

    /// `withLock`, or nil at once when another thread holds the lock.
    @inlinable
    public func withLockIfAvailable<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result? {
        let address = UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque())
        return try mutex.withLockIfAvailable { (value: inout sending Value) throws(Failure) -> sending Result in
            ThreadSanitizer.acquire?(address)
            defer { ThreadSanitizer.release?(address) }
            return try body(&value)
        }
    }
}

/// ThreadSanitizer's synchronization annotations (`__tsan_acquire`, `__tsan_release`), looked up
/// once: nil outside a TSan build, where they cost one nil check per critical section.
@usableFromInline
enum ThreadSanitizer {
    @usableFromInline typealias Annotation = @convention(c) (UnsafeRawPointer?) -> Void
    @usableFromInline static let acquire = lookUp("__tsan_acquire")
    @usableFromInline static let release = lookUp("__tsan_release")

    private static func lookUp(_ name: String) -> Annotation? {
        dlsym(nil, name).map { unsafeBitCast($0, to: Annotation.self) }
    }
}
