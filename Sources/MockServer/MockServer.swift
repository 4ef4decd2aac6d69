import HTTPKit
import APIModel
import Dispatch

/// How to run the mock: where to listen, which database and fixtures, which limits.
public struct MockConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// A file path, or `:memory:` for a throwaway run.
    public var databasePath = "activitysmith-mock.sqlite"
    /// A fixture file; nil means the embedded defaults (`fixtures/default.json`).
    public var fixturesPath: String?
    /// Start from the fixtures only, dropping stored state.
    public var reset = false
    /// Concurrent Live Activities per device; 0 disables the limit.
    public var liveActivityLimit = 4
    /// Requests per window per account on push, stream and metric calls; 0 disables it.
    public var rateLimit = 60
    /// The rate limit's sliding window, in seconds.
    public var rateWindowSeconds = 60
    /// Where log lines go (one per request); nil silences them.
    public var log: (@Sendable (String) -> Void)? = { line in print(line) }

    public init() {}
}

/// The ActivitySmith mock: store, fixtures, routes and the HTTP server, wired together.
public final class MockServer: @unchecked Sendable {
    public let configuration: MockConfiguration
    let store: Store
    let context: APIContext
    private var http: HTTPServer?

    /// Opens (and migrates) the database and loads the fixtures. Throws `MockServerError` on bad input.
    public init(configuration: MockConfiguration) throws {
        self.configuration = configuration
        let fixtures = try Self.loadFixtures(path: configuration.fixturesPath)
        do {
            store = try Store(path: configuration.databasePath)
        } catch {
            throw MockServerError("cannot open database \(configuration.databasePath): \(error)")
        }
        let clock = MockClock()
        context = APIContext(store: store, auth: Authenticator(), clock: clock, ids: IDGenerator(),
                             liveActivityLimit: configuration.liveActivityLimit,
                             policy: AccountPolicy(defaultRateLimit: configuration.rateLimit,
                                                   windowMillis: Int64(configuration.rateWindowSeconds) * 1000, clock: clock))
        let reset = configuration.reset
        try store.write { db in
            if reset { try FixtureLoader.wipe(db) }
            try FixtureLoader.apply(fixtures, to: db, now: clock.nowMillis())
        }
        try reloadCaches()
    }

    /// Refreshes what is cached in memory from the store (keys, account settings).
    func reloadCaches() throws {
        context.auth.reload(try store.read { try $0.apiKeys() })
        context.policy.reload(try store.read { try $0.accountSettings() })
    }

    private static func loadFixtures(path: String?) throws -> FixtureSet {
        let bytes: [UInt8]
        if let path {
            guard let data = FileBytes.read(path) else { throw MockServerError("cannot read fixture file \(path)") }
            bytes = data
        } else {
            bytes = Array(DefaultFixtures.json.utf8)
        }
        do {
            return try FixtureSet.decode(bytes)
        } catch {
            throw MockServerError("invalid fixture file \(path ?? "(embedded defaults)"): \(error.message ?? error.error)")
        }
    }

    /// The router with every route, mounted at `/` and at `/api`.
    func makeRouter() -> Router {
        let router = Router(prefixes: ["", "/api"])
        LiveActivityEndpoints(context: context).register(on: router)
        StreamEndpoints(context: context).register(on: router)
        PushEndpoints(context: context).register(on: router)
        MetricAndBadgeEndpoints(context: context).register(on: router)
        router.notFound = { request in
            Response.json(404, JSONWriter.encode(APIError(status: 404, error: "Not Found",
                                                          message: "No route for \(request.method) \(request.path)").json))
        }
        return router
    }

    /// Binds and starts serving; `port` is the real port afterwards.
    public func start() throws {
        var config = ServerConfiguration(host: configuration.host, port: configuration.port)
        let log = configuration.log
        config.onRequest = { entry in
            // Requests the parser refused never reach a handler; log them here.
            if entry.method == "-" { log?("- - \(entry.status) \(entry.bytes)B (refused by the HTTP parser)") }
        }
        config.onEvent = { log?($0) }
        let server = HTTPServer(configuration: config, responder: RequestLogger.wrap(makeRouter().responder, log: log))
        do {
            try server.start()
        } catch {
            throw MockServerError("cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        http = server
    }

    public var port: Int { http?.port ?? 0 }

    public var baseURL: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(port)"
    }

    /// Finishes in-flight requests, closes connections and checkpoints the database.
    public func stop(timeout: DispatchTimeInterval = .seconds(5)) {
        http?.shutdown(timeout: timeout)
        store.checkpoint()
    }
}

/// A start-up failure worth a one-line message and exit code 2.
public struct MockServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
