/// An ordered list of header fields with ASCII case-insensitive lookup.
///
/// Repeated fields are kept as sent; `values(for:)` returns every one of them.
public struct Headers: Sendable, Sequence {
    public struct Field: Sendable, Equatable {
        public let name: String
        /// The name lowercased once, so lookups never fold case per compare.
        public let lowercasedName: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init() {}

    /// Room for `capacity` fields up front: a request's few headers then take one allocation
    /// instead of four (the array grows 1, 2, 4, 8).
    public init(capacity: Int) { fields.reserveCapacity(capacity) }

    public init(_ pairs: [(String, String)]) {
        fields.reserveCapacity(pairs.count)
        for (name, value) in pairs { add(name, value) }
    }

    public var count: Int { fields.count }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        for field in fields where Self.matches(field.lowercasedName, name) { return field.value }
        return nil
    }

    /// How many fields are called `name` (without gathering their values).
    public func count(of name: String) -> Int {
        var n = 0
        for field in fields where Self.matches(field.lowercasedName, name) { n += 1 }
        return n
    }

    /// Every value of `name`, in the order received.
    public func values(for name: String) -> [String] {
        fields.filter { Self.matches($0.lowercasedName, name) }.map(\.value)
    }

    /// Field names are ASCII tokens: fold `name` byte by byte instead of allocating its lowercase
    /// form on every lookup (a few lookups per request).
    @inline(__always) static func matches(_ lowercased: String, _ name: String) -> Bool {
        var a = lowercased.utf8.makeIterator()
        var b = name.utf8.makeIterator()
        guard lowercased.utf8.count == name.utf8.count else { return false }
        while let x = a.next(), let y = b.next() {
            if x != ((y &- 65) < 26 ? y | 0x20 : y) { return false }
        }
        return true
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, lowercasedName: name.lowercased(), value: value))
    }

    /// Replaces every field called `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.matches($0.lowercasedName, name) }
    }

    /// Comma-separated tokens of every `name` field, lowercased (for `Connection`, `Transfer-Encoding`).
    public func tokens(for name: String) -> [String] {
        values(for: name).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
            .filter { !$0.isEmpty }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
