/// JSON-RPC answers carry the request's id as sent. An integer id beyond 64 bits parses as a
/// Double and would come back rounded (`1.2345678901234568e+29`), so such ids keep their text: in
/// the request they are swapped for placeholder strings before parsing, and the answer gets the
/// original digits back in their place.
struct RawIDs {
    /// The original text of each swapped id, by placeholder number.
    private(set) var texts: [[UInt8]] = []

    /// `body` with every top-level message's integer id that does not fit 64 bits swapped for
    /// `"\u0001id-N"`. `body` must be valid JSON (checked before).
    mutating func swapOut(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var copied = 0
        for span in Self.idSpans(body) {
            let digits = Array(body[span])
            guard digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
                Int64(String(decoding: digits, as: UTF8.self)) == nil
            else { continue }
            out.append(contentsOf: body[copied..<span.lowerBound])
            out.append(contentsOf: Self.placeholder(texts.count))
            texts.append(digits)
            copied = span.upperBound
        }
        guard !texts.isEmpty else { return body }
        out.append(contentsOf: body[copied...])
        return out
    }

    /// A placeholder as a JSON string, the way both the request and JSONWriter spell it.
    private static func placeholder(_ n: Int) -> [UInt8] { Array("\"\\u0001id-\(n)\"".utf8) }

    /// The answer's bytes with each placeholder string (as JSONWriter writes it) turned back into
    /// the id's digits.
    func restore(_ answer: [UInt8]) -> [UInt8] {
        guard !texts.isEmpty else { return answer }
        var out = answer
        for (n, digits) in texts.enumerated() {
            out = Self.replacingAll(Self.placeholder(n), in: out) { _ in digits }
        }
        return out
    }

    private static func replacingAll(_ needle: [UInt8], in haystack: [UInt8], with replacement: (Int) -> [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(haystack.count)
        var i = 0
        while i < haystack.count {
            if haystack[i] == needle[0], i + needle.count <= haystack.count, haystack[i..<i + needle.count].elementsEqual(needle) {
                out.append(contentsOf: replacement(i))
                i += needle.count
            } else {
                out.append(haystack[i])
                i += 1
            }
        }
        return out
    }

    /// Where each top-level message's `"id"` member holds a number: the message itself, or each
    /// element of a batch.
    static func idSpans(_ b: [UInt8]) -> [Range<Int>] {
        var scanner = Scanner(bytes: b)
        var spans: [Range<Int>] = []
        scanner.space()
        if scanner.peek == 0x7B {
            scanner.object(into: &spans)
        } else if scanner.peek == 0x5B {
            scanner.i += 1
            while let c = scanner.next(), c != 0x5D {
                if c == 0x2C { scanner.i += 1 } else if c == 0x7B { scanner.object(into: &spans) } else { scanner.value() }
            }
        }
        return spans
    }

    /// A forward walk over valid JSON that skips values without building them.
    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func space() {
            while let c = peek, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 }
        }

        /// The next significant byte, not consumed.
        mutating func next() -> UInt8? {
            space()
            return peek
        }

        mutating func string() {
            i += 1
            while let c = peek {
                i += c == 0x5C ? 2 : 1
                if c == 0x22 { return }
            }
        }

        mutating func value() {
            guard let c = next() else { return }
            switch c {
            case 0x22: string()
            case 0x7B, 0x5B:
                var depth = 0
                while let d = peek {
                    if d == 0x22 { string(); continue }
                    if d == 0x7B || d == 0x5B { depth += 1 } else if d == 0x7D || d == 0x5D { depth -= 1 }
                    i += 1
                    if depth == 0 { return }
                }
            default:
                while let d = peek, d != 0x2C, d != 0x7D, d != 0x5D, d != 0x20, d != 0x0A, d != 0x0D, d != 0x09 { i += 1 }
            }
        }

        /// At `{`: records the span of a numeric `"id"` member, skips the rest.
        mutating func object(into spans: inout [Range<Int>]) {
            i += 1
            while let c = next(), c != 0x7D {
                if c == 0x2C { i += 1; continue }
                let keyStart = i
                string()
                let isID = bytes[keyStart..<i].elementsEqual(Array(#""id""#.utf8))
                _ = next()
                i += 1  // the colon
                let start = { () -> Int in
                    space(); return i
                }()
                let numeric = peek.map { $0 == 0x2D || ($0 >= 0x30 && $0 <= 0x39) } ?? false
                value()
                if isID && numeric { spans.append(start..<i) }
            }
            i += 1
        }
    }
}
