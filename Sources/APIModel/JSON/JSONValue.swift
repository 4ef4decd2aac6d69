/// A JSON value that keeps integers, floats and booleans apart.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer literal that fits in 64 bits.
    case int(Int64)
    /// A number with a fraction or exponent.
    case double(Double)
    /// An integer literal too large for 64 bits, kept as written: it writes back digit for
    /// digit (a JSON-RPC id answers as sent), and reads as a number where one is wanted.
    case bigInteger(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var intValue: Int64? { if case .int(let i) = self { return i } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var isNumber: Bool {
        switch self {
        case .int, .double, .bigInteger: return true
        default: return false
        }
    }
    /// Either kind of number as a Double.
    public var numberValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bigInteger(let text): return Double(text)
        default: return nil
        }
    }

    /// The JSON type name used in error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .bigInteger: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public subscript(key: String) -> JSONValue? { objectValue?[key] }
}

/// One `"key": value` pair of an object.
public struct JSONMember: Sendable, Equatable {
    public let key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON object that keeps its members in order; equality ignores order.
public struct JSONObject: Sendable, Equatable {
    public private(set) var members: [JSONMember]

    public init(_ members: [JSONMember] = []) { self.members = members }

    /// An object from its members, in order.
    public init(pairs: [(String, JSONValue)]) { members = pairs.map { JSONMember($0.0, $0.1) } }

    public var count: Int { members.count }
    public var keys: [String] { members.map(\.key) }
    public var isEmpty: Bool { members.isEmpty }

    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(JSONMember(key, newValue))
            }
        }
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        for member in a.members where b[member.key] != member.value { return false }
        return true
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue {
    /// An object from its members, in order: the one way this code builds JSON.
    public static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(pairs: members))
    }
}
