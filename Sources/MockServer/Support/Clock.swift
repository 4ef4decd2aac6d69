import HTTPKit
import Glibc
import Locking

/// The time the mock believes it is, in milliseconds since 1970: the system clock, or a fixed
/// clock that moves only when told (`--clock fixed:…`, `POST /_mock/clock`).
final class MockClock: Sendable {
    /// The frozen time, or nil to follow the system clock.
    private let fixed: Locked<Int64?>

    /// - Parameter fixedAt: a frozen time; nil follows the system clock.
    init(fixedAt: Int64? = nil) { fixed = Locked(fixedAt) }

    var isFixed: Bool { fixed.withLock { $0 != nil } }

    func nowMillis() -> Int64 {
        if let fixed = fixed.withLock({ $0 }) { return fixed }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Freezes the clock at `millis`.
    func set(_ millis: Int64) { fixed.withLock { $0 = millis } }

    /// Moves the clock forward; a system clock becomes fixed at now + delta.
    func advance(by millis: Int64) {
        let base = nowMillis()
        fixed.withLock { $0 = base + millis }
    }

    /// Back to the system clock.
    func release() { fixed.withLock { $0 = nil } }
}
