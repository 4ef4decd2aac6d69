import HTTPKit
import APIModel
import MockStore
import Dispatch

/// `/_mock/clock` (read, freeze, advance, release), `/_mock/health` and `/_mock/tls/ca.pem`.
struct ClockAndHealthRoutes {
    let server: MockServer
    let startedAt = DispatchTime.now()

    func register(on routes: ContractRoutes) {
        let clock = server.context.clock
        ControlRoute.add(routes, ControlDocs.getClock) { _ in clockJSON(clock) }
        ControlRoute.add(routes, ControlDocs.setClock) { request in
            var r = try ControlRoute.body(request)
            let set = try r.string("set", minLength: 1)
            let advance = try r.int("advance_ms", min: 0, max: 10 * 365 * 86_400_000)
            let system = try r.bool("system") ?? false
            try r.finish()
            if let set {
                guard let millis = Timestamp.parse(set) else {
                    throw APIError.invalid("set must be a real ISO 8601 date-time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z")
                }
                clock.set(millis)
            }
            if let advance {
                guard clock.nowMillis() <= Timestamp.latestMillis - advance else {
                    throw APIError.invalid("advance_ms would move the clock past \(Timestamp.iso8601(millis: Timestamp.latestMillis))")
                }
                clock.advance(by: advance)
            }
            if system { clock.release() }
            if set == nil && advance == nil && !system { throw APIError.invalid("send set, advance_ms or system") }
            return clockJSON(clock)
        }
        routes.add(ControlDocs.tlsCertificateAuthority) { [server] _ in
            guard let ca = server.tls?.caCertificate else {
                return ErrorResponse.of(
                    APIError(
                        status: 404, error: "Not Found",
                        message: server.tls == nil
                            ? "HTTPS is off: start with --tls-port" : "the server uses its own certificate (--tls-cert): there is no mock CA"))
            }
            var response = Response(status: 200, body: Array(ca.utf8))
            response.headers.add("Content-Type", "application/x-pem-file")
            return response
        }
        routes.addAsync(ControlDocs.health) { _, respond in
            let answer: @Sendable (Result<(Int, JSONValue), Error>) -> Void = { result in
                respond(
                    ErrorResponse.answer {
                        let (status, body) = try result.get()
                        return Response.json(Status(status), JSONWriter.encode(body))
                    })
            }
            guard server.sharesDatabaseFile else {
                return server.store.writeProblem { problem in
                    server.store.submit({ db in try health(db, problem: problem) }, completion: answer)
                }
            }
            // Sharing the file, another process may hold its write lock, and the writer waits
            // for it: ask without waiting, and read the counts on a reader connection.
            DispatchQueue.global().async {
                guard server.store.writeLockHeldElsewhere() else {
                    return server.store.writeProblem { problem in
                        server.store.submit({ db in try health(db, problem: problem) }, completion: answer)
                    }
                }
                let held = StorageError("another process holds the write lock of \(server.store.path)", kind: .locked)
                server.store.snapshot(includingDeferred: false, { db in try health(db, problem: held) }, completion: answer)
            }
        }
    }

    /// 200 `{"status":"ok",…}`, or 503 `{"status":"degraded","reason":…}` while writes fail
    /// (disk full, read-only storage, a database file gone); reads, and so the counts, still work.
    private func health(_ db: Database, problem: StorageError?) throws -> (Int, JSONValue) {
        let counts = try db.healthCounts().map { ($0.0, JSONValue.int($0.1)) }
        let uptime = (DispatchTime.now().uptimeNanoseconds - startedAt.uptimeNanoseconds) / 1_000_000
        var members: [(String, JSONValue)] = [("status", problem == nil ? "ok" : "degraded")]
        if let problem { members += [("reason", .string(problem.kind.reason)), ("message", .string(problem.description))] }
        members += [
            ("version", .string(MockServer.version)), ("uptime_ms", .int(Int64(uptime))),
            ("db_path", .string(server.store.path)), ("schema_version", .int(Int64(Migrations.latestVersion))),
            ("counts", .object(counts))
        ]
        if let tls = server.tls {
            members.append(
                (
                    "tls",
                    .object([
                        ("url", .optional(server.reachableTLSURL)), ("ca_sha256", .optional(tls.caFingerprint)),
                        ("ca_pem", tls.caCertificate == nil ? .null : "/_mock/tls/ca.pem")
                    ])
                ))
        }
        return (problem == nil ? 200 : 503, .object(members))
    }

    private func clockJSON(_ clock: MockClock) -> JSONValue {
        .object([("now", .time(clock.nowMillis())), ("fixed", .bool(clock.isFixed))])
    }
}
