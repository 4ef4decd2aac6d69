/// Fields shared by several requests: metadata, tags and channel targets.
public enum CommonFields {
    /// `metadata`: a flat object of ≤ 50 entries, ≤ 16 KB as JSON, keys ≤ 100 characters,
    /// values strings (≤ 4000), finite numbers or booleans.
    public static func metadata(_ reader: inout ObjectReader) throws(APIError) -> JSONObject? {
        guard let raw = reader.raw("metadata") else { return nil }
        let path = reader.fieldPath("metadata")
        guard case .object(let object) = raw else { throw APIError.invalid("\(path) must be an object, got \(raw.typeName)") }
        if object.count > Limits.metadataEntries { throw APIError.invalid("\(path) must have at most \(Limits.metadataEntries) entries") }
        for member in object.members {
            if member.key.isEmpty || member.key.count > Limits.metadataKey {
                throw APIError.invalid("\(path) keys must be 1 to \(Limits.metadataKey) characters")
            }
            switch member.value {
            case .string(let s) where s.count > Limits.metadataText:
                throw APIError.invalid("\(path).\(member.key) must be at most \(Limits.metadataText) characters")
            case .string, .int, .double, .bool: continue
            default:
                throw APIError.invalid("\(path).\(member.key) must be a string, number or boolean, got \(member.value.typeName)")
            }
        }
        if JSONWriter.encode(raw).count > Limits.metadataBytes { throw APIError.invalid("\(path) must be at most 16 KB as JSON") }
        return object
    }

    /// `tags`: ≤ 20 strings of 1–64 characters. `[]` is kept (it clears stored tags).
    public static func tags(_ reader: inout ObjectReader) throws(APIError) -> [String]? {
        guard let items = try reader.array("tags", maxItems: Limits.tags) else { return nil }
        let path = reader.fieldPath("tags")
        return try items.enumerated().map { (i, item) throws(APIError) in
            guard case .string(let s) = item else { throw APIError.invalid("\(path)[\(i)] must be a string, got \(item.typeName)") }
            guard (1...Limits.tagLength).contains(s.count) else { throw APIError.invalid("\(path)[\(i)] must be 1 to \(Limits.tagLength) characters") }
            return s
        }
    }

    /// `target: {channels: [slug, ...]}` with at least one slug. `emptyMessage` is the docs' wording
    /// for an empty list where it differs from the general one (streams).
    public static func target(_ reader: inout ObjectReader, emptyMessage: String? = nil) throws(APIError) -> [String]? {
        guard let raw = reader.raw("target") else { return nil }
        let path = reader.fieldPath("target.channels")
        guard case .object(let object) = raw, object.keys.allSatisfy({ $0 == "channels" }), let list = object["channels"] else {
            throw targeting("\(path) must be an array of channel slugs")
        }
        return try slugs(list, path: path, emptyMessage: emptyMessage)
    }

    /// A list of 1–100 channel slugs at `path`.
    public static func slugs(_ raw: JSONValue, path: String, emptyMessage: String? = nil) throws(APIError) -> [String] {
        let message = "\(path) must be an array of channel slugs"
        guard case .array(let items) = raw, items.count <= Limits.channelsPerTarget else { throw targeting(message) }
        if items.isEmpty { throw targeting(emptyMessage ?? message) }
        return try items.map { item throws(APIError) in
            guard case .string(let s) = item, !s.isEmpty, s.count <= Limits.channelSlug else { throw targeting(message) }
            return s
        }
    }

    private static func targeting(_ message: String) -> APIError {
        APIError(status: 400, error: "Invalid channel targeting", message: message)
    }

    /// Parses a request body into a JSON object, mapping syntax errors to 400.
    public static func parseBody(_ body: [UInt8]) throws(APIError) -> JSONValue {
        if body.isEmpty { throw APIError.invalid("request body is required (a JSON object)") }
        let value = try parseJSON(body)
        guard case .object = value else { throw APIError.invalid("body must be a JSON object, got \(value.typeName)") }
        return value
    }

    /// A body the route may go without: nil when empty, only whitespace, or `null` (the Go SDK's
    /// stream DELETE without a final state); otherwise a JSON object as in `parseBody`.
    public static func parseOptionalBody(_ body: [UInt8]) throws(APIError) -> JSONValue? {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        let value = try parseJSON(body)
        switch value {
        case .null: return nil
        case .object: return value
        default: throw APIError.invalid("body must be a JSON object, got \(value.typeName)")
        }
    }

    private static func parseJSON(_ body: [UInt8]) throws(APIError) -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch {
            // `1e400` is valid JSON but no finite number: name the field, as the docs do.
            if error.isNumberOutOfRange && !error.path.isEmpty {
                throw APIError.invalid("\(error.path) must be a finite number")
            }
            throw APIError.invalid("invalid JSON at byte \(error.offset): \(error.message)")
        }
    }
}
