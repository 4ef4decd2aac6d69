/// Strict base64 (RFC 4648, standard alphabet, padded), without Foundation: importing it would
/// link ICU into the static binary (≈ 50 MB more in the image).
enum Base64 {
    /// The bytes of `text`, or nil unless it is canonical: length a multiple of 4, padding only at
    /// the end, and no stray bits in the last character (so only one text decodes to given bytes).
    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        for start in stride(from: 0, to: chars.count, by: 4) {
            let isLast = start + 4 == chars.count
            let padding = isLast ? chars[start...].reversed().prefix { $0 == UInt8(ascii: "=") }.count : 0
            guard padding <= 2 else { return nil }
            var bits: UInt32 = 0
            for (i, c) in chars[start..<start + 4].enumerated() {
                let value: UInt32
                if i >= 4 - padding {
                    value = 0
                } else if let v = sextet(c) {
                    value = v
                } else {
                    return nil
                }
                bits = bits << 6 | value
            }
            let bytes = [UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)]
            // Stray bits: what padding drops must be zero.
            if padding == 1, bytes[2] != 0 { return nil }
            if padding == 2, bytes[1] != 0 || bytes[2] != 0 { return nil }
            out.append(contentsOf: bytes.prefix(3 - padding))
        }
        return out
    }

    private static func sextet(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(c - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
