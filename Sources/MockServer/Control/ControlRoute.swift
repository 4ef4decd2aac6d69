import HTTPKit
import APIModel
import MockStore

/// `/_mock/*` routes: JSON in and out, behind the optional admin token.
struct AdminGuard: Sendable {
    let token: String?

    /// Account API keys never open the control plane; only the admin token does (when set).
    func check(_ request: Request) throws {
        guard let token else { return }
        let header = request.headers["Authorization"] ?? ""
        // EventSource cannot send headers, so the dashboard may pass the token as a query value.
        let presented =
            header.lowercased().hasPrefix("bearer ")
            ? String(header.dropFirst(7))
            : (request.queryValue("access_token") ?? "")
        guard Authenticator.constantTimeEquals(Array(token.utf8), Array(presented.utf8)) else {
            throw APIError(status: 401, error: "Unauthorized", message: "The control plane needs Authorization: Bearer <admin token>.")
        }
    }
}

extension AdminGuard {
    /// The guard as a pipeline step: the control plane's routes sit behind it as one group.
    var middleware: Middleware {
        Middleware { [self] request, next, respond in
            do {
                try check(request)
                next(request, respond)
            } catch {
                respond(ErrorResponse.of(error))
            }
        }
    }
}

enum ControlRoute {
    /// A JSON route of the control plane that needs no store (the clock, faults), answered on the
    /// connection's queue: it must not block. Errors become their JSON answers.
    static func add(
        _ routes: ContractRoutes, _ operation: OperationDoc,
        _ handler: @escaping @Sendable (Request) throws -> JSONValue
    ) {
        routes.addAsync(operation) { request, respond in
            respond(ErrorResponse.answer { Response.json(200, JSONWriter.encode(try handler(request))) })
        }
    }

    /// A JSON route whose handler runs as one job of the store's writer, in its transaction (so a
    /// read sees every write answered before it), answered once that job committed. No thread
    /// waits for the database; a handler that throws leaves nothing behind.
    static func add(
        _ routes: ContractRoutes, _ operation: OperationDoc, store: Store,
        _ handler: @escaping @Sendable (Request, Database) throws -> JSONValue
    ) {
        addResponding(routes, operation, store: store) { request, db in
            Response.json(200, JSONWriter.encode(try handler(request, db)))
        }
    }

    /// The same, for a handler that chooses its own status.
    static func addResponding(
        _ routes: ContractRoutes, _ operation: OperationDoc, store: Store,
        _ handler: @escaping @Sendable (Request, Database) throws -> Response
    ) {
        routes.addAsync(operation) { request, respond in
            store.submit({ db in try handler(request, db) }) { result in
                respond(ErrorResponse.answer { try result.get() })
            }
        }
    }

    /// A JSON route that reads the journal: on a reader connection of its own once the journal's
    /// deferred writes committed (in memory: the writer), so a long read holds no API write back.
    static func addJournalRead(
        _ routes: ContractRoutes, _ operation: OperationDoc, store: Store,
        _ handler: @escaping @Sendable (Request, Database) throws -> JSONValue
    ) {
        routes.addAsync(operation) { request, respond in
            store.snapshot(includingDeferred: true, { db in try handler(request, db) }) { result in
                respond(ErrorResponse.answer { Response.json(200, JSONWriter.encode(try result.get())) })
            }
        }
    }

    /// A JSON body for control calls; empty or `null` means `{}`.
    static func body(_ request: Request) throws -> ObjectReader {
        try ObjectReader(try CommonFields.parseOptionalBody(request.body) ?? .object([]), path: "")
    }

    /// The link to a list's next page: the same query (without a wait) from `before` on.
    static func nextPage(_ path: String, _ request: Request, before: Int64) -> JSONValue {
        let kept =
            request.query.filter { $0.name != "before" && $0.name != "wait" && $0.name != "min_count" }
            .map { "\($0.name)=\(PercentEncoding.component($0.value))" } + ["before=\(before)"]
        return .string(path + "?" + kept.joined(separator: "&"))
    }

    /// An integer query parameter, or a 400 naming it.
    static func intQuery(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.queryValue(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw APIError.invalid("query parameter \(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }
}

extension JSONValue {
    /// Stored JSON text as a value (or the text itself if it is not JSON).
    static func stored(_ text: String?) -> JSONValue {
        guard let text else { return .null }
        return (try? JSONParser.parse(text)) ?? .string(text)
    }

    static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    static func time(_ millis: Int64?) -> JSONValue {
        millis.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null
    }

    /// The object with `members` set (replaced in place, or appended).
    func merged(_ members: [(String, JSONValue)]) -> JSONValue {
        guard case .object(var object) = self else { return self }
        for (key, value) in members { object[key] = value }
        return .object(object)
    }
}
