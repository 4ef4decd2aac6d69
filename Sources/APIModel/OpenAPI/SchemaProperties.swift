/// The property names a published request schema allows at a field path, for "did you mean"
/// hints on an unknown property. Follows `$ref`s into the components and unions `oneOf`,
/// `anyOf` and `allOf`. Used on error paths only.
public enum SchemaProperties {
    /// The names an object at `path` (`content_state`, `actions[2]`; empty for the body) may have.
    public static func names(at path: [String], in schema: JSONValue, components: [String: JSONValue]) -> Set<String> {
        var level = objects(schema, components, depth: 0)
        for segment in path {
            let name = segment.prefix { $0 != "[" }
            let indexed = segment.contains("[")
            level = level.flatMap { object -> [JSONValue] in
                guard let property = object["properties"]?[String(name)] else { return [] }
                let resolved = objects(property, components, depth: 0)
                guard indexed else { return resolved }
                return resolved.compactMap { $0["items"] }.flatMap { objects($0, components, depth: 0) }
            }
        }
        return Set(level.flatMap { $0["properties"]?.objectValue?.keys ?? [] })
    }

    /// `unknown`'s nearest allowed name at its path, for a message like `x.mesage is not a known property`.
    public static func suggestion(forUnknown fieldPath: String, in schema: JSONValue, components: [String: JSONValue]) -> String? {
        var parts = fieldPath.split(separator: ".").map(String.init)
        guard let unknown = parts.popLast() else { return nil }
        let allowed = names(at: parts, in: schema, components: components).sorted()
        return EditDistance.closest(to: unknown, in: allowed, limit: min(2, max(1, unknown.count / 2)))
    }

    /// The object schemas `schema` stands for (nullable wrappers and unions opened, refs followed).
    private static func objects(_ schema: JSONValue, _ components: [String: JSONValue], depth: Int) -> [JSONValue] {
        guard depth < 16 else { return [] }
        if let ref = schema["$ref"]?.stringValue, let name = ref.split(separator: "/").last, let target = components[String(name)] {
            return objects(target, components, depth: depth + 1)
        }
        var found: [JSONValue] = schema["properties"] != nil || schema["items"] != nil ? [schema] : []
        for key in ["oneOf", "anyOf", "allOf"] {
            if case .array(let options)? = schema[key] { found += options.flatMap { objects($0, components, depth: depth + 1) } }
        }
        return found
    }
}
