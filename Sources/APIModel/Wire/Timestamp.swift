/// UTC ISO-8601 timestamps with milliseconds and `Z`, computed without Foundation formatters
/// (they cost ~0.3 ms each on Linux; this is integer arithmetic).
public enum Timestamp {
    /// `2026-01-28T09:57:26.056Z` for milliseconds since 1970.
    public static func iso8601(millis: Int64) -> String {
        let ms = Int(((millis % 1000) + 1000) % 1000)
        let totalSeconds = (millis - Int64(ms)) / 1000
        var days = totalSeconds / 86_400
        var secondOfDay = totalSeconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        let h = Int(secondOfDay / 3600), mi = Int(secondOfDay % 3600 / 60), s = Int(secondOfDay % 60)
        guard (0...9999).contains(y) else {
            return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
        }
        // Every answer carries one: 24 bytes written in place, not seven padded strings joined.
        return String(unsafeUninitializedCapacity: 24) { out in
            var at = 0
            func put(_ value: Int, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[at + k] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
                at += width
            }
            func put(_ byte: UInt8) {
                out[at] = byte
                at += 1
            }
            put(y, 4); put(0x2D); put(m, 2); put(0x2D); put(d, 2); put(0x54)
            put(h, 2); put(0x3A); put(mi, 2); put(0x3A); put(s, 2); put(0x2E); put(ms, 3); put(0x5A)
            return at
        }
    }

    /// The last millisecond of the year 9999: later instants are clamped to it.
    public static let latestMillis: Int64 = 253_402_300_799_999
    /// The first millisecond of the year 1.
    public static let earliestMillis: Int64 = -62_135_596_800_000

    /// `seconds` after `millis`, clamped to `latestMillis`: a duration a client may send without
    /// bound (`duration_seconds: 1e308`, `auto_dismiss_minutes: 9e15`) never traps or overflows.
    public static func adding(seconds: Double, to millis: Int64) -> Int64 {
        let sum = Double(millis) + seconds * 1000
        guard sum < Double(latestMillis) else { return latestMillis }
        return Int64(sum.rounded())
    }

    /// Parses RFC 3339 date-times: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, as the SDKs send them
    /// (Python's `isoformat()` gives microseconds and `+00:00`). Only real instants of the years
    /// 1 to 9999: no February 31, no second 60 (Unix time has no leap seconds).
    public static func parse(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 116 || u[10] == 32, u[13] == 58, u[16] == 58 else { return nil }
        func num(_ a: Int, _ b: Int) -> Int? {
            guard b <= u.count else { return nil }
            var v = 0
            for k in a..<b { guard u[k] >= 48 && u[k] <= 57 else { return nil }; v = v * 10 + Int(u[k] - 48) }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13),
            let mi = num(14, 16), let s = num(17, 19), y >= 1, (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d),
            h < 24, mi < 60, s < 60
        else { return nil }
        var i = 19
        var ms = 0
        if i < u.count, u[i] == 46 {
            i += 1
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            let digits = i - start
            guard digits >= 1, digits <= 9 else { return nil }
            for k in 0..<3 { ms = ms * 10 + (start + k < i ? Int(u[start + k] - 48) : 0) }
        }
        var offsetMinutes = 0
        guard i < u.count else { return nil }
        switch u[i] {
        case 90, 122: i += 1
        case 43, 45:
            guard let oh = num(i + 1, i + 3), i + 5 < u.count + 0, u.count == i + 6, u[i + 3] == 58,
                let om = num(i + 4, i + 6), oh < 24, om < 60
            else { return nil }
            offsetMinutes = (oh * 60 + om) * (u[i] == 45 ? -1 : 1)
            i += 6
        default: return nil
        }
        guard i == u.count else { return nil }
        let days = daysFromCivil(y, mo, d)
        let seconds = days * 86_400 + Int64(h * 3600 + mi * 60 + s) - Int64(offsetMinutes * 60)
        let millis = seconds * 1000 + Int64(ms)
        // An offset can carry 0001-01-01 or 9999-12-31 past the range.
        return (earliestMillis...latestMillis).contains(millis) ? millis : nil
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // Howard Hinnant's days-from-civil algorithms.
    private static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(m > 2 ? m - 3 : m + 9)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
