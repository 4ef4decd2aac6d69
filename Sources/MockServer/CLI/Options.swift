import APIModel

/// Command-line flags, each also readable from an `ACTIVITYSMITH_MOCK_*` environment variable.
/// Flags win over the environment.
public struct Options {
    public var configuration = MockConfiguration()
    public var showHelp = false
    public var showVersion = false
    /// `healthcheck --wait SECONDS`: keep asking until the server answers or this time passes.
    public var healthcheckWaitSeconds = 0.0

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static let usage = """
        activitysmith-mock: a mock ActivitySmith API server

        Usage: activitysmith-mock [options]
               activitysmith-mock healthcheck [--wait SECONDS] [options]
                                      exit 0 if the server on --host/--port answers /_mock/health (within SECONDS)

          --host HOST                 address to listen on (default 127.0.0.1; 0.0.0.0 or :: for all)
          --port PORT                 port (default 8080; 0 picks a free one)
          --db PATH                   SQLite database (default activitysmith-mock.sqlite; :memory: for a throwaway run)
          --fixtures PATH             fixture file (default: the embedded fixtures/default.json)
          --fixtures-dir DIR          the only directory POST /_mock/reset {"fixtures":NAME} may read (default: none)
          --reset                     drop stored state and start from the fixtures only
          --live-activity-limit N     concurrent Live Activities per device (default 4; 0 disables)
          --rate-limit N              requests per window per account on push, stream and metric calls (default 60; 0 disables)
          --rate-window-seconds N     the rate limit's sliding window (default 60)
          --admin-token TOKEN         require Authorization: Bearer TOKEN on /_mock/* (default: open)
          --seed N                    reproducible activity and notification ids
          --clock SPEC                system (default) or fixed:2026-01-28T09:57:26.056Z (moves only via POST /_mock/clock)
          --journal-retention N       request journal entries kept (default 10000)
          --max-connections N         open connections at most; one more is answered 503 (default 4096)
          --header-timeout SECONDS    a request head must arrive within this (408 after; default 10)
          --tls-port PORT             also serve HTTPS (TLS 1.2/1.3) on this port (0 picks a free one; default: off)
          --tls-name NAME             one more name for the generated server certificate (repeatable; it always has
                                      activitysmith.com, www.activitysmith.com, localhost, 127.0.0.1, ::1 and --host)
          --tls-cert FILE --tls-key FILE
                                      serve this certificate (PEM, with its chain) and key instead of generated ones
          --webhooks on|off           call webhook buttons' URLs when a tap presses them (default on); off records taps only
          --webhook-timeout SECONDS   one webhook call's limit, connection included (default 10; fractions allowed)
          --webhook-route FROM=TO     call a webhook URL starting with FROM at TO instead, path and query kept (repeatable),
                                      e.g. https://hooks.example.com=http://127.0.0.1:3000
          --webhook-ca FILE           PEM certificates trusted for HTTPS receivers, besides the system's store
          --scheduling MODE           normal (default): Linux's default scheduling throughout; adaptive: SCHED_BATCH
                                      threads while other processes leave CPU to spare (more throughput under load)
          --quiet                     no per-request log lines
          --version                   print the version and exit
          -h, --help                  this text

        Environment: ACTIVITYSMITH_MOCK_HOST, _PORT, _DB, _FIXTURES, _FIXTURES_DIR, _RESET (1/true), _LIVE_ACTIVITY_LIMIT,
        _RATE_LIMIT, _RATE_WINDOW_SECONDS, _ADMIN_TOKEN, _SEED, _CLOCK, _JOURNAL_RETENTION,
        _MAX_CONNECTIONS, _HEADER_TIMEOUT, _TLS_PORT, _TLS_NAMES (comma-separated), _TLS_CERT, _TLS_KEY, _WEBHOOKS,
        _WEBHOOK_TIMEOUT, _WEBHOOK_ROUTES (comma-separated), _WEBHOOK_CA, _SCHEDULING, _QUIET.
        """

    /// Flags with a value, by name; the env variable is `ACTIVITYSMITH_MOCK_` + the upper-cased name.
    private static let valued = [
        "host", "port", "db", "fixtures", "fixtures-dir", "live-activity-limit", "rate-limit", "rate-window-seconds",
        "admin-token", "seed", "clock", "journal-retention",
        "max-connections", "header-timeout", "tls-port", "tls-cert", "tls-key", "scheduling",
        "webhooks", "webhook-timeout", "webhook-ca", "wait"
    ]
    /// Flags that may repeat, each adding a value (flags replace the environment's list), with
    /// their comma-separated environment variable.
    private static let repeatable = ["tls-name": "ACTIVITYSMITH_MOCK_TLS_NAMES", "webhook-route": "ACTIVITYSMITH_MOCK_WEBHOOK_ROUTES"]
    private static let switches = ["reset", "quiet"]

    public static func parse(arguments: [String], environment: [String: String]) throws -> Options {
        var values: [String: String] = [:]
        for name in valued + switches {
            let env = "ACTIVITYSMITH_MOCK_" + name.uppercased().replacingDashes()
            if let v = environment[env], !v.isEmpty { values[name] = v }
        }
        var options = Options()
        var lists = repeatable.mapValues { env in
            (environment[env] ?? "").split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        }
        var listsFromFlags: Set<String> = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "-h" || arg == "--help" { options.showHelp = true; continue }
            if arg == "--version" { options.showVersion = true; continue }
            guard arg.hasPrefix("--") else { throw Failure(description: "unexpected argument \(arg)") }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if switches.contains(name) {
                values[name] = inline ?? "true"
            } else if repeatable[name] != nil {
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard i < arguments.count else { throw Failure(description: "--\(name) needs a value") }
                    value = arguments[i]
                    i += 1
                }
                lists[name] = (listsFromFlags.contains(name) ? lists[name] ?? [] : []) + [value]
                listsFromFlags.insert(name)
            } else if valued.contains(name) {
                if let inline { values[name] = inline; continue }
                guard i < arguments.count else { throw Failure(description: "--\(name) needs a value") }
                values[name] = arguments[i]
                i += 1
            } else {
                let known = (valued + switches + Array(repeatable.keys) + ["help", "version"]).filter { $0 != "wait" }
                let hint = Self.closest(to: name, in: known).map { ": did you mean --\($0)? (--help lists every option)" } ?? " (--help lists every option)"
                throw Failure(description: "unknown option --\(name)\(hint)")
            }
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = values[name] else { return nil }
            guard let n = Int(text), range.contains(n) else {
                throw Failure(description: "--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got \(text)")
            }
            return n
        }
        var c = MockConfiguration()
        if let host = values["host"] { c.host = host }
        if let n = try integer("port", 0...65535) { c.port = n }
        if let db = values["db"] { c.databasePath = db }
        c.fixturesPath = values["fixtures"]
        c.fixturesDirectory = values["fixtures-dir"]
        c.reset = try flag(values["reset"], "reset")
        if let n = try integer("live-activity-limit", 0...1_000_000) { c.liveActivityLimit = n }
        if let n = try integer("rate-limit", 0...1_000_000) { c.rateLimit = n }
        if let n = try integer("rate-window-seconds", 1...86_400) { c.rateWindowSeconds = n }
        if let token = values["admin-token"] {
            guard token.count >= 8 else { throw Failure(description: "--admin-token must be at least 8 characters") }
            c.adminToken = token
        }
        if let seed = values["seed"] {
            guard let n = UInt64(seed) else { throw Failure(description: "--seed must be a non-negative integer, got \(seed)") }
            c.seed = n
        }
        if let clock = values["clock"], clock != "system" {
            guard clock.hasPrefix("fixed:"), let ms = Timestamp.parse(String(clock.dropFirst(6))) else {
                throw Failure(description: "--clock must be system or fixed:<ISO 8601 date-time>, got \(clock)")
            }
            c.fixedClock = ms
        }
        if let n = try integer("journal-retention", 1...10_000_000) { c.journalRetention = n }
        if let n = try integer("max-connections", 1...1_000_000) { c.maxConnections = n }
        if let n = try integer("header-timeout", 1...3600) { c.headerTimeoutSeconds = n }
        if try flag(values["quiet"], "quiet") { c.log = nil }
        switch values["scheduling"] ?? "normal" {
        case "adaptive": c.adaptiveScheduling = true
        case "normal": c.adaptiveScheduling = false
        case let other: throw Failure(description: "--scheduling must be normal or adaptive, got \(other)")
        }
        c.tlsPort = try integer("tls-port", 0...65535)
        c.tlsCertificatePath = values["tls-cert"]
        c.tlsKeyPath = values["tls-key"]
        guard (c.tlsCertificatePath == nil) == (c.tlsKeyPath == nil) else {
            throw Failure(description: "--tls-cert and --tls-key go together")
        }
        if c.tlsCertificatePath != nil && c.tlsPort == nil { throw Failure(description: "--tls-cert needs --tls-port") }
        let tlsNames = lists["tls-name"] ?? []
        for name in tlsNames where name.isEmpty || name.count > 253 || name.contains(where: { $0 == " " || $0 == "," }) {
            throw Failure(description: "--tls-name must be a host name or an IP address, got \(name)")
        }
        c.tlsNames = tlsNames
        c.webhooks = try webhookSettings(values, routes: lists["webhook-route"] ?? [])
        if let text = values["wait"] {
            guard let seconds = Double(text), seconds >= 0, seconds <= 600 else {
                throw Failure(description: "--wait must be a number of seconds from 0 to 600, got \(text)")
            }
            options.healthcheckWaitSeconds = seconds
        }
        options.configuration = c
        return options
    }

    private static func webhookSettings(_ values: [String: String], routes: [String]) throws -> WebhookSettings {
        var w = WebhookSettings()
        w.enabled = try flag(values["webhooks"] ?? "on", "webhooks")
        if let text = values["webhook-timeout"] {
            guard let seconds = Double(text), seconds > 0, seconds <= 300 else {
                throw Failure(description: "--webhook-timeout must be a number of seconds above 0, at most 300, got \(text)")
            }
            w.timeoutSeconds = seconds
        }
        for text in routes {
            do {
                w.routes.append(try WebhookRoute.parse(text))
            } catch {
                throw Failure(description: "--webhook-route: \(error.message ?? error.error)")
            }
        }
        if let ca = values["webhook-ca"] {
            guard (try? FileBytes.read(ca)).map({ String(decoding: $0, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") }) == true else {
                throw Failure(description: "--webhook-ca must be a readable PEM file of certificates, got \(ca)")
            }
            w.caFile = ca
        }
        return w
    }

    /// The known name nearest to a mistyped one (at most 3 edits, and under half its length),
    /// for "did you mean".
    static func closest(to name: String, in known: [String]) -> String? {
        EditDistance.closest(to: name, in: known, limit: min(3, max(1, name.count / 2)))
    }

    private static func flag(_ value: String?, _ name: String) throws -> Bool {
        guard let value else { return false }
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw Failure(description: "--\(name) takes true or false, got \(value)")
        }
    }
}

private extension String {
    func replacingDashes() -> String { String(map { $0 == "-" ? "_" : $0 }) }
    func trimmingSpaces() -> String { String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
}
