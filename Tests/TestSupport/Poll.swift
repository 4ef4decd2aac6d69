import Glibc

/// Waits for what another thread or process does by checking it again and again until a
/// deadline, instead of sleeping a fixed time and hoping it happened meanwhile.
public enum Poll {
    /// True as soon as `condition` holds (checked every millisecond); false when `timeout`
    /// seconds passed first.
    public static func until(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            usleep(1000)
        }
        return try condition()
    }
}
