import HTTPKit
import Glibc

/// The time the mock believes it is, in milliseconds since 1970: the system clock, or a fixed
/// clock that moves only when told (`--clock fixed:…`, `POST /_mock/clock`).
final class MockClock: @unchecked Sendable {
    private let lock = Lock()
    private var fixed: Int64?

    /// - Parameter fixedAt: a frozen time; nil follows the system clock.
    init(fixedAt: Int64? = nil) { fixed = fixedAt }

    var isFixed: Bool { lock.withLock { fixed != nil } }

    func nowMillis() -> Int64 {
        if let fixed = lock.withLock({ fixed }) { return fixed }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Freezes the clock at `millis`.
    func set(_ millis: Int64) { lock.withLock { fixed = millis } }

    /// Moves the clock forward; a system clock becomes fixed at now + delta.
    func advance(by millis: Int64) {
        let base = nowMillis()
        lock.withLock { fixed = base + millis }
    }

    /// Back to the system clock.
    func release() { lock.withLock { fixed = nil } }
}
