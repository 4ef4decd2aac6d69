import APIModel

/// Small builders for the tools' input schemas (JSON Schema, draft 2020-12).
enum MCPSchema {
    static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "object"), ("properties", .object(properties))]
        if !required.isEmpty { members.append(("required", .array(required.map(JSONValue.string)))) }
        return .object(members)
    }

    static func string(_ description: String, enum values: [String]? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "string"), ("description", .string(description))]
        if let values { members.append(("enum", .array(values.map(JSONValue.string)))) }
        return .object(members)
    }

    static func integer(_ description: String, minimum: Int64? = nil, maximum: Int64? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "integer"), ("description", .string(description))]
        if let minimum { members.append(("minimum", .int(minimum))) }
        if let maximum { members.append(("maximum", .int(maximum))) }
        return .object(members)
    }

    static func strings(_ description: String) -> JSONValue {
        .object([("type", "array"), ("items", .object([("type", "string")])), ("description", .string(description))])
    }

    static func anyObject(_ description: String) -> JSONValue {
        .object([("type", "object"), ("description", .string(description))])
    }

    static func anyArray(_ description: String) -> JSONValue {
        .object([("type", "array"), ("items", .object([("type", "object")])), ("description", .string(description))])
    }

    static let target = object([("channels", strings("Channel slugs to target"))], required: ["channels"])
    static let contentState = anyObject(
        "The Live Activity content state: title, type (segmented_progress, progress, metrics, stats, alert, timer, value) and the fields of that type")
    static let action = anyObject("A button: title, type (open_url or webhook), url, and for webhooks method and body")
    static let tags = strings("Up to 20 tags of 1-64 characters")
    static let metadata = anyObject("A flat object of at most 50 string, number or boolean values")
}
