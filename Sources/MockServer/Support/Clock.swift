#if canImport(Glibc)
import Glibc
#endif

/// The time the mock believes it is, in milliseconds since 1970.
final class MockClock: @unchecked Sendable {
    func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
