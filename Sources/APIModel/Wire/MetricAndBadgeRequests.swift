/// `POST /metrics/{key}/value`: a finite number or a 1–64 character string, with an optional time.
public struct MetricValueRequest: Sendable, Equatable {
    public var value: JSONValue
    /// Milliseconds since 1970, when the value was measured; nil means "received now".
    public var measuredAt: Int64?

    /// Errors carry only `error`, like upstream's metric endpoint.
    public static func decode(_ body: [UInt8]) throws(APIError) -> MetricValueRequest {
        func fail(_ text: String) -> APIError { APIError(status: 400, error: text, message: nil) }
        let json: JSONValue
        do { json = try CommonFields.parseBody(body) } catch { throw fail(error.message ?? "invalid JSON") }
        guard case .object(let object) = json else { throw fail("body must be a JSON object") }
        for key in object.keys where key != "value" && key != "timestamp" { throw fail("\(key) is not a known property") }
        guard let value = object["value"] else { throw fail("value is required") }
        switch value {
        case .int, .double: break
        case .string(let s) where (1...Limits.metricText).contains(s.count): break
        case .string: throw fail("value must be a string of 1 to \(Limits.metricText) characters")
        default: throw fail("value must be a finite number")
        }
        var request = MetricValueRequest(value: value, measuredAt: nil)
        if let raw = object["timestamp"] {
            guard case .string(let text) = raw, let ms = Timestamp.parse(text) else {
                throw fail("timestamp must be an ISO 8601 date-time")
            }
            request.measuredAt = ms
        }
        return request
    }

    /// `Limits.metricKeyPattern`, checked byte by byte.
    public static func validateKey(_ key: String) throws(APIError) {
        let bytes = Array(key.utf8)
        func ok(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
        guard let first = bytes.first, ok(first), bytes.count <= 64,
            bytes.dropFirst().allSatisfy({ ok($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D })
        else {
            throw APIError(status: 400, error: "metric key must match \(Limits.metricKeyPattern)", message: nil)
        }
    }
}

/// `POST /badge`: the app icon badge count, 0…2147483647, with an optional target.
public struct BadgeRequest: Sendable, Equatable {
    public var badge: Int64
    public var targetChannels: [String]?

    public static func decode(_ body: [UInt8]) throws(APIError) -> BadgeRequest {
        var r = try ObjectReader(try CommonFields.parseBody(body), path: "")
        let request = BadgeRequest(
            badge: try r.requiredInt("badge", min: 0, max: Limits.badgeCount),
            targetChannels: try CommonFields.target(&r))
        try r.finish()
        return request
    }
}
