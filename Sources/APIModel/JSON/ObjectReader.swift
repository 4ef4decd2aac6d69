/// Reads the fields of one JSON object with type and range checks, naming each field by its path.
///
/// Every accessor marks its key as known; `finish()` then rejects the keys nobody asked for
/// (the schemas say `additionalProperties: false`). An explicit `null` reads as absent: the
/// official Go SDK sends `"icon":null` for every unset optional field, and production accepts it.
/// A required field that is `null` is refused by name.
public struct ObjectReader {
    public let object: JSONObject
    public let path: String
    /// The members asked for, by position: a bit each for the first 64 (no allocation, no string
    /// kept; an array of keys grew four times per object), positions past them in a list.
    private var seenMask: UInt64 = 0
    private var seenBeyond: [Int] = []

    public init(_ value: JSONValue, path: String) throws(APIError) {
        guard case .object(let object) = value else {
            throw APIError.invalid("\(path.isEmpty ? "body" : path) must be an object, got \(value.typeName)")
        }
        self.object = object
        self.path = path
    }

    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value of `key`, marking it known; nil when absent or `null`.
    public mutating func raw(_ key: String) -> JSONValue? {
        mark(key)
    }

    /// The raw value of a required `key`, or a 400 naming it when absent or `null`.
    public mutating func requiredRaw(_ key: String) throws(APIError) -> JSONValue {
        try need(key)
    }

    private mutating func mark(_ key: String) -> JSONValue? {
        guard let i = object.members.firstIndex(where: { $0.key == key }) else { return nil }
        if !isSeen(i) {
            if i < 64 { seenMask |= 1 << UInt64(i) } else { seenBeyond.append(i) }
        }
        let value = object.members[i].value
        if case .null = value { return nil }
        return value
    }

    private func isSeen(_ i: Int) -> Bool {
        i < 64 ? seenMask & (1 << UInt64(i)) != 0 : seenBeyond.contains(i)
    }

    public mutating func string(_ key: String, required: Bool = false, minLength: Int = 0, maxLength: Int = 4096) throws(APIError) -> String? {
        guard let value = try present(key, required: required) else { return nil }
        return try string(key, value, minLength: minLength, maxLength: maxLength)
    }

    /// A string that must be there: present, not null, within bounds; else a 400 naming it.
    public mutating func requiredString(_ key: String, minLength: Int = 0, maxLength: Int = 4096) throws(APIError) -> String {
        try string(key, try need(key), minLength: minLength, maxLength: maxLength)
    }

    private func string(_ key: String, _ value: JSONValue, minLength: Int, maxLength: Int) throws(APIError) -> String {
        guard case .string(let s) = value else { throw wrongType(key, "a string", value) }
        // UTF-8 bytes bound the character count from above: count characters only when a bound
        // could be crossed (grapheme breaking costs far more than the byte count).
        let length = minLength > 1 || s.utf8.count > maxLength ? s.count : (s.isEmpty ? 0 : minLength)
        if length < minLength {
            throw APIError.invalid(minLength == 1 ? "\(fieldPath(key)) must not be empty" : "\(fieldPath(key)) must be at least \(minLength) characters")
        }
        if length > maxLength { throw APIError.invalid("\(fieldPath(key)) must be at most \(maxLength) characters") }
        return s
    }

    /// An integer; integral floats such as `2.0` count (JSON Schema's integer), `2.5` does not.
    public mutating func int(_ key: String, required: Bool = false, min: Int64? = nil, max: Int64? = nil) throws(APIError) -> Int64? {
        guard let value = try present(key, required: required) else { return nil }
        return try int(key, value, min: min, max: max)
    }

    /// An integer that must be there; else a 400 naming it.
    public mutating func requiredInt(_ key: String, min: Int64? = nil, max: Int64? = nil) throws(APIError) -> Int64 {
        try int(key, try need(key), min: min, max: max)
    }

    private func int(_ key: String, _ value: JSONValue, min: Int64?, max: Int64?) throws(APIError) -> Int64 {
        let n: Int64
        switch value {
        case .int(let i): n = i
        case .bigInteger: throw APIError.invalid("\(fieldPath(key)) is out of range")
        case .double(let d) where d.rounded() == d:
            guard d >= -9.007199254740992e15 && d <= 9.007199254740992e15 else {
                throw APIError.invalid("\(fieldPath(key)) is out of range")
            }
            n = Int64(d)
        default: throw wrongType(key, "an integer", value)
        }
        if let min, n < min { throw APIError.invalid("\(fieldPath(key)) must be greater than or equal to \(min)") }
        if let max, n > max { throw APIError.invalid("\(fieldPath(key)) must be less than or equal to \(max)") }
        return n
    }

    /// A number, kept as sent (integer or float).
    public mutating func number(
        _ key: String, required: Bool = false, min: Double? = nil, max: Double? = nil,
        exclusiveMin: Double? = nil
    ) throws(APIError) -> JSONValue? {
        guard let value = try present(key, required: required) else { return nil }
        guard let d = value.numberValue else { throw wrongType(key, "a number", value) }
        if let min, d < min { throw APIError.invalid("\(fieldPath(key)) must be greater than or equal to \(format(min))") }
        if let max, d > max { throw APIError.invalid("\(fieldPath(key)) must be less than or equal to \(format(max))") }
        if let exclusiveMin, d <= exclusiveMin { throw APIError.invalid("\(fieldPath(key)) must be greater than \(format(exclusiveMin))") }
        return value
    }

    public mutating func bool(_ key: String, required: Bool = false) throws(APIError) -> Bool? {
        guard let value = try present(key, required: required) else { return nil }
        guard case .bool(let b) = value else { throw wrongType(key, "a boolean", value) }
        return b
    }

    public mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = false) throws(APIError) -> E?
    where E.RawValue == String {
        guard let s = try string(key, required: required) else { return nil }
        return try enumeration(key, s, type)
    }

    /// One of `type`'s values, which must be there; else a 400 naming it.
    public mutating func requiredEnumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(APIError) -> E
    where E.RawValue == String {
        try enumeration(key, try requiredString(key), type)
    }

    private func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ s: String, _ type: E.Type) throws(APIError) -> E
    where E.RawValue == String {
        guard let e = E(rawValue: s) else {
            throw APIError.invalid("\(fieldPath(key)) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")); got \"\(s)\"")
        }
        return e
    }

    public mutating func array(_ key: String, required: Bool = false, minItems: Int = 0, maxItems: Int = 1000) throws(APIError) -> [JSONValue]? {
        guard let value = try present(key, required: required) else { return nil }
        return try array(key, value, minItems: minItems, maxItems: maxItems)
    }

    /// An array that must be there; else a 400 naming it.
    public mutating func requiredArray(_ key: String, minItems: Int = 0, maxItems: Int = 1000) throws(APIError) -> [JSONValue] {
        try array(key, try need(key), minItems: minItems, maxItems: maxItems)
    }

    private func array(_ key: String, _ value: JSONValue, minItems: Int, maxItems: Int) throws(APIError) -> [JSONValue] {
        guard case .array(let items) = value else { throw wrongType(key, "an array", value) }
        if items.count < minItems { throw APIError.invalid("\(fieldPath(key)) must have at least \(minItems) item\(minItems == 1 ? "" : "s")") }
        if items.count > maxItems { throw APIError.invalid("\(fieldPath(key)) must have at most \(maxItems) items") }
        return items
    }

    /// An array of non-empty strings; an item that is not one is a 400 naming `key[i]`.
    public mutating func strings(
        _ key: String, required: Bool = false, maxItems: Int = 1000,
        item: String = "a non-empty string"
    ) throws(APIError) -> [String]? {
        guard let items = try array(key, required: required, maxItems: maxItems) else { return nil }
        return try strings(key, items, item: item)
    }

    /// An array of non-empty strings that must be there; else a 400 naming it.
    public mutating func requiredStrings(_ key: String, maxItems: Int = 1000, item: String = "a non-empty string") throws(APIError) -> [String] {
        try strings(key, try requiredArray(key, maxItems: maxItems), item: item)
    }

    private func strings(_ key: String, _ items: [JSONValue], item: String) throws(APIError) -> [String] {
        let path = fieldPath(key)
        return try items.enumerated().map { (i, value) throws(APIError) in
            guard case .string(let s) = value, !s.isEmpty else { throw APIError.invalid("\(path)[\(i)] must be \(item)") }
            return s
        }
    }

    /// A property that a released official client sends where production ignores it: a string
    /// (or null) is accepted and dropped, and true is returned so the caller can report it;
    /// any other value is a 400 naming it.
    public mutating func ignoredString(_ key: String) throws(APIError) -> Bool {
        guard let value = mark(key) else { return object[key] != nil }
        guard case .string = value else { throw wrongType(key, "a string (it is ignored)", value) }
        return true
    }

    /// A nested object's reader, with the path extended.
    public mutating func object(_ key: String, required: Bool = false) throws(APIError) -> ObjectReader? {
        guard let value = try present(key, required: required) else { return nil }
        return try ObjectReader(value, path: fieldPath(key))
    }

    /// Rejects members that no accessor asked for.
    public func finish() throws(APIError) {
        // Object keys are distinct (the parser refuses duplicates), so equal counts mean all seen.
        guard seenMask.nonzeroBitCount + seenBeyond.count != object.count else { return }
        for (i, member) in object.members.enumerated() where !isSeen(i) {
            throw APIError.invalid("\(fieldPath(member.key)) is not a known property")
        }
    }

    private mutating func present(_ key: String, required: Bool) throws(APIError) -> JSONValue? {
        required ? try need(key) : mark(key)
    }

    /// The value of a key that must be there, or a 400: absent, or `null`.
    private mutating func need(_ key: String) throws(APIError) -> JSONValue {
        guard let value = mark(key) else {
            guard object[key] == nil else { throw APIError.invalid("\(fieldPath(key)) is required and must not be null") }
            throw APIError.invalid("\(fieldPath(key)) is required\(misspelling(of: key))")
        }
        return value
    }

    /// `; the body has "titel": did you mean title?` when a member nobody asked for is a near
    /// miss of the missing `key` (at most two edits). Only on the error path.
    private func misspelling(of key: String) -> String {
        let near = object.members.enumerated().filter { i, member in
            !isSeen(i) && EditDistance.between(member.key, key) <= min(2, max(1, key.count / 2))
        }
        guard let (_, member) = near.first else { return "" }
        return "; the body has \(fieldPath(member.key)): did you mean \(key)?"
    }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> APIError {
        APIError.invalid("\(fieldPath(key)) must be \(expected), got \(value.typeName)")
    }

    private func format(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
