import HTTPKit
import APIModel
import MockStore
import Locking

/// Per-account gates in front of the sending endpoints: the request rate limit, the Live Activity
/// limit and billing state.
final class AccountPolicy: Sendable {
    /// Requests per window per account; 0 disables. A fixture or `PATCH /_mock/accounts/{id}` may
    /// override it per account.
    let defaultRateLimit: Int
    /// Concurrent Live Activities per device; 0 disables. Overridable per account like the rate.
    let defaultLiveActivityLimit: Int
    let windowMillis: Int64
    private let clock: MockClock

    private struct State {
        /// Sliding-window log: the times of the requests counted in the current window, per account.
        var recent: [String: [Int64]] = [:]
        var settings: [String: AccountRecord] = [:]
    }

    private let state = Locked(State())

    init(defaultRateLimit: Int, defaultLiveActivityLimit: Int, windowMillis: Int64, clock: MockClock) {
        self.defaultRateLimit = defaultRateLimit
        self.defaultLiveActivityLimit = defaultLiveActivityLimit
        self.windowMillis = windowMillis
        self.clock = clock
    }

    /// Replaces the per-account settings (after fixtures load).
    func reload(_ accounts: [AccountRecord]) {
        let settings = Dictionary(accounts.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        state.withLock { $0.settings = settings }
    }

    /// The limits in force for an account.
    func limits(_ account: String) -> (rateLimit: Int, liveActivityLimit: Int) {
        state.withLock { state in
            let own = state.settings[account]
            return (own?.rateLimit ?? defaultRateLimit, own?.liveActivityLimit ?? defaultLiveActivityLimit)
        }
    }

    /// Counts one request against the account's window; throws 429 (counting nothing) when full.
    func checkRate(_ key: APIKeyRecord) throws {
        let now = clock.nowMillis()
        try state.withLock { (state) throws(APIError) in
            let limit = state.settings[key.accountID]?.rateLimit ?? defaultRateLimit
            guard limit > 0 else { return }
            // The window follows the clock both ways: requests counted at a time the clock has since
            // been moved back before do not count (else a clock set back would keep it full for good).
            let cutoff = now - windowMillis
            var times = state.recent[key.accountID, default: []].filter { $0 > cutoff && $0 <= now }
            guard times.count < limit else {
                state.recent[key.accountID] = times
                throw APIError(status: 429, error: "Rate limit exceeded", message: "Too many requests, please try again later.")
            }
            times.append(now)
            state.recent[key.accountID] = times
        }
    }

    /// 402 with upstream's body when the account's billing state blocks sending.
    func checkBilling(_ key: APIKeyRecord) throws {
        guard let billing = state.withLock({ $0.settings[key.accountID]?.billing }) else { return }
        let message: String
        switch billing {
        case .trialExpired: message = "Your free trial has ended. Upgrade to keep sending."
        case .trialExhausted: message = "Your free trial allowance is used up. Upgrade to keep sending."
        case .overageCapReached: message = "Your plan's overage cap is reached. Raise the cap or upgrade to keep sending."
        }
        throw APIError(
            status: 402, error: billing.rawValue, message: message,
            extra: [("upgrade_url", "https://activitysmith.com/pricing")])
    }

    /// Forgets the request log (reset).
    func clear() { state.withLock { $0.recent.removeAll() } }
}
