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

    /// What the connection is doing: one of these at a time.
    enum Activity: Equatable {
        /// No request in progress: the idle deadline counts from `idleSince`.
        case waiting
        /// Part of a request arrived: its head (from its first byte) or its body (from the end of
        /// its head), each with its own deadline.
        case receiving(body: Bool, since: Instant)
        /// A request is with the responder; nothing expires meanwhile.
        case responding
        /// A streaming response is open: no more requests are read, no idle deadline.
        case streaming
        /// Our side is shut after an error answer; what arrives is dropped until `until` or until
        /// `budget` bytes were.
        case lingering(until: Instant, budget: Int)
        case closed
    }

    let limits: Limits
    private(set) var activity = Activity.waiting
    /// The peer shut its sending side.
    private(set) var peerClosed = false
    private(set) var shuttingDown = false

    private let startedAt: Instant
    /// When the connection last became idle: the start, then each time its writes drained.
    private var idleSince: Instant
    private var writeBlockedSince: Instant?
    private var closeAfterWrite = false
    /// The answer that closes the connection is an error the parser or the tick gave (413, 408, …).
    private var errorAnswer = false

    init(limits: Limits, now: Instant) {
        self.limits = limits
        startedAt = now
        idleSince = now
    }

    var closed: Bool { activity == .closed }
    /// A request was handed to the responder and its answer is not written yet.
    var inFlight: Bool { activity == .responding }
    /// A streaming response started: no more requests are read on this connection.
    var streaming: Bool { activity == .streaming }
    /// Our side is shut after an error answer; what arrives is dropped.
    var lingering: Bool { if case .lingering = activity { true } else { false } }

    // MARK: - Reading

    /// Bytes arrived; a request's head starts counting when they are its first.
    /// (While the responder works, bytes of a pipelined request wait; their deadline starts once
    /// they are parsed.)
    mutating func received(now: Instant, wasMidRequest: Bool) {
        guard !wasMidRequest, activity == .waiting || isReceiving else { return }
        activity = .receiving(body: false, since: now)
    }

    private var isReceiving: Bool { if case .receiving = activity { true } else { false } }

    /// The parser moved into a body (or the peer was told to send it: 100 Continue).
    mutating func bodyBegan(now: Instant) {
        guard activity == .waiting || isReceiving else { return }
        activity = .receiving(body: true, since: now)
    }

    mutating func peerFinished() { peerClosed = true }

    /// The next request may be parsed: one at a time, after the previous answer was written.
    func mayParse(pendingWrite: Bool) -> Bool {
        !pendingWrite && (activity == .waiting || isReceiving)
    }

    // MARK: - Requests and answers

    mutating func dispatched() { activity = .responding }

    /// The responder answered: the request's deadlines are over. False when the connection
    /// closed meanwhile, or when this is not the answer a request waits for (a responder
    /// answering twice): that answer is dropped.
    mutating func answered() -> Bool {
        guard activity == .responding else { return false }
        activity = .waiting
        return true
    }

    /// The parser or the tick answered an error: the connection closes after it.
    mutating func errorAnswerQueued() { errorAnswer = true }

    mutating func streamStarted() { activity = .streaming }

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
        activity = .lingering(until: now + Self.lingerTime, budget: Self.lingerBytes)
        return .linger
    }

    /// While lingering: `count` more bytes dropped; true once the budget is spent.
    mutating func discarded(_ count: Int) -> Bool {
        guard case .lingering(let until, let budget) = activity else { return false }
        activity = .lingering(until: until, budget: budget - count)
        return budget - count <= 0
    }

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
        activity = .closed
        return true
    }

    // MARK: - The tick

    /// What the tick does at `now`. `established`: the transport's handshake is done;
    /// `midRequest`: the parser holds part of a request.
    func expiry(now: Instant, established: Bool, midRequest: Bool, pendingWrite: Bool) -> Expiry {
        switch activity {
        case .closed, .responding: return .none
        case .lingering(let until, _): return now >= until ? .close : .none
        default: break
        }
        if !established { return expired(startedAt, limits.handshake, now) ? .close : .none }
        if pendingWrite {
            guard let since = writeBlockedSince else { return .none }
            return expired(since, limits.write, now) ? .close : .none
        }
        if case .receiving(let body, let since) = activity, midRequest || body {
            return expired(since, body ? limits.body : limits.header, now) ? .requestTimeout : .none
        }
        if streaming { return .none }
        return expired(idleSince, limits.idle, now) ? .close : .none
    }

    private func expired(_ since: Instant, _ limit: Duration, _ now: Instant) -> Bool {
        now - since >= limit
    }
}
