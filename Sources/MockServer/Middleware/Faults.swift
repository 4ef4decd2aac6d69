import HTTPKit
import APIModel
import Dispatch
import Locking

/// Armed faults: matching API requests get a status, a delay or a dropped connection.
/// A request answered by a fault never reaches its handler, so it changes no state.
final class FaultBook: Sendable {
    struct Fault: Sendable {
        let id: String
        let method: Method?
        /// A path glob (`*` matches anything), compared without the `/api` prefix.
        let path: String
        var remaining: Int?
        let status: Int?
        let body: JSONValue?
        let delayMillis: Int
        let drop: Bool
        var hits = 0

        var json: JSONValue {
            .object([
                ("id", .string(id)), ("method", method.map { .string($0.rawValue) } ?? .null), ("path", .string(path)),
                ("remaining", remaining.map { .int(Int64($0)) } ?? .null), ("status", status.map { .int(Int64($0)) } ?? .null),
                ("body", body ?? .null), ("delay_ms", .int(Int64(delayMillis))), ("drop", .bool(drop)),
                ("hits", .int(Int64(hits)))
            ])
        }
    }

    private struct State {
        var faults: [Fault] = []
        var counter = 0
    }

    private let state = Locked(State())

    func arm(_ request: Request) throws -> JSONValue {
        var r = try ControlRoute.body(request)
        let method = try r.string("method", minLength: 1, maxLength: 16).map { Method($0.uppercased()) }
        let path = try r.string("path", minLength: 1, maxLength: 512) ?? "*"
        let count = try r.int("count", min: 1, max: 1_000_000).map(Int.init)
        let status = try r.int("status", min: 100, max: 599).map(Int.init)
        let body = r.raw("body")
        let delay = Int(try r.int("delay_ms", min: 0, max: 60_000) ?? 0)
        let drop = try r.bool("drop") ?? false
        try r.finish()
        guard status != nil || delay > 0 || drop else {
            throw APIError.invalid("a fault needs status, delay_ms or drop")
        }
        let fault: Fault = state.withLock { state in
            state.counter += 1
            let f = Fault(
                id: "fault-\(state.counter)", method: method, path: Self.normalize(path), remaining: count,
                status: status, body: body, delayMillis: delay, drop: drop)
            state.faults.append(f)
            return f
        }
        return fault.json
    }

    func list() -> JSONValue { .array(state.withLock { $0.faults.map(\.json) }) }

    func clear() -> Int {
        state.withLock { state in
            defer { state.faults.removeAll() }
            return state.faults.count
        }
    }

    /// The first armed fault matching the request, counted as used.
    func take(_ request: Request) -> Fault? {
        // Every API request passes here: with nothing armed, skip the path work.
        if state.withLock({ $0.faults.isEmpty }) { return nil }
        let path = request.routePath
        return state.withLock { state in
            guard let i = state.faults.firstIndex(where: { ($0.method == nil || $0.method == request.method) && Self.glob($0.path, path) }) else {
                return nil
            }
            state.faults[i].hits += 1
            let hit = state.faults[i]
            if let left = state.faults[i].remaining {
                if left <= 1 { state.faults.remove(at: i) } else { state.faults[i].remaining = left - 1 }
            }
            return hit
        }
    }

    /// The pipeline step that applies armed faults before the route answers.
    var middleware: Middleware {
        Middleware { [self] request, responder, respond in
            guard let fault = take(request) else { return responder(request, respond) }
            let act: @Sendable () -> Void = {
                if fault.drop {
                    var dropped = Response.drop
                    dropped.headers.add("X-Mock-Fault", fault.id)
                    respond(dropped)
                } else if let status = fault.status {
                    let body =
                        fault.body
                        ?? APIError(
                            status: status, error: Status(status).reason,
                            message: "Injected by the mock (\(fault.id))"
                        ).json
                    var response = Response.json(Status(status), JSONWriter.encode(body))
                    response.headers.add("X-Mock-Fault", fault.id)
                    respond(response)
                } else {
                    // A delay alone: the request then proceeds as usual.
                    responder(request, respond)
                }
            }
            if fault.delayMillis > 0 {
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(fault.delayMillis), execute: act)
            } else {
                act()
            }
        }
    }

    /// `/api/x` and `/x` are the same route: an armed path is stored as the router sees it.
    static func normalize(_ path: String) -> String {
        if path == "/api" { return "/" }
        return path.hasPrefix("/api/") ? String(path.dropFirst(4)) : path
    }

    /// `*` matches any run of characters, including `/`.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && p[pi] == t[ti] && p[pi] != UInt8(ascii: "*") {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
