/// One member an answer can carry: its key and its schema, named once (`Member`), and how its
/// value is written.
public struct WireMember<Value>: Sendable {
    public let key: String
    public let schema: JSONValue
    let encode: @Sendable (Value) -> JSONValue

    init(_ key: String, _ schema: JSONValue, _ encode: @escaping @Sendable (Value) -> JSONValue) {
        self.key = key
        self.schema = schema
        self.encode = encode
    }

    /// The same member with the description one answer gives it.
    public func described(_ description: String) -> Self {
        WireMember(key, Schema.describe(schema, description), encode)
    }
}

/// One member of a typed answer: which `WireMember`, whether every answer has it, and how it is
/// read from the answer's value.
public struct AnswerMember<Answer>: Sendable {
    let key: String
    let schema: JSONValue
    let required: Bool
    /// The member's JSON, or nil when this answer leaves it out.
    let write: @Sendable (Answer) -> JSONValue?

    /// A member every answer carries.
    public static func always<Value>(_ member: WireMember<Value>, _ read: @escaping @Sendable (Answer) -> Value) -> Self {
        AnswerMember(key: member.key, schema: member.schema, required: true) { member.encode(read($0)) }
    }

    /// A member left out when `read` gives nil.
    public static func whenPresent<Value>(_ member: WireMember<Value>, _ read: @escaping @Sendable (Answer) -> Value?) -> Self {
        AnswerMember(key: member.key, schema: member.schema, required: false) { read($0).map(member.encode) }
    }
}

/// An answer as a typed value: its members, in wire order, are declared once (`members`), and
/// both its JSON (`json`) and its published schema (`schema`) are written from that list, so
/// the two cannot disagree. Requests keep `ObjectReader`, whose errors name the field.
public protocol WireAnswer: Sendable {
    static var members: [AnswerMember<Self>] { get }
}

extension WireAnswer {
    /// The answer's body.
    public var json: JSONValue {
        var members: [JSONMember] = []
        members.reserveCapacity(Self.members.count)
        for member in Self.members {
            if let value = member.write(self) { members.append(JSONMember(member.key, value)) }
        }
        return .object(JSONObject(members))
    }

    /// The answer's schema: every member, those every answer carries required.
    public static var schema: JSONValue { schema(leavingOut: []) }

    /// The schema of the answers that never carry the members named in `keys`.
    public static func schema(leavingOut keys: Set<String>) -> JSONValue {
        let kept = members.filter { !keys.contains($0.key) }
        return Schema.object(kept.map { ($0.key, $0.schema) }, required: kept.filter(\.required).map(\.key))
    }
}
