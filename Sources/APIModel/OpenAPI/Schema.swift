/// JSON Schema 2020-12 (the dialect of OpenAPI 3.1), built as values: the published document's
/// schemas are written with these, from the same enums and `Limits` the decoders use.
public enum Schema {
    public static func string(
        _ description: String? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        pattern: String? = nil, format: String? = nil
    ) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "string")]
        if let minLength, minLength > 0 { m.append(("minLength", .int(Int64(minLength)))) }
        if let maxLength { m.append(("maxLength", .int(Int64(maxLength)))) }
        if let pattern { m.append(("pattern", .string(pattern))) }
        if let format { m.append(("format", .string(format))) }
        return described(m, description)
    }

    public static func integer(_ description: String? = nil, minimum: Int64? = nil, maximum: Int64? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "integer")]
        if let minimum { m.append(("minimum", .int(minimum))) }
        if let maximum { m.append(("maximum", .int(maximum))) }
        return described(m, description)
    }

    public static func number(
        _ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil,
        exclusiveMinimum: Double? = nil
    ) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "number")]
        if let minimum { m.append(("minimum", number(minimum))) }
        if let maximum { m.append(("maximum", number(maximum))) }
        if let exclusiveMinimum { m.append(("exclusiveMinimum", number(exclusiveMinimum))) }
        return described(m, description)
    }

    public static func boolean(_ description: String? = nil) -> JSONValue {
        described([("type", "boolean")], description)
    }

    /// A string limited to the raw values of `type`, in declaration order.
    public static func enumeration<E: CaseIterable & RawRepresentable>(_ type: E.Type, _ description: String? = nil) -> JSONValue
    where E.RawValue == String {
        strings(type.allCases.map(\.rawValue), description)
    }

    /// A string limited to `values`.
    public static func strings(_ values: [String], _ description: String? = nil) -> JSONValue {
        described([("type", "string"), ("enum", .array(values.map(JSONValue.string)))], description)
    }

    public static func array(_ items: JSONValue, _ description: String? = nil, minItems: Int? = nil, maxItems: Int? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("type", "array"), ("items", items)]
        if let minItems, minItems > 0 { m.append(("minItems", .int(Int64(minItems)))) }
        if let maxItems { m.append(("maxItems", .int(Int64(maxItems)))) }
        return described(m, description)
    }

    /// A reference to `#/components/schemas/<name>`.
    public static func ref(_ name: String) -> JSONValue {
        .object([("$ref", .string("#/components/schemas/\(name)"))])
    }

    public static func oneOf(_ choices: [JSONValue], _ description: String? = nil) -> JSONValue {
        described([("oneOf", .array(choices))], description)
    }

    /// Any JSON object (webhook bodies, custom payloads).
    public static func anyObject(_ description: String? = nil) -> JSONValue {
        described([("type", "object"), ("additionalProperties", true)], description)
    }

    /// An object. `open` allows members beyond `properties`. With `nullOptional`, every optional
    /// member also takes `null`, which the decoders read as absent (`ObjectReader`).
    public static func object(
        _ properties: [(String, JSONValue)], required: [String] = [], open: Bool = false,
        nullOptional: Bool = false, _ description: String? = nil
    ) -> JSONValue {
        let members = properties.map { name, schema in
            (name, nullOptional && !required.contains(name) ? orNull(schema) : schema)
        }
        var m: [(String, JSONValue)] = [("type", "object")]
        if !required.isEmpty { m.append(("required", .array(required.map(JSONValue.string)))) }
        m.append(("properties", .object(members)))
        m.append(("additionalProperties", .bool(open)))
        return described(m, description)
    }

    /// `schema`, or `null`.
    public static func orNull(_ schema: JSONValue) -> JSONValue {
        guard case .object(var o) = schema else { return schema }
        switch o["type"] {
        case .string(let type)?:
            o["type"] = .array([.string(type), "null"])
            if case .array(let values)? = o["enum"] { o["enum"] = .array(values + [.null]) }
            return .object(o)
        default:
            // A reference or a combination: wrap it (keywords beside `$ref` would be ignored by some tools).
            let description = o["description"]
            o["description"] = nil
            var m: [(String, JSONValue)] = [("anyOf", .array([.object(o), .object([("type", "null")])]))]
            if let description { m.append(("description", description)) }
            return .object(m)
        }
    }

    /// `schema` with a description (kept out of `$ref` siblings by wrapping, as above).
    public static func describe(_ schema: JSONValue, _ description: String) -> JSONValue {
        guard case .object(var o) = schema else { return schema }
        if o["$ref"] != nil { return .object([("allOf", .array([schema])), ("description", .string(description))]) }
        o["description"] = .string(description)
        return .object(o)
    }

    private static func described(_ members: [(String, JSONValue)], _ description: String?) -> JSONValue {
        guard let description else { return .object(members) }
        return .object(members + [("description", .string(description))])
    }

    private static func number(_ d: Double) -> JSONValue {
        d.rounded() == d && abs(d) < 1e15 ? .int(Int64(d)) : .double(d)
    }
}
