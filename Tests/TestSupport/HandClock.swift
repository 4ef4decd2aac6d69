import HTTPKit
import Locking

/// A server clock the test moves by hand: deadlines pass when the test says so, never by
/// waiting for them.
public final class HandClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Locked(Duration.zero)

    public init() {}

    public func advance(by duration: Duration) { offset.withLock { $0 += duration } }

    /// What the server reads its time from.
    public var serverClock: ServerClock { ServerClock { [start, offset] in start + offset.withLock { $0 } } }
}
