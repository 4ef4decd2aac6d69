import HTTPKit
import APIModel
import MockStore

/// What every endpoint needs: the store, auth, time, ids and the configured limits.
struct APIContext: Sendable {
    let store: Store
    let auth: Authenticator
    let clock: MockClock
    let ids: IDGenerator
    /// Concurrent Live Activities per device; 0 disables the limit.
    let liveActivityLimit: Int
    /// Rate limit and billing gates.
    let policy: AccountPolicy
}

/// What a handler decided: an answer now, or a transaction whose result is the answer once committed.
enum APIWork {
    case answer(JSONValue)
    case write((Database) throws -> JSONValue)
}

/// An authenticated API handler: validates, then returns the work, or throws an `APIError`.
typealias APIHandler = @Sendable (Request, APIKeyRecord) throws -> APIWork
