import Glibc

/// A strict RFC 8259 parser: no NaN/Infinity, no trailing commas, no duplicate keys, valid UTF-8,
/// bounded nesting and string sizes, so a small request can never cost large memory or time.
public struct JSONParser {
    public struct Limits: Sendable {
        public var maxDepth = 32
        public var maxStringBytes = 64 * 1024
        public init() {}
    }

    public struct Failure: Error, Equatable, Sendable {
        public let message: String
        public let offset: Int
        /// Where in the document it failed, as a field path (`content_state.metrics[0].value`);
        /// empty at the top level. Built while unwinding, so it costs nothing on success.
        public internal(set) var path = ""

        /// True when a number is valid JSON but too large for a Double (`1e400`).
        public var isNumberOutOfRange: Bool { message == Self.outOfRange }
        static let outOfRange = "number out of range"

        func within(_ step: String) -> Failure {
            var f = self
            f.path = path.isEmpty || path.hasPrefix("[") ? step + path : step + "." + path
            return f
        }
    }

    private let bytes: [UInt8]
    private let limits: Limits
    private var i = 0

    /// Parses one JSON document, which may be surrounded by whitespace only.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, limits: limits)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.i == bytes.count else { throw parser.failure("unexpected data after the JSON value") }
        return value
    }

    public static func parse(_ text: String, limits: Limits = Limits()) throws(Failure) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    private init(bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    private func failure(_ message: String) -> Failure { Failure(message: message, offset: i) }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard i < bytes.count else { throw failure("unexpected end of JSON") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character '\(Character(Unicode.Scalar(bytes[i])))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw failure("invalid literal") }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[i + $0] == expected[$0] }
        }
        guard matches else { throw failure("invalid literal") }
        i += count
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= limits.maxDepth else { throw failure("JSON nested deeper than \(limits.maxDepth) levels") }
        i += 1
        var members: [JSONMember] = []
        // Room for a typical object's members at once (growing 1, 2, 4, 8 took four allocations).
        members.reserveCapacity(8)
        // Duplicate keys: a scan of the few members so far; a set only for large objects.
        var seen: Set<String>?
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject()) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let key = try parseString()
            // Keeping the first or the last of two equal keys would be a silent guess.
            if members.count < 16 {
                if members.contains(where: { $0.key == key }) { throw failure("duplicate key \"\(key)\"") }
            } else {
                if seen == nil { seen = Set(members.map(\.key)) }
                guard seen!.insert(key).inserted else { throw failure("duplicate key \"\(key)\"") }
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            i += 1
            skipWhitespace()
            do {
                members.append(JSONMember(key, try parseValue(depth: depth)))
            } catch {
                throw error.within(key)
            }
            skipWhitespace()
            guard i < bytes.count else { throw failure("unexpected end of JSON") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members)) }
            throw failure("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= limits.maxDepth else { throw failure("JSON nested deeper than \(limits.maxDepth) levels") }
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
        while true {
            skipWhitespace()
            do {
                items.append(try parseValue(depth: depth))
            } catch {
                throw error.within("[\(items.count)]")
            }
            skipWhitespace()
            guard i < bytes.count else { throw failure("unexpected end of JSON") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw failure("expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw failure("invalid number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw failure("leading zeros are not allowed") }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw failure("invalid number") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw failure("invalid number") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        guard i - start <= 400 else { throw failure("number literal too long") }
        if isInteger && i - start <= 18 {
            // Up to 18 digits always fits an Int64: no String on the common path.
            let negative = bytes[start] == UInt8(ascii: "-")
            var value: Int64 = 0
            for k in (negative ? start + 1 : start)..<i { value = value * 10 + Int64(bytes[k] - 48) }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw failure(Failure.outOfRange) }
        return isInteger ? .bigInteger(text) : .double(value)
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private mutating func parseString() throws(Failure) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        var ascii = true
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                guard i - start <= limits.maxStringBytes else { throw failure("string longer than \(limits.maxStringBytes) bytes") }
                let end = i
                i += 1
                // ASCII is valid UTF-8 as it stands: decode it directly. (`String(validating:)`
                // on a slice is unspecialized, ~1,000 instructions per string.)
                if ascii { return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) } }
                guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
                    i = end
                    throw failure("invalid UTF-8 in string")
                }
                return text
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw failure("unescaped control character in string") }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            if out.count > limits.maxStringBytes { throw failure("string longer than \(limits.maxStringBytes) bytes") }
            if c == UInt8(ascii: "\"") {
                i += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw failure("invalid UTF-8 in string") }
                return text
            }
            if c < 0x20 { throw failure("unescaped control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            switch bytes[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") else {
                        throw failure("unpaired surrogate in string")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate in string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw failure("unpaired surrogate in string")
                }
                guard let u = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw failure("invalid escape in string")
            }
            i += 1
        }
        throw failure("unterminated string")
    }

    /// Reads the 4 hex digits after `\u`, leaving `i` on the last one.
    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 < bytes.count else { throw failure("invalid \\u escape") }
        var value: UInt32 = 0
        for k in 1...4 {
            let c = bytes[i + k]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - 55)
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | digit
        }
        i += 4
        return value
    }
}
