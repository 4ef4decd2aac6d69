/// Percent-decoding for query strings and path segments.
public enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space in queries). Malformed escapes are kept literally,
    /// and invalid UTF-8 is repaired with U+FFFD, so decoding never fails.
    public static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool = false) -> String {
        let utf8 = Array(text.utf8)
        if !utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            if c == UInt8(ascii: "%"), i + 2 < utf8.count,
                let hi = hexValue(utf8[i + 1]), let lo = hexValue(utf8[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else if c == UInt8(ascii: "+") && plusAsSpace {
                out.append(UInt8(ascii: " "))
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
