@preconcurrency import Dispatch

/// A parsed HTTP/1.x request: a value, safe to pass between queues.
public struct Request: Sendable {
    public enum Version: String, Sendable {
        case http10 = "HTTP/1.0"
        case http11 = "HTTP/1.1"
    }

    public var method: Method
    /// The request target as sent (path and query, percent-encoded).
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var path: String
    /// Query items, percent-decoded, in order.
    public var query: [(name: String, value: String)]
    public var version: Version
    public var headers: Headers
    public var body: [UInt8]
    /// Route parameters filled in by the router (`:stream_key` → value, percent-decoded).
    public var parameters: [String: String] = [:]
    /// The path without the mount the router matched it under (`/api/x` → `/x`); nil: the path.
    var mountedPath: String?
    /// The serial queue its connection runs on; nil for a request not read from a socket. Work
    /// finished on another thread may build its answer in a block on this queue, beside the
    /// socket, rather than on the thread that did the work.
    public internal(set) var connectionQueue: DispatchQueue?

    /// The path as its route sees it: without the mount (`/api`) it arrived under.
    public var routePath: String { mountedPath ?? path }

    /// A parameter of the matched route's own pattern (`:name`). The router fills every one, so a
    /// name the pattern lacks is a programming error (an assertion in debug builds, "" otherwise).
    public func parameter(_ name: String) -> String {
        guard let value = parameters[name] else {
            assertionFailure("the route has no parameter :\(name)")
            return ""
        }
        return value
    }

    public init(
        method: Method, target: String, version: Version = .http11,
        headers: Headers = Headers(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        let (path, query) = Request.split(target: target)
        self.path = path
        self.query = query
    }

    /// The first query value named `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`.
    public var wantsKeepAlive: Bool {
        let tokens = headers.tokens(for: "Connection")
        switch version {
        case .http11: return !tokens.contains("close")
        case .http10: return tokens.contains("keep-alive") && !tokens.contains("close")
        }
    }

    static func split(target: String) -> (String, [(name: String, value: String)]) {
        // By byte: the target is ASCII (the parser checked), and Character search is far slower.
        guard let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, []) }
        let path = String(target[..<q])
        let queryText = target[target.index(after: q)...]
        var items: [(name: String, value: String)] = []
        for pair in queryText.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = pair.firstIndex(of: "=") {
                items.append(
                    (
                        PercentDecoding.decode(pair[..<eq], plusAsSpace: true),
                        PercentDecoding.decode(pair[pair.index(after: eq)...], plusAsSpace: true)
                    ))
            } else {
                items.append((PercentDecoding.decode(pair, plusAsSpace: true), ""))
            }
        }
        return (path, items)
    }
}
