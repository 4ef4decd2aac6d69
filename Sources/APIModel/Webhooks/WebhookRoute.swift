/// `--webhook-route FROM=TO`: a webhook URL that starts with `FROM` is called at `TO` instead,
/// the rest of it (path and query) kept. Lets a test's plain receiver on 127.0.0.1 take calls
/// meant for `https://hooks.example.com`, while the API keeps requiring `https://` URLs.
public struct WebhookRoute: Sendable, Equatable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// Reads `FROM=TO`; both must be http(s) URLs.
    public static func parse(_ text: String) throws(APIError) -> WebhookRoute {
        guard let eq = text.firstIndex(of: "=") else {
            throw APIError.invalid("a webhook route is FROM=TO, e.g. https://hooks.example.com=http://127.0.0.1:3000; got \(text)")
        }
        let route = WebhookRoute(from: String(text[..<eq]), to: String(text[text.index(after: eq)...]))
        for (name, url) in [("FROM", route.from), ("TO", route.to)] {
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.split(separator: "/").count >= 2 else {
                throw APIError.invalid("a webhook route's \(name) must be an http:// or https:// URL; got \(url)")
            }
        }
        return route
    }

    /// The URL to call for `url`: the longest matching route's rewrite, or `url` itself. A prefix
    /// matches only at a boundary, so `https://hooks.example.com` does not take
    /// `https://hooks.example.com.evil.net/`.
    public static func apply(_ routes: [WebhookRoute], to url: String) -> String {
        let lower = url.lowercased()
        let matching = routes.filter { route in
            let from = route.from.lowercased()
            guard lower.hasPrefix(from) else { return false }
            let next = lower.dropFirst(from.count).first
            return next == nil || next == "/" || next == "?" || next == "#" || from.hasSuffix("/")
        }
        guard let route = matching.max(by: { $0.from.count < $1.from.count }) else { return url }
        let rest = url.dropFirst(route.from.count)
        if route.to.hasSuffix("/") && rest.hasPrefix("/") { return route.to + rest.dropFirst() }
        return route.to + rest
    }
}
