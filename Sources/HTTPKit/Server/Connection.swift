import Glibc
@preconcurrency import Dispatch

/// One accepted socket: its transport (plain or TLS), its buffer and parser, its in-order write
/// queue and its one timer.
///
/// All state is touched only on `queue` (its lane's serial I/O queue, shared with the lane's
/// other connections): that confinement is why it is Sendable unchecked. What it is doing and its
/// deadlines are a `ConnectionState` value; this class keeps the I/O. One request is handled at a
/// time, in order: the next pipelined request is parsed only after the previous answer was
/// written. Reading pauses while a request is with the responder (its answer resumes it, see
/// `IOLane`), and once 64 KiB sit unprocessed, so a peer that keeps sending is held back by the
/// kernel's buffer.
final class Connection: @unchecked Sendable {
    let fd: Int32
    /// The lane's queue: every connection of the lane runs on it, one block at a time.
    let queue: DispatchQueue
    private let lane: IOLane
    private unowned let server: HTTPServer
    let config: ServerConfiguration
    private var parser: RequestParser
    private let transport: Transport
    /// What the connection is doing and its deadlines; set again in `start()`.
    var state: ConnectionState
    /// Whether to wait here for a sequential client's next request (see `TurnaroundWait`).
    private var turnaround: TurnaroundWait
    /// Answers handed to the socket so far.
    private var answers = 0
    private var budget = TurnBudget()

    var readSource: DispatchSourceRead?
    var writeSource: DispatchSourceWrite?
    private var timer: DispatchSourceTimer?
    var readSuspended = false
    var writeSuspended = true
    /// Set while the lane writes a batch of answers: reading resumes after the batch, not in it.
    private var holdResume = false
    /// Reading waits for the end of the lane's batch (`resumeHeldReading`).
    private var resumeHeld = false

    var pending: [UInt8] = []
    var pendingOffset = 0
    /// Set once a streaming response started.
    var stream: ResponseStream?
    var streamChunked = true

    /// Unprocessed bytes a busy connection may buffer before its reading pauses (backpressure).
    static let pauseReadingAbove = 64 * 1024

    init(
        fd: Int32, lane: IOLane, server: HTTPServer, config: ServerConfiguration, transport: Transport,
        handshakeTimeout: Duration
    ) {
        self.fd = fd
        self.queue = lane.queue
        self.lane = lane
        self.server = server
        self.config = config
        self.parser = RequestParser(limits: config.limits)
        self.transport = transport
        self.state = ConnectionState(limits: Self.limits(config, handshake: handshakeTimeout), now: config.clock.now())
        self.turnaround = TurnaroundWait(
            window: config.awaitNextRequest.wholeNanoseconds, spin: config.spinForNextRequest.wholeNanoseconds,
            processors: server.processors)
    }

    func start() {
        queue.async { [self] in
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [unowned self] in self.onReadable() }
            readSource = source
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.setEventHandler { [unowned self] in self.onTimer() }
            // One repeating tick that checks deadlines kept in plain variables: re-aiming a
            // Dispatch timer per request costs a trip through libdispatch's manager thread.
            let tick = Self.tick(for: config)
            timer.schedule(deadline: .now() + .init(tick), repeating: .init(tick), leeway: .init(tick / 4))
            self.timer = timer
            state = ConnectionState(limits: state.limits, now: config.clock.now())
            timer.resume()
            source.resume()
        }
    }

    /// Asked by the server on shutdown: close now if idle, else after the current response.
    func beginShutdown() {
        queue.async { [self] in
            if state.beginShutdown(pendingWrite: !pending.isEmpty) { close() }
        }
    }

    func forceClose() {
        queue.async { [self] in close() }
    }

    // MARK: - Reading

    private func onReadable() {
        budget.renew()
        if turnaround.window > 0 { turnaround.arrivedThroughSource(now: Self.uptime()) }
        readAndProcess()
        awaitNextRequests()
    }

    /// After an answer: takes a sequential client's next requests as they come, while they come
    /// quickly. At most `TurnaroundWait.rounds` of them, so that the queue's other work (this
    /// connection's tick, a shutdown) gets its turn.
    private func awaitNextRequests() {
        for _ in 0..<TurnaroundWait.rounds {
            guard mayAwaitNextRequest() else { return }
            let readiness = Socket.awaitReadable(fd, nanoseconds: turnaround.window, polling: turnaround.spin)
            guard readiness != .timedOut else {
                turnaround.timedOut()
                return
            }
            turnaround.arrivedWhileWaiting(now: Self.uptime())
            server.awaited.add(1, ordering: .relaxed)
            if readiness == .polled { server.polled.add(1, ordering: .relaxed) }
            budget.renew()  // a request awaited here is a turn of its own (no other connection is open)
            // Only a round that answered a request waits again (never a loop on a socket that
            // keeps reporting readable; an answer still to come waits after it is sent).
            let before = answers
            readAndProcess()
            if answers == before { return }
        }
    }

    /// A sequential client's next request may be waited for right here: this connection is the
    /// server's only one (nobody else's work waits behind this queue), its last answer went out
    /// whole, and its client answered quickly before.
    private func mayAwaitNextRequest() -> Bool {
        guard turnaround.shouldWait, state.activity == .waiting, !state.peerClosed, pending.isEmpty,
            !parser.isMidRequest, server.openConnections == 1
        else { return false }
        return true
    }

    private func readAndProcess() {
        guard !state.closed else { return }
        if state.lingering { return discardLingering() }
        var total = 0
        let wasMid = parser.isMidRequest
        let scratch = lane.scratch.buffer
        // Bounded per event so one fast peer cannot starve the others on this queue.
        reading: while total < 256 * 1024 {
            switch transport.read(into: scratch) {
            case .bytes(let n):
                parser.append(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
                total += n
                // A short read drained the socket, unless the transport holds more already.
                if n < scratch.count && !transport.hasBufferedInput { break reading }
            case .wouldBlock:
                break reading
            case .closed:
                state.peerFinished()
                break reading
            }
        }
        if state.streaming {
            // A streaming peer has nothing more to say; reading only tells us when it leaves.
            parser = RequestParser(limits: config.limits)
            if state.peerClosed { close() }
            return
        }
        if total > 0 { state.received(now: config.clock.now(), wasMidRequest: wasMid) }
        if state.peerClosed || ((state.inFlight || !pending.isEmpty) && parser.bufferedCount > Self.pauseReadingAbove) {
            suspendReading()
        }
        process()
    }

    /// Parses and dispatches what the buffer holds, one request at a time, at most a turn's
    /// budget of them (`TurnBudget`); the rest wait for a later turn of the queue.
    private func process() {
        while state.mayParse(pendingWrite: !pending.isEmpty) {
            guard budget.spend() else { return yieldTurn() }
            let wasBody = parser.isReadingBody
            switch parser.next() {
            case .needMore:
                if parser.isReadingBody && !wasBody { state.bodyBegan(now: config.clock.now()) }
                if state.peerClosed || state.shuttingDown && !parser.isMidRequest {
                    close()
                    return
                }
                if holdResume && readSuspended { resumeHeld = true } else { resumeReading() }
                return
            case .expectContinue:
                state.bodyBegan(now: config.clock.now())
                send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), thenClose: false)
            case .failure(let error):
                let bytes = ResponseEncoder.encode(error.response, version: .http11, keepAlive: false, isHead: false)
                config.logRequest(method: "-", path: "-", status: error.status, bytes: error.response.body.count, since: .now())
                state.errorAnswerQueued()
                send(bytes, thenClose: true)
                return
            case .request(let request):
                dispatch(request)
            }
        }
    }

    private func dispatch(_ parsed: Request) {
        var handed = parsed
        handed.connectionQueue = queue
        let request = handed
        state.dispatched()
        let received = DispatchTime.now()
        // The responder runs right here on the connection's queue (responders must not block;
        // `RouteGroup.add` moves synchronous handlers to the handler queue). An answer given before
        // the responder returns is finished in place: no hop between threads on the fast path.
        let sameStack = SameStackAnswer()
        let lane = self.lane
        server.responder(request) { [self] response in
            guard sameStack.take(response) == .queue else { return }  // kept for the stack, or a second answer
            lane.deliver(IOLane.HandedBack(connection: self, request: request, response: response, received: received))
        }
        if let response = sameStack.close() {
            finish(request, response, received: received)
        } else {
            // Answered later: the read source rests until then. A request/response peer sends
            // nothing meanwhile, and a source left armed is re-armed by the manager thread after
            // this handler, a wake-up of its own; resumed with the answer, the lane re-arms its
            // batch's sources together. (A pipelining peer's bytes wait in the kernel's buffer.)
            suspendReading()
        }
    }

    /// An answer handed back through the lane, written in the lane's batch. With other
    /// connections open, reading resumes once the whole batch is written (`resumeHeldReading`).
    /// Alone, it first waits here for a quick client's next request with the source still paused:
    /// a request taken that way costs libdispatch's manager neither a re-arm nor a wake-up.
    func receive(_ request: Request, _ response: Response, received: DispatchTime) {
        holdResume = true
        finish(request, response, received: received)
        holdResume = false
        guard resumeHeld, server.openConnections == 1 else { return }
        resumeHeld = false
        awaitNextRequests()
        if !state.inFlight { resumeReading() }
    }

    /// Called by the lane after its batch of answers: resumes reading held back in `receive`.
    func resumeHeldReading() {
        guard resumeHeld else { return }
        resumeHeld = false
        if !state.closed { resumeReading() }
    }

    private func finish(_ request: Request, _ response: Response, received: DispatchTime) {
        guard state.answered() else { return }
        if response.dropConnection {
            close()
            return
        }
        if let start = response.stream {
            startStream(request, response, start: start, received: received)
            return
        }
        // A half-closed peer still gets answers to what it already sent, then the close.
        let keepAlive =
            request.wantsKeepAlive && !response.closeConnection && !state.shuttingDown
            && !(state.peerClosed && parser.bufferedCount == 0)
        let bytes = ResponseEncoder.encode(
            response, version: request.version, keepAlive: keepAlive,
            isHead: request.method == .head)
        config.logRequest(method: request.method, path: request.path, status: response.status, bytes: response.body.count, since: received)
        send(bytes, thenClose: !keepAlive)
        answers &+= 1
        if turnaround.window > 0 { turnaround.answered(now: Self.uptime()) }
        if pending.isEmpty && !state.closed { process() }
    }

    /// Lets the lane's other work run (this block goes behind it), then goes on with the buffered
    /// requests.
    private func yieldTurn() {
        guard !budget.yieldScheduled else { return }
        budget.yieldScheduled = true
        queue.async { [self] in
            budget.yieldScheduled = false
            budget.renew()
            if !state.closed { process() }
        }
    }

    // MARK: - Writing

    func send(_ bytes: [UInt8], thenClose: Bool) {
        state.queued(thenClose: thenClose)
        if pending.isEmpty {
            pending = bytes
            pendingOffset = 0
        } else {
            pending.append(contentsOf: bytes)
        }
        flush()
    }

    /// While lingering after an error answer: drop what the peer still sends (a client sending a
    /// whole body too large would otherwise get a reset before it reads the 413).
    private func discardLingering() {
        while true {
            switch transport.read(into: lane.scratch.buffer) {
            case .bytes(let n): if state.discarded(n) { return close() }
            case .wouldBlock: return
            case .closed: return close()
            }
        }
    }

    private func flush() {
        while pendingOffset < pending.count {
            let result = pending.withUnsafeBytes { raw in
                transport.write(UnsafeRawBufferPointer(rebasing: raw[pendingOffset...]))
            }
            switch result {
            case .bytes(let n):
                pendingOffset += n
            case .wouldBlock:
                state.writeBlocked(now: config.clock.now())
                resumeWriting()
                return
            case .closed:
                close()
                return
            }
        }
        pending.removeAll(keepingCapacity: pending.capacity <= 64 * 1024)
        pendingOffset = 0
        suspendWriting()
        switch state.writeDrained(now: config.clock.now(), plain: transport is PlainTransport) {
        case .keepOpen:
            break
        case .close:
            close()
        case .linger:
            Glibc.shutdown(fd, Int32(SHUT_WR))
            resumeReading()
        }
    }

    func onWritable() {
        guard !state.closed else { return }
        flush()
        if pending.isEmpty && !state.closed { process() }
    }

    // MARK: - Timer

    private func onTimer() {
        let expiry = state.expiry(
            now: config.clock.now(), established: transport.isEstablished, midRequest: parser.isMidRequest,
            pendingWrite: !pending.isEmpty)
        switch expiry {
        case .none:
            return
        case .close:
            close()
        case .requestTimeout:
            let error = HTTPError(408, "request not received in time")
            config.logRequest(method: "-", path: "-", status: 408, bytes: error.response.body.count, since: .now())
            state.errorAnswerQueued()
            send(ResponseEncoder.encode(error.response, version: .http11, keepAlive: false, isHead: false), thenClose: true)
        }
    }

    func close() {
        guard state.close() else { return }
        timer?.cancel()
        if let stream {
            HandlerQueue.shared.async { stream.terminate() }
        }
        let group = cancelSources()
        let fd = self.fd
        let server = self.server
        let transport = self.transport
        group.notify(queue: queue) { [self] in
            // The descriptor is closed only after every source watching it is gone.
            transport.shutdown()
            Glibc.close(fd)
            readSource = nil
            writeSource = nil
            timer = nil
            server.connectionClosed(self)
        }
        pending = []
    }
}
