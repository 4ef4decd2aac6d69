import Glibc
import Locking

/// The IMF-fixdate for the `Date` header, formatted at most once per second.
enum HTTPDate {
    private static let cache = Locked<(second: Int, value: [UInt8])>((-1, []))

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> [UInt8] {
        var t = time(nil)
        let second = Int(t)
        return cache.withLock { cache in
            if second == cache.second { return cache.value }
            var tm = tm()
            gmtime_r(&t, &tm)
            func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let text =
                "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
                + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
            cache = (second, Array(text.utf8))
            return cache.value
        }
    }
}
