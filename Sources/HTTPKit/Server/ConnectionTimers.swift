@preconcurrency import Dispatch

/// The time arithmetic behind a connection's one repeating tick.
extension Connection {
    static func nanos(_ interval: DispatchTimeInterval) -> UInt64 {
        switch interval {
        case .seconds(let n): return UInt64(max(n, 0)) * 1_000_000_000
        case .milliseconds(let n): return UInt64(max(n, 0)) * 1_000_000
        case .microseconds(let n): return UInt64(max(n, 0)) * 1_000
        case .nanoseconds(let n): return UInt64(max(n, 0))
        case .never: return .max
        @unknown default: return .max
        }
    }

    /// A quarter of the shortest timeout, between 5 ms and 1 s.
    static func tick(for config: ServerConfiguration) -> DispatchTimeInterval {
        let shortest = [config.headerTimeout, config.bodyTimeout, config.idleTimeout, config.writeTimeout].map(nanos).min() ?? 1_000_000_000
        return .nanoseconds(Int(min(max(shortest / 4, 5_000_000), 1_000_000_000)))
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func limits(_ config: ServerConfiguration, handshake: DispatchTimeInterval) -> ConnectionState.Limits {
        ConnectionState.Limits(
            header: nanos(config.headerTimeout), body: nanos(config.bodyTimeout), idle: nanos(config.idleTimeout),
            write: nanos(config.writeTimeout), handshake: nanos(handshake))
    }
}
