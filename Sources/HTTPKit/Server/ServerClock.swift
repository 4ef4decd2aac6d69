/// Where a server's connections read the time their deadlines (header, body, idle, write,
/// handshake) are measured on. `continuous` serves; a test moves time by hand and the next
/// deadline check (`ServerConfiguration.deadlineCheck`) acts on it, so a 30-second timeout is
/// tested in milliseconds and without sleeping.
public struct ServerClock: Sendable {
    public let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) { self.now = now }

    /// The system's monotonic clock.
    public static let continuous = ServerClock { ContinuousClock.now }
}

extension Duration {
    /// The whole nanoseconds in this duration (negative ones as 0), for Dispatch's intervals.
    var wholeNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (product, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product &+ UInt64(attoseconds / 1_000_000_000)
    }
}
