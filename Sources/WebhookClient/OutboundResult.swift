/// What became of an outbound request: an HTTP answer (any status), or no answer and why.
public struct OutboundResult: Sendable {
    /// The request line and headers exactly as they went out (empty when nothing was sent).
    public var sentHeaders: [(name: String, value: String)]
    public var outcome: Outcome
    /// Wall time from start to the answer's end, or to the failure.
    public var durationMillis: Double

    public enum Outcome: Sendable {
        case answered(OutboundAnswer)
        case failed(OutboundFailure)
    }

    public init(sentHeaders: [(name: String, value: String)], outcome: Outcome, durationMillis: Double) {
        self.sentHeaders = sentHeaders
        self.outcome = outcome
        self.durationMillis = durationMillis
    }
}

/// An HTTP answer. A redirect is an answer too: it is never followed.
public struct OutboundAnswer: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// At most `OutboundSettings.bodyCap` bytes.
    public var body: [UInt8]
    /// The answer's body went on past the cap.
    public var truncated: Bool

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8], truncated: Bool) {
        self.status = status
        self.headers = headers
        self.body = body
        self.truncated = truncated
    }
}
