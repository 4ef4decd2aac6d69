import HTTPKit
import APIModel
import MockStore

/// `GET /_mock/accounts` and `PATCH /_mock/accounts/{id}`: an account's limits, changed at run
/// time for a test (until the next reset brings the fixtures' back).
struct AccountRoutes {
    let server: MockServer

    func register(on routes: ContractRoutes) {
        let policy = server.context.policy
        ControlRoute.add(routes, ControlDocs.listAccounts, store: server.store) { _, db in
            .object([("accounts", .array(try db.accounts.all().map { Self.json($0.id, name: $0.name, billing: $0.billing, policy) }))])
        }
        ControlRoute.add(routes, ControlDocs.changeAccountLimits, store: server.store) { [server] request, db in
            let id = request.parameter("id")
            var r = try ControlRoute.body(request)
            let rate = try r.int("rate_limit", min: 0, max: 1_000_000)
            let live = try r.int("live_activity_limit", min: 0, max: 1_000_000)
            try r.finish()
            guard rate != nil || live != nil else {
                throw APIError.invalid("give rate_limit or live_activity_limit (0 turns a limit off)")
            }
            guard try db.accounts.setLimits(id: id, rateLimit: rate, liveActivityLimit: live) else {
                throw APIError(status: 404, error: "Not Found", message: "No account \(id)")
            }
            // In this job's transaction: no request sees the store and the policy disagree.
            try server.reloadCaches(db)
            let account = try db.accounts.all().first { $0.id == id }
            return Self.json(id, name: account?.name ?? id, billing: account?.billing, policy)
        }
    }

    private static func json(_ id: String, name: String, billing: BillingState?, _ policy: AccountPolicy) -> JSONValue {
        let limits = policy.limits(id)
        return .object([
            ("id", .string(id)), ("name", .string(name)), ("billing_state", .optional(billing?.rawValue)),
            ("rate_limit", .int(Int64(limits.rateLimit))), ("live_activity_limit", .int(Int64(limits.liveActivityLimit)))
        ])
    }
}
