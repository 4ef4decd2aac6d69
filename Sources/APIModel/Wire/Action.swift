/// A Live Activity button: open a URL or call a webhook.
public struct LiveActivityAction: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case openURL = "open_url"
        case webhook
    }

    public enum Method: String, Sendable, CaseIterable {
        case GET, POST
    }

    public var title: String
    public var kind: Kind
    public var url: String
    public var method: Method?
    public var body: JSONObject?

    public static func decode(_ json: JSONValue, path: String) throws(APIError) -> LiveActivityAction {
        var r = try ObjectReader(json, path: path)
        let title = try r.requiredString("title", maxLength: Limits.actionTitle)
        let kind = try r.requiredEnumeration("type", Kind.self)
        let url = try r.requiredString("url", minLength: 1, maxLength: Limits.url)
        let method = try r.enumeration("method", Method.self)
        var body: JSONObject?
        if let raw = r.raw("body") {
            guard case .object(let o) = raw else { throw APIError.invalid("\(path).body must be an object, got \(raw.typeName)") }
            body = o
        }
        try r.finish()
        let lower = url.lowercased()
        switch kind {
        case .openURL:
            // The July spec allows https and shortcuts; SDK 1.14.0 adds http.
            guard lower.hasPrefix("https://") || lower.hasPrefix("shortcuts://") || lower.hasPrefix("http://") else {
                throw APIError.invalid("\(path).url must start with https://, http:// or shortcuts:// for type open_url")
            }
        case .webhook:
            guard lower.hasPrefix("https://") else {
                throw APIError.invalid("\(path).url must start with https:// for type webhook")
            }
        }
        guard url.count > url.prefix(while: { $0 != ":" }).count + 3 else {
            throw APIError.invalid("\(path).url is not a valid URL")
        }
        return LiveActivityAction(title: title, kind: kind, url: url, method: method, body: body)
    }

    public var json: JSONValue {
        var m: [(String, JSONValue)] = [("title", .string(title)), ("type", .string(kind.rawValue)), ("url", .string(url))]
        if let method { m.append(("method", .string(method.rawValue))) }
        if let body { m.append(("body", .object(body))) }
        return .object(m)
    }
}
