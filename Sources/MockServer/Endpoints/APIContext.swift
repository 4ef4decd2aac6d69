import HTTPKit
import APIModel
import MockStore

/// What every endpoint needs: the store, auth, time, ids and the configured limits.
struct APIContext: Sendable {
    let store: Store
    let auth: Authenticator
    let clock: MockClock
    let ids: IDGenerator
    /// Rate limit, Live Activity limit and billing gates.
    let policy: AccountPolicy
}

/// What a handler decided: an answer now, or a transaction whose result is the answer once committed.
indirect enum APIWork {
    case answer(JSONValue)
    case write((Database) throws -> JSONValue)
    /// The work, for a request that carried properties accepted and dropped (`IgnoredProperties`).
    case noting(ignored: [String], APIWork)

    /// This work, noting `ignored` when there are any.
    func noting(_ ignored: [String]) -> APIWork { ignored.isEmpty ? self : .noting(ignored: ignored, self) }

    /// The answer, with the work done in `db`, a transaction the caller already holds (an MCP
    /// request's); ignored properties are not reported there.
    func perform(_ db: Database) throws -> JSONValue {
        switch self {
        case .answer(let body): return body
        case .write(let job): return try job(db)
        case .noting(_, let inner): return try inner.perform(db)
        }
    }
}

/// An authenticated API handler: validates, then returns the work, or throws an `APIError`.
typealias APIHandler = @Sendable (Request, APIKeyRecord) throws -> APIWork
