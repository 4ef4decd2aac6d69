#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch

/// The `activitysmith-mock` command: parse options, start, serve until SIGINT/SIGTERM.
public enum MockServerCLI {
    public static func run(arguments: [String], environment: [String: String]) -> Never {
        setvbuf(stdout, nil, _IOLBF, 0)
        let options: Options
        do {
            options = try Options.parse(arguments: arguments, environment: environment)
        } catch {
            fputs("activitysmith-mock: \(error)\n\n\(Options.usage)\n", stderr)
            exit(2)
        }
        if options.showHelp {
            print(Options.usage)
            exit(0)
        }
        let server: MockServer
        do {
            server = try MockServer(configuration: options.configuration)
            try server.start()
        } catch {
            fputs("activitysmith-mock: \(error)\n", stderr)
            exit(2)
        }
        print("activitysmith-mock listening on \(server.baseURL) (db: \(options.configuration.databasePath))")
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                server.stop(timeout: .seconds(5))
                print("activitysmith-mock stopped")
                exit(0)
            }
            source.resume()
            signalSources.append(source)
        }
        dispatchMain()
    }

    nonisolated(unsafe) private static var signalSources: [DispatchSourceSignal] = []
}
