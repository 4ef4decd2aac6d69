@preconcurrency import Dispatch

/// The time behind a connection's one repeating deadline check.
extension Connection {
    /// `deadlineCheck`, or a quarter of the shortest timeout, between 5 ms and 1 s.
    static func tick(for config: ServerConfiguration) -> Duration {
        if let every = config.deadlineCheck { return max(every, .milliseconds(1)) }
        let shortest = [config.headerTimeout, config.bodyTimeout, config.idleTimeout, config.writeTimeout].min() ?? .seconds(1)
        return min(max(shortest / 4, .milliseconds(5)), .seconds(1))
    }

    /// Real time (uptime nanoseconds) for what measures the client itself (`TurnaroundWait`),
    /// never a deadline.
    static func uptime() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func limits(_ config: ServerConfiguration, handshake: Duration) -> ConnectionState.Limits {
        ConnectionState.Limits(
            header: config.headerTimeout, body: config.bodyTimeout, idle: config.idleTimeout, write: config.writeTimeout,
            handshake: handshake)
    }
}

extension DispatchTimeInterval {
    /// A `Duration` as Dispatch counts time.
    init(_ duration: Duration) { self = .nanoseconds(Int(clamping: duration.wholeNanoseconds)) }
}
