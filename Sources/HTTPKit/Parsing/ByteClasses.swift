/// Character classes of RFC 9110 §5.6 used while parsing.
enum ByteClass {
    private static let tokenTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(c)] = true }
        for c in "!#$%&'*+-.^_`|~".utf8 { table[Int(c)] = true }
        return table
    }()

    @inline(__always) static func isToken(_ c: UInt8) -> Bool { tokenTable[Int(c)] }

    /// field-vchar / SP / HTAB / obs-text: everything but other controls and DEL.
    @inline(__always) static func isFieldValueByte(_ c: UInt8) -> Bool {
        c == 9 || (c >= 0x20 && c != 0x7F)
    }

    /// Bytes allowed in a request-target: visible ASCII only (no spaces, no controls).
    @inline(__always) static func isTargetByte(_ c: UInt8) -> Bool {
        c > 0x20 && c < 0x7F
    }
}
