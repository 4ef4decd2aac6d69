/// A connection's life as a value: what it is doing, which deadline governs it, and what its tick
/// does once that deadline passed. Time comes in as instants of the server's clock
/// (`ServerConfiguration.clock`; tests pass their own), so every transition is tested without
/// sockets or sleeps (`ConnectionStateTests`). `Connection` keeps the I/O: socket, transport, buffers,
/// sources and parser. Models: SwiftNIO's state machine structs, Hummingbird's
/// `HTTPConnectionStateHandlerStateMachine`.
struct ConnectionState {
    typealias Instant = ContinuousClock.Instant

    /// The timeouts.
    struct Limits {
        var header: Duration
        var body: Duration
        var idle: Duration
        var write: Duration
        var handshake: Duration
    }

    /// What the tick does.
    enum Expiry: Equatable {
        case none
        /// Close without a word: idle, a stalled write or handshake, the linger's end.
        case close
        /// A request's head or body did not arrive in time: answer 408, then close.
        case requestTimeout
    }

    /// What follows once everything queued was written.
    enum AfterWrite: Equatable {
        case keepOpen
        case close
        /// Half-close and drop what the peer still sends for a while (after an error answer on a
        /// plain socket), so the peer reads the answer instead of a reset.
        case linger
    }

    /// How long a lingering close reads, and how much, before it closes anyway.
    static let lingerTime: Duration = .seconds(2)
    static let lingerBytes = 16 * 1024 * 1024

    let limits: Limits
    private(set) var closed = false
    /// A request was handed to the responder and its answer is not written yet.
    private(set) var inFlight = false
    /// A streaming response started: no more requests are read on this connection.
    private(set) var streaming = false
    /// The peer shut its sending side.
    private(set) var peerClosed = false
    private(set) var shuttingDown = false
    /// Our side is shut after an error answer; what arrives is dropped.
    private(set) var lingering = false

    private let startedAt: Instant
    /// When the connection last became idle (no request in progress, nothing to write).
    private var idleSince: Instant
    /// When the current request's first byte (or its body's start) arrived: the header or body
    /// deadline counts from it.
    private var phaseStart: Instant?
    private var phaseIsBody = false
    private var writeBlockedSince: Instant?
    private var closeAfterWrite = false
    /// The answer that closes the connection is an error the parser or the tick gave (413, 408, …).
    private var errorAnswer = false
    private var lingerUntil: Instant?
    private var lingerBudget = 0

    init(limits: Limits, now: Instant) {
        self.limits = limits
        startedAt = now
        idleSince = now
    }

    // MARK: - Reading

    /// Bytes arrived; a request's head starts counting when they are its first.
    mutating func received(now: Instant, wasMidRequest: Bool) {
        if !wasMidRequest {
            phaseStart = now
            phaseIsBody = false
        }
    }

    /// The parser moved into a body (or the peer was told to send it: 100 Continue).
    mutating func bodyBegan(now: Instant) {
        phaseStart = now
        phaseIsBody = true
    }

    mutating func peerFinished() { peerClosed = true }

    /// The next request may be parsed: one at a time, after the previous answer was written.
    func mayParse(pendingWrite: Bool) -> Bool {
        !closed && !inFlight && !pendingWrite && !streaming
    }

    // MARK: - Requests and answers

    mutating func dispatched() { inFlight = true }

    /// The responder answered; false when the connection closed meanwhile.
    mutating func answered() -> Bool {
        inFlight = false
        return !closed
    }

    /// An answer was queued: the request's deadlines are over.
    mutating func answerQueued() {
        phaseStart = nil
        phaseIsBody = false
    }

    /// The parser or the tick answered an error: the connection closes after it.
    mutating func errorAnswerQueued() { errorAnswer = true }

    mutating func streamStarted() { streaming = true }

    // MARK: - Writing

    mutating func queued(thenClose: Bool) {
        if thenClose { closeAfterWrite = true }
    }

    /// The socket took less than was queued; the write deadline counts from the first time.
    mutating func writeBlocked(now: Instant) {
        if writeBlockedSince == nil { writeBlockedSince = now }
    }

    /// Everything queued is written. `plain`: the transport is a plain socket (TLS closes at once).
    mutating func writeDrained(now: Instant, plain: Bool) -> AfterWrite {
        writeBlockedSince = nil
        idleSince = now
        guard closeAfterWrite else { return .keepOpen }
        guard errorAnswer, plain else { return .close }
        lingering = true
        lingerUntil = now + Self.lingerTime
        lingerBudget = Self.lingerBytes
        return .linger
    }

    /// While lingering: `count` more bytes dropped; true once the budget is spent.
    mutating func discarded(_ count: Int) -> Bool {
        lingerBudget -= count
        return lingerBudget <= 0
    }

    /// While lingering: the peer closed, nothing more will come.

    // MARK: - Shutdown and close

    /// The server stops: true when the connection should close now (idle or streaming); else it
    /// closes after the current answer.
    mutating func beginShutdown(pendingWrite: Bool) -> Bool {
        guard !closed else { return false }
        shuttingDown = true
        return streaming || (!inFlight && !pendingWrite)
    }

    /// True the first time only.
    mutating func close() -> Bool {
        guard !closed else { return false }
        closed = true
        return true
    }

    // MARK: - The tick

    /// What the tick does at `now`. `established`: the transport's handshake is done;
    /// `midRequest`: the parser holds part of a request.
    func expiry(now: Instant, established: Bool, midRequest: Bool, pendingWrite: Bool) -> Expiry {
        guard !closed, !inFlight else { return .none }
        if lingering, let lingerUntil { return now >= lingerUntil ? .close : .none }
        if !established { return expired(startedAt, limits.handshake, now) ? .close : .none }
        if pendingWrite {
            guard let since = writeBlockedSince else { return .none }
            return expired(since, limits.write, now) ? .close : .none
        }
        if streaming { return .none }
        if midRequest || phaseIsBody, let start = phaseStart {
            return expired(start, phaseIsBody ? limits.body : limits.header, now) ? .requestTimeout : .none
        }
        return expired(idleSince, limits.idle, now) ? .close : .none
    }

    private func expired(_ since: Instant, _ limit: Duration, _ now: Instant) -> Bool {
        now - since >= limit
    }
}
