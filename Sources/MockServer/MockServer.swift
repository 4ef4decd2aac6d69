import HTTPKit
import APIModel
import MockStore
import Dispatch
import Locking
import Glibc

/// How to run the mock: where to listen, which database and fixtures, which limits.
public struct MockConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// The command line's `--scheduling`: let the executable's `SchedulingGovernor` batch the threads while the
    /// machine has room (true, when asked), or leave Linux's default (false, the default: a test
    /// double does not change how the kernel schedules its threads unasked). Only the CLI acts on it.
    public var adaptiveScheduling = false
    public var port = 8080
    /// A file path, or `:memory:` for a throwaway run.
    public var databasePath = "activitysmith-mock.sqlite"
    /// A fixture file; nil means the embedded defaults (`fixtures/default.json`).
    public var fixturesPath: String?
    /// The only directory `POST /_mock/reset {"fixtures": NAME}` may read from; nil: none
    /// (fixture sets then come inline, as `fixture_set`).
    public var fixturesDirectory: String?
    /// Start from the fixtures only, dropping stored state.
    public var reset = false
    /// Concurrent Live Activities per device; 0 disables the limit.
    public var liveActivityLimit = 4
    /// Requests per window per account on push, stream and metric calls; 0 disables it.
    public var rateLimit = 60
    /// The rate limit's sliding window, in seconds.
    public var rateWindowSeconds = 60
    /// When set, `/_mock/*` needs `Authorization: Bearer <admin token>`.
    public var adminToken: String?
    /// Reproducible activity and notification ids.
    public var seed: UInt64?
    /// A frozen clock (milliseconds since 1970); nil follows the system clock.
    public var fixedClock: Int64?
    /// Open connections at most (one more gets 503).
    public var maxConnections = 4096
    /// Seconds a request's head may take to arrive (408 after).
    public var headerTimeoutSeconds = 10
    /// Journal entries kept (the oldest are dropped beyond it).
    public var journalRetention = 10_000
    /// Also serve HTTPS on this port (0: a free one); nil: no HTTPS.
    public var tlsPort: Int?
    /// More names for the generated server certificate, beside the built-in ones and `host`.
    public var tlsNames: [String] = []
    /// One's own certificate (PEM, with its chain) and key, instead of the generated ones.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// Taps on webhook buttons: whether and how the mock calls the receivers.
    public var webhooks = WebhookSettings()
    /// Where log lines go (one per request); nil silences them.
    public var log: (@Sendable (String) -> Void)? = { line in print(line) }

    public init() {}
}

/// The ActivitySmith mock: store, fixtures, routes and the HTTP server, wired together.
///
public final class MockServer: Sendable {
    public static let version = "0.1.0"
    public let configuration: MockConfiguration
    let store: Store
    let context: APIContext
    private let startupFixtures: FixtureSet
    /// The HTTPS side, when `tlsPort` is set.
    let tls: TLSSetup?
    /// Set by `start()`.
    private let http = Locked<HTTPServer?>(nil)
    /// The router the server answers with, built once (by `start` or the first in-process call).
    private let router = Locked<RouterResponder?>(nil)
    /// The dashboard's event streams.
    let feed: ChangeFeed
    /// Taps and their webhook deliveries.
    let webhooks: Webhooks
    /// Long polls of the request journal.
    let journalWaiters = ChangeWaiters()

    /// Opens (and migrates) the database and loads the fixtures. Throws `MockServerError` on bad input.
    public init(configuration: MockConfiguration) throws {
        self.configuration = configuration
        let fixtures = try Self.loadFixtures(path: configuration.fixturesPath)
        startupFixtures = fixtures
        if let problem = DatabasePathCheck.problem(configuration.databasePath) { throw MockServerError(problem) }
        // The certificate (OpenSSL's start, a key, a signature: ~6 ms) is made while the
        // database opens and migrates, on the other core: start-up is spawn to first answer.
        let tlsSetup = configuration.tlsPort.map { _ in StartupTask { try TLSSetup.make(configuration) } }
        // Whatever fails below, init returns only once the task is done (it writes the CA files).
        defer { _ = try? tlsSetup?.value() }
        do {
            store = try Store(path: configuration.databasePath)
        } catch let inUse as DatabaseInUse {
            throw MockServerError(inUse.description)
        } catch let error as StorageError where error.description.contains(configuration.databasePath) {
            throw MockServerError(error.description)  // it names the file already
        } catch {
            throw MockServerError("cannot open database \(configuration.databasePath): \(error)")
        }
        do {
            tls = try tlsSetup?.value()
        } catch {
            store.close()
            throw MockServerError("cannot set up HTTPS: \(error)")
        }
        let clock = MockClock(fixedAt: configuration.fixedClock)
        context = APIContext(
            store: store, auth: Authenticator(), clock: clock, ids: IDGenerator(seed: configuration.seed),
            policy: AccountPolicy(
                defaultRateLimit: configuration.rateLimit, defaultLiveActivityLimit: configuration.liveActivityLimit,
                windowMillis: Int64(configuration.rateWindowSeconds) * 1000, clock: clock))
        feed = ChangeFeed(snapshot: DashboardSnapshot.reader(store, clock))
        webhooks = Webhooks(settings: configuration.webhooks, store: store, clock: clock, feed: feed)
        let reset = configuration.reset
        do {
            try store.write { db in
                if reset { try db.fixtures.wipe() }
                try FixtureLoader.apply(fixtures, to: db, now: clock.nowMillis())
                try self.reloadCaches(db)
                // A delivery a kill left in flight is never sent again by itself.
                _ = try db.deliveries.failPending(
                    reason: "interrupted: the mock stopped before the receiver answered", at: clock.nowMillis())
            }
        } catch let error as StorageError {
            store.close()
            throw MockServerError("cannot write database \(configuration.databasePath): \(error)")
        }
    }

    /// Refreshes what is cached in memory (keys, account settings), inside the caller's transaction
    /// so no request sees the store and the caches disagree.
    func reloadCaches(_ db: Database) throws {
        context.auth.reload(try db.accounts.apiKeys())
        context.policy.reload(try db.accounts.all())
    }

    /// The fixtures the server started with.
    func fixtures() -> FixtureSet { startupFixtures }

    /// Back to `fixtures` in the caller's transaction (a job of the writer): concurrent API calls
    /// see the old state or the new, never a mix.
    func reset(_ db: Database, to fixtures: FixtureSet) throws {
        try db.fixtures.wipe()
        try FixtureLoader.apply(fixtures, to: db, now: context.clock.nowMillis())
        try reloadCaches(db)
        context.policy.clear()
        if let seed = configuration.seed { context.ids.reseed(seed) }
    }

    private static func loadFixtures(path: String?) throws -> FixtureSet {
        let bytes: [UInt8]
        if let path {
            do {
                bytes = try FileBytes.read(path)
            } catch {
                throw MockServerError("cannot read fixture file \(path): \(error)")
            }
        } else {
            bytes = PackageResources.default_json
        }
        do {
            return try FixtureSet.decode(bytes)
        } catch {
            throw MockServerError("invalid fixture file \(path ?? "(embedded defaults)"): \(error.message ?? error.error)")
        }
    }

    /// Every route, built once. Every request passes the log and the dashboard's refresh; the
    /// API answers at `/x` and `/api/x` behind the journal and any armed fault (its 404s and 405s
    /// too); the control plane answers under `/_mock` behind the admin guard.
    func makeResponder(faults: FaultBook) throws -> RouterResponder {
        try makeRouter(faults: faults).builder.buildResponder()
    }

    /// Every route of the mock, each with its published operation (`ContractRoutes`).
    func makeRouter(faults: FaultBook) -> (builder: RouterBuilder, contract: Contract) {
        let builder = RouterBuilder()
        let contract = Contract()
        builder.middleware = (configuration.log.map { [RequestLogger.middleware($0)] } ?? []) + [feed.middleware]
        let journal = Journal(store: store, clock: context.clock, retention: configuration.journalRetention, waiters: journalWaiters)
        let apiGroup = builder.group(
            mounts: ["", "/api"], [journal.middleware, faults.middleware],
            notFound: { request in
                Response.json(
                    404,
                    JSONWriter.encode(
                        APIError(
                            status: 404, error: "Not Found",
                            message: "No route for \(request.method) \(request.path)"
                        ).json))
            })
        let api = ContractRoutes(apiGroup, contract: contract)
        LiveActivityEndpoints(context: context).register(on: api)
        StreamEndpoints(context: context).register(on: api)
        PushEndpoints(context: context).register(on: api)
        MetricAndBadgeEndpoints(context: context).register(on: api)
        MCPRoute(context: context, tools: MCPTools(context: context)).register(on: api)
        ControlPlane.register(
            on: builder, contract: contract, server: self, faults: faults,
            admin: AdminGuard(token: configuration.adminToken))
        return (builder, contract)
    }

    /// Binds and starts serving; `port` is the real port afterwards.
    public func start() throws {
        var config = ServerConfiguration(host: configuration.host, port: configuration.port)
        config.maxConnections = configuration.maxConnections
        config.headerTimeout = .seconds(configuration.headerTimeoutSeconds)
        let log = configuration.log
        config.onRequest = { entry in
            // Requests the parser refused never reach a handler; log them here.
            if entry.method == "-" { log?("- - \(entry.status) \(entry.bytes)B (refused by the HTTP parser)") }
        }
        config.onEvent = { log?($0) }
        if let tls, let tlsPort = configuration.tlsPort {
            config.listeners = [
                Listener(
                    host: configuration.host, port: tlsPort, transport: tls.transport,
                    handshakeTimeout: .seconds(configuration.headerTimeoutSeconds))
            ]
        }
        let server = HTTPServer(configuration: config, responder: try builtRouter().responder)
        do {
            try server.start()
        } catch let failure as SocketFailure {
            throw MockServerError("cannot listen: \(failure)\(Self.hint(failure))")
        } catch {
            throw MockServerError("cannot listen: \(error)")
        }
        http.withLock { $0 = server }
    }

    private func builtRouter() throws -> RouterResponder {
        try router.withLock { router in
            if let router { return router }
            let built = try makeResponder(faults: FaultBook())
            router = built
            return built
        }
    }

    /// Answers `request` as the served router does, without a socket: the same routes, steps
    /// (journal, faults, the admin guard) and store. A test client in the same process, like
    /// Hummingbird's router test framework; the socket path stays for what only it does (framing,
    /// keep-alive, limits).
    package func respond(to request: Request, _ completion: @escaping @Sendable (Response) -> Void) throws {
        try builtRouter().respond(to: request, completion)
    }

    /// What to do about a port that cannot be taken.
    private static func hint(_ failure: SocketFailure) -> String {
        switch failure.code {
        case EACCES:
            return """
                ; ports below 1024 need root or CAP_NET_BIND_SERVICE \
                (sudo setcap cap_net_bind_service=+ep $(command -v activitysmith-mock)), or take a port above 1023 \
                (in a container: serve on 8443 and publish it as 443)
                """
        case EADDRINUSE: return "; another process listens there (--port 0 or --tls-port 0 picks a free port)"
        default: return ""
        }
    }

    public var port: Int { http.withLock { $0?.port } ?? 0 }

    /// Connections open right now, plain and TLS.
    public var openConnections: Int { http.withLock { $0?.openConnections } ?? 0 }

    /// The most connections open at once since the last call (`HTTPServer.takePeakConnections`).
    public func takePeakConnections() -> Int { http.withLock { $0?.takePeakConnections() } ?? 0 }

    public var baseURL: String { url("http", port) }

    /// Another process had the database file open at start: the server shares it, with SQLite's
    /// locks per transaction, instead of taking it alone (`FileLocking`).
    public var sharesDatabaseFile: Bool {
        configuration.databasePath != ":memory:" && store.locking == .perTransaction
    }

    /// `https://HOST:PORT` when HTTPS is on.
    public var tlsURL: String? {
        guard tls != nil, let ports = http.withLock({ $0?.ports }), ports.count > 1 else { return nil }
        return url("https", ports[1])
    }

    private func url(_ scheme: String, _ port: Int) -> String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(scheme)://\(host):\(port)"
    }

    /// `tlsURL` as a client on this machine can call it: a wildcard host is reached through loopback.
    public var reachableTLSURL: String? {
        guard let url = tlsURL else { return nil }
        return url.replacingFirst("://0.0.0.0:", with: "://127.0.0.1:").replacingFirst("://[::]:", with: "://[::1]:")
    }

    /// Finishes in-flight requests, gives webhook deliveries in flight a few seconds (the rest
    /// are recorded as interrupted), closes connections and checkpoints the database.
    public func stop(timeout: DispatchTimeInterval = .seconds(5)) {
        http.withLock { $0 }?.shutdown(timeout: timeout)
        // The router's routes hold this server: let go of them, or neither is ever freed.
        router.withLock { $0 = nil }
        // Within SIGTERM's 5 s: the calls get 1.5 s (or their timeout, if shorter), then up to
        // 1.5 s to notice they are abandoned.
        journalWaiters.finishAll()
        webhooks.shutdown(grace: .milliseconds(Int(min(1.5, configuration.webhooks.timeoutSeconds) * 1000)))
        store.close()
    }
}

/// A start-up failure worth a one-line message and exit code 2.
public struct MockServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// `self` with the first `target` replaced (no Foundation here).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let start = indices.first(where: { self[$0...].hasPrefix(target) }) else { return self }
        return String(self[..<start]) + replacement + String(self[index(start, offsetBy: target.count)...])
    }
}
