/// `POST /push-notification` and, without `target`/`sound`/`interruption_level`, its replace (`PUT`).
public struct PushRequest: Sendable, Equatable {
    public enum InterruptionLevel: String, Sendable, CaseIterable {
        case passive, active
        case timeSensitive = "time-sensitive"
    }

    public var title: String
    public var message: String?
    public var subtitle: String?
    public var icon: String?
    public var interruptionLevel: InterruptionLevel?
    public var media: String?
    public var redirection: String?
    public var actions: [PushAction]?
    public var payload: JSONObject?
    public var badge: Int64?
    public var sound: String?
    public var targetChannels: [String]?
    public var tags: [String]?
    public var metadata: JSONObject?
    /// Properties accepted and dropped (`IgnoredProperties`), for the journal.
    public var ignoredProperties: [String] = []

    public static func decode(_ body: [UInt8], replace: Bool) throws(APIError) -> PushRequest {
        var r = try ObjectReader(try CommonFields.parseBody(body), path: "")
        var request = PushRequest(title: try r.requiredString("title", maxLength: Limits.title))
        request.message = try r.string("message", maxLength: Limits.message)
        request.subtitle = try r.string("subtitle", maxLength: Limits.subtitle)
        request.icon = try r.string("icon", maxLength: Limits.url)
        if let icon = request.icon { try URLRules.require(icon, path: "icon", schemes: ["https"]) }
        request.media = try r.string("media", maxLength: Limits.url)
        if let media = request.media { try URLRules.require(media, path: "media", schemes: ["https"]) }
        request.redirection = try r.string("redirection", maxLength: Limits.url)
        if let redirection = request.redirection { try URLRules.requireOpenable(redirection, path: "redirection") }
        if let items = try r.array("actions", maxItems: Limits.pushActions) {
            request.actions = try items.enumerated().map { (i, item) throws(APIError) in try PushAction.decode(item, path: "actions[\(i)]") }
        }
        if request.media != nil, request.actions?.isEmpty == false {
            throw APIError.invalid("media and actions cannot be combined")
        }
        if let raw = r.raw("payload") {
            guard case .object(let o) = raw else { throw APIError.invalid("payload must be an object, got \(raw.typeName)") }
            request.payload = o
        }
        request.badge = try r.int("badge", min: 0, max: Limits.badgeCount)
        if !replace {
            request.sound = try r.string("sound", maxLength: Limits.sound)
            request.interruptionLevel = try r.enumeration("interruption_level", InterruptionLevel.self)
            request.targetChannels = try CommonFields.target(&r)
            request.ignoredProperties = try IgnoredProperties.read(&r)
        }
        request.tags = try CommonFields.tags(&r)
        request.metadata = try CommonFields.metadata(&r)
        try r.finish()
        return request
    }

    public init(title: String) { self.title = title }

    /// What the devices receive (targeting, tags and metadata stay server-side).
    public var payloadJSON: JSONValue {
        var m: [(String, JSONValue)] = [("title", .string(title))]
        func add(_ key: String, _ value: JSONValue?) { if let value { m.append((key, value)) } }
        add("message", message.map(JSONValue.string))
        add("subtitle", subtitle.map(JSONValue.string))
        add("icon", icon.map(JSONValue.string))
        add("interruption_level", interruptionLevel.map { .string($0.rawValue) })
        add("media", media.map(JSONValue.string))
        add("redirection", redirection.map(JSONValue.string))
        add("actions", actions.map { .array($0.map(\.json)) })
        add("payload", payload.map(JSONValue.object))
        add("badge", badge.map(JSONValue.int))
        add("sound", sound.map(JSONValue.string))
        return .object(m)
    }
}

/// A push notification button: open a URL (web, Shortcuts or an app's scheme) or call a webhook.
public struct PushAction: Sendable, Equatable {
    public var title: String
    public var kind: LiveActivityAction.Kind
    public var url: String
    public var method: LiveActivityAction.Method?
    public var body: JSONObject?

    static func decode(_ json: JSONValue, path: String) throws(APIError) -> PushAction {
        var r = try ObjectReader(json, path: path)
        let action = PushAction(
            title: try r.requiredString("title", maxLength: Limits.actionTitle),
            kind: try r.requiredEnumeration("type", LiveActivityAction.Kind.self),
            url: try r.requiredString("url", minLength: 1, maxLength: Limits.url),
            method: try r.enumeration("method", LiveActivityAction.Method.self),
            body: try r.raw("body").map { v throws(APIError) in
                guard case .object(let o) = v else { throw APIError.invalid("\(path).body must be an object, got \(v.typeName)") }
                return o
            })
        try r.finish()
        switch action.kind {
        case .openURL: try URLRules.requireOpenable(action.url, path: "\(path).url")
        case .webhook: try URLRules.require(action.url, path: "\(path).url", schemes: ["https"])
        }
        return action
    }

    var json: JSONValue {
        var m: [(String, JSONValue)] = [("title", .string(title)), ("type", .string(kind.rawValue)), ("url", .string(url))]
        if let method { m.append(("method", .string(method.rawValue))) }
        if let body { m.append(("body", .object(body))) }
        return .object(m)
    }
}

/// URL checks for notification fields.
enum URLRules {
    /// Schemes a notification may never open.
    static let blocked: Set<String> = ["javascript", "file", "data", "about", "blob", "vbscript"]

    static func scheme(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon].lowercased()
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return nil }
        return scheme
    }

    static func require(_ url: String, path: String, schemes: [String]) throws(APIError) {
        guard let s = scheme(of: url), schemes.contains(s), url.count > s.count + 3,
            url.dropFirst(s.count).hasPrefix("://")
        else {
            throw APIError.invalid("\(path) must be an \(schemes.map { "\($0)://" }.joined(separator: " or ")) URL")
        }
        if s == "https" || s == "http", url.dropFirst(s.count + 3).prefix(while: { $0 != "/" }).contains("@") {
            throw APIError.invalid("\(path) must not contain credentials")
        }
    }

    /// http, https, shortcuts, or an installed app's custom scheme; never an internal or executable one.
    static func requireOpenable(_ url: String, path: String) throws(APIError) {
        guard let s = scheme(of: url), url.count > s.count + 1 else {
            throw APIError.invalid("\(path) must be a URL with a scheme, e.g. https://")
        }
        if blocked.contains(s) { throw APIError.invalid("\(path) uses a blocked URL scheme (\(s):)") }
        if s == "http" || s == "https" || s == "shortcuts" { try require(url, path: path, schemes: [s]) }
    }
}
