import HTTPKit
import APIModel
import MockStore

/// `POST /_mock/streams/{stream_key}/pause` and `/resume`: the state the docs' MCP tools
/// `pause_live_activity_stream` and `resume_live_activity_stream` leave a stream in.
///
/// Pause ends the stream's current activity as a DELETE would and makes later PUTs answer
/// `operation: "paused"` until resumed; the next PUT after resume starts anew.
struct StreamRoutes {
    let store: Store
    let clock: MockClock

    func register(on routes: ContractRoutes) {
        ControlRoute.add(routes, ControlDocs.pauseStream, store: store) { request, db in
            try change(request, db, paused: true)
        }
        ControlRoute.add(routes, ControlDocs.resumeStream, store: store) { request, db in
            try change(request, db, paused: false)
        }
    }

    private func change(_ request: Request, _ db: Database, paused: Bool) throws -> JSONValue {
        let streamKey = request.parameter("stream_key")
        try StreamKey.validate(streamKey)
        var r = try ControlRoute.body(request)
        let named = try r.string("account", minLength: 1, maxLength: 64) ?? request.queryValue("account")
        try r.finish()
        return try StreamPausing.set(
            db, account: try Self.account(db, named: named, streamKey: streamKey), streamKey: streamKey,
            paused: paused, now: clock.nowMillis())
    }

    /// The account named, else the one whose activity used the key last, else the only account.
    private static func account(_ db: Database, named: String?, streamKey: String) throws -> String {
        if let named {
            guard try db.accounts.exists(named) else {
                throw APIError(status: 404, error: "Not Found", message: "No account \(named)")
            }
            return named
        }
        if let owner = try db.streams.latestOwner(streamKey: streamKey) { return owner }
        let accounts = try db.accounts.ids()
        guard accounts.count == 1 else {
            throw APIError.invalid("account is required: stream \(streamKey) has no activity yet and there are \(accounts.count) accounts")
        }
        return accounts[0]
    }
}
