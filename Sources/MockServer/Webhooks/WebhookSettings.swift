import APIModel

/// How the mock plays ActivitySmith's backend when a webhook button is tapped
/// (`--webhooks`, `--webhook-timeout`, `--webhook-route`, `--webhook-ca`).
public struct WebhookSettings: Sendable {
    /// Off: taps are recorded and nothing is called.
    public var enabled = true
    /// The whole call, connection included.
    public var timeoutSeconds = 10.0
    /// URL prefixes rewritten before the call (a test's receiver on 127.0.0.1).
    public var routes: [WebhookRoute] = []
    /// Certificates (PEM) trusted besides the system's store, for HTTPS receivers.
    public var caFile: String?
    /// Bytes of a receiver's answer body kept.
    public var bodyCap = 64 * 1024
    /// Calls under way at once, and deliveries waiting behind them; a tap past both answers 503.
    public var maxInFlight = 4
    public var maxQueued = 256

    public init() {}
}
