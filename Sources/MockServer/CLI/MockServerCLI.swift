@preconcurrency import Glibc
import Dispatch
import HTTPKit

/// The `activitysmith-mock` command: parse options, start, serve until SIGINT/SIGTERM.
public enum MockServerCLI {
    /// - Parameter whileServing: called once the server listens (the executable's own duties:
    ///   process-wide ones the library leaves to the program).
    public static func run(
        arguments: [String], environment: [String: String], whileServing: (@Sendable (MockServer) -> Void)? = nil
    ) -> Never {
        setvbuf(stdout, nil, _IOLBF, 0)
        // Block the stop signals before any thread exists, so every thread inherits the mask and
        // the main thread can take them synchronously with sigwait: no window where one is lost.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

        let healthcheck = arguments.first == "healthcheck"
        let options: Options
        do {
            options = try Options.parse(arguments: healthcheck ? Array(arguments.dropFirst()) : arguments, environment: environment)
        } catch {
            // One line that names the problem; the full usage is --help's.
            fputs("activitysmith-mock: \(error)\n", stderr)
            exit(2)
        }
        if !healthcheck && options.healthcheckWaitSeconds > 0 {
            fputs("activitysmith-mock: --wait goes with healthcheck (activitysmith-mock healthcheck --wait 10)\n", stderr)
            exit(2)
        }
        if options.showVersion {
            print("activitysmith-mock \(MockServer.version)")
            exit(0)
        }
        if options.showHelp {
            print(Options.usage)
            exit(0)
        }
        if healthcheck { exit(HealthCheck.run(options.configuration, waitSeconds: options.healthcheckWaitSeconds)) }
        raiseDescriptorLimit()
        let server: MockServer
        do {
            server = try MockServer(configuration: options.configuration)
            try server.start()
        } catch {
            fputs("activitysmith-mock: \(error)\n", stderr)
            exit(2)
        }
        whileServing?(server)
        print("activitysmith-mock listening on \(server.baseURL) (db: \(options.configuration.databasePath))")
        if let tlsURL = server.tlsURL { print(tlsURL) }
        if let warning = exposureWarning(options.configuration) { fputs(warning + "\n", stderr) }
        if server.sharesDatabaseFile {
            fputs(
                "activitysmith-mock: note: another process has \(options.configuration.databasePath) open, so every write takes SQLite's file locks (slower); restart once it closed the file to have it alone\n",
                stderr)
        }
        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        // Stopped within 5 s whatever is running: in-flight requests get 3 s, the checkpoint the
        // rest; past 4.5 s the process exits anyway (the WAL keeps every committed write).
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(4500)) {
            fputs("activitysmith-mock: stopped after 4.5 s without finishing the shutdown\n", stderr)
            _exit(0)
        }
        server.stop(timeout: .seconds(3))
        print("activitysmith-mock stopped")
        exit(0)
    }

    /// Beyond loopback the open control plane lets anyone who reaches the port read and reset
    /// the mock's state: say so once at start.
    static func exposureWarning(_ configuration: MockConfiguration) -> String? {
        let host = configuration.host
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        guard !loopback, configuration.adminToken == nil else { return nil }
        return
            "activitysmith-mock: warning: listening on \(host) without --admin-token: anyone who can reach this port can read, change and reset the mock's state under /_mock/"
    }

    /// The soft descriptor limit up to the hard one (as Go and nginx do): the default soft 1,024
    /// would cap connections far below `--max-connections`.
    private static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = min(limit.rlim_max, 1 << 20)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
