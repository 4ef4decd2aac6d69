import Glibc
@preconcurrency import Dispatch
import Locking
import Synchronization

/// Answers one request: call `respond` exactly once, from any thread, whenever ready.
/// It is called on the connection's I/O queue, so it must not block: hand slow or blocking work
/// to another queue (`RouteGroup.add` does that for synchronous handlers).
public typealias Responder = @Sendable (Request, @escaping @Sendable (Response) -> Void) -> Void

/// An HTTP/1.1 server on non-blocking POSIX sockets driven by Dispatch sources.
///
/// Connections are spread over a fixed set of serial I/O queues (no thread per connection);
/// the responder is called on the connection's queue and must not block (see `Responder`).
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let responder: Responder
    private let acceptQueue = DispatchQueue(label: "httpkit.accept")
    /// The serial I/O queues connections are spread over, each with its read buffer and inbox.
    private let lanes: [IOLane]

    /// A listening socket with its transport. Its source is set up, paused, resumed and cancelled
    /// on `acceptQueue` only; the lock makes that checkable.
    private final class ListeningSocket: Sendable {
        struct Accepting {
            var source: DispatchSourceRead?
            var suspended = false
        }
        let fd: Int32
        let port: Int
        let transport: TransportFactory
        let handshakeTimeout: Duration
        let accepting = Locked(Accepting())
        init(fd: Int32, port: Int, transport: TransportFactory, handshakeTimeout: Duration) {
            self.fd = fd
            self.port = port
            self.transport = transport
            self.handshakeTimeout = handshakeTimeout
        }
    }

    private struct State {
        var listening: [ListeningSocket] = []
        var connections: [ObjectIdentifier: Connection] = [:]
        var stopping = false
        /// `maxConnections`, lowered at start to what the descriptor limit leaves (see
        /// `descriptorCap`). One cap for every listener: plain and TLS connections count alike.
        var connectionCap = 0
        var nextQueue = 0
        /// The most connections open at once since `takePeakConnections` last read it.
        var peak = 0
    }

    private let state = Locked(State())
    /// Every open connection, entered when it is registered and left when it closes: a shutdown
    /// waits for it to empty.
    private let drained = DispatchGroup()

    public init(configuration: ServerConfiguration, responder: @escaping Responder) {
        self.configuration = configuration
        self.responder = responder
        self.processors = System.coreCount
        let count = configuration.ioQueueCount > 0 ? configuration.ioQueueCount : max(1, processors)
        self.lanes = (0..<count).map { IOLane(label: "httpkit.io.\($0)") }
    }

    /// The port actually bound (differs from the configured one when that was 0).
    public var port: Int { state.withLock { $0.listening.first?.port ?? 0 } }

    /// Every bound port: the configuration's own first, then each of `configuration.listeners`.
    public var ports: [Int] { state.withLock { $0.listening.map(\.port) } }

    /// Open connections right now.
    public var connectionCount: Int { state.withLock { $0.connections.count } }
    /// The most connections open at once since the last call (then starts again from those open
    /// now): a burst that opens and closes between two looks at `connectionCount` still shows.
    public func takePeakConnections() -> Int {
        state.withLock { state in
            defer { state.peak = state.connections.count }
            return max(state.peak, state.connections.count)
        }
    }

    /// The same count, read without the lock on every answer (`TurnaroundWait`).
    public var openConnections: Int { open.load(ordering: .relaxed) }
    private let open = Atomic<Int>(0)
    /// CPUs online when the server was made (a turnaround wait spins only with more than one).
    let processors: Int
    /// Waits that ended with the next request's bytes (`TurnaroundWait`), for tests.
    let awaited = Atomic<Int>(0)
    /// Of those, the ones whose request was seen while polling, before the wait slept, for tests.
    let polled = Atomic<Int>(0)
    /// Answers handed back from other threads, and the lane blocks that wrote them (`IOLane`), for tests.
    var handedBack: (answers: Int, drains: Int) {
        lanes.reduce((0, 0)) { ($0.0 + $1.handedBack.load(ordering: .relaxed), $0.1 + $1.drains.load(ordering: .relaxed)) }
    }

    /// Binds and listens on every address (the configuration's own, plain, then its
    /// `listeners`), then starts accepting. Throws if one cannot be bound; none is left open then.
    public func start() throws {
        let cap = min(configuration.maxConnections, Self.descriptorCap(reserve: 64))
        let specs =
            [Listener(host: configuration.host, port: configuration.port, transport: PlainTransportFactory())]
            + configuration.listeners
        var bound: [ListeningSocket] = []
        do {
            for spec in specs {
                let fd = try Socket.listen(host: spec.host, port: spec.port, backlog: configuration.backlog)
                bound.append(
                    ListeningSocket(
                        fd: fd, port: Socket.boundPort(fd), transport: spec.transport,
                        handshakeTimeout: spec.handshakeTimeout))
            }
        } catch {
            bound.forEach { Glibc.close($0.fd) }
            throw error
        }
        state.withLock { state in
            state.listening = bound
            state.connectionCap = cap
        }
        acceptQueue.sync {
            for listener in bound {
                let source = DispatchSource.makeReadSource(fileDescriptor: listener.fd, queue: acceptQueue)
                source.setEventHandler { [unowned self] in self.acceptPending(listener) }
                let fd = listener.fd
                source.setCancelHandler { Glibc.close(fd) }
                listener.accepting.withLock { $0.source = source }
                source.resume()
            }
        }
    }

    private func acceptPending(_ listener: ListeningSocket) {
        // Bounded per wake-up so a connection flood cannot monopolise the accept queue.
        for _ in 0..<256 {
            switch Socket.accept(listener.fd) {
            case .accepted(let fd):
                admit(fd, from: listener)
            case .wouldBlock:
                return
            case .transient:
                continue
            case .exhausted(let code):
                // EMFILE and friends: the pending connection stays in the backlog. Pause
                // accepting briefly instead of spinning or dying; it is retried after.
                configuration.onEvent?("accept: \(String(cString: strerror(code))); backing off 50 ms")
                pauseAccepting(listener, for: .milliseconds(50))
                return
            case .failed(let code):
                configuration.onEvent?("accept failed: \(String(cString: strerror(code)))")
                pauseAccepting(listener, for: .milliseconds(50))
                return
            }
        }
    }

    /// On `acceptQueue` only, as is every use of a listener's source.
    private func pauseAccepting(_ listener: ListeningSocket, for interval: DispatchTimeInterval) {
        let paused: Bool = listener.accepting.withLock { accepting in
            guard let source = accepting.source, !accepting.suspended else { return false }
            source.suspend()
            accepting.suspended = true
            return true
        }
        guard paused else { return }
        acceptQueue.asyncAfter(deadline: .now() + interval) {
            listener.accepting.withLock { accepting in
                guard accepting.suspended, let source = accepting.source else { return }
                accepting.suspended = false
                source.resume()
            }
        }
    }

    private func admit(_ fd: Int32, from listener: ListeningSocket) {
        Socket.setNoDelay(fd)
        let connection: Connection? = state.withLock { state in
            if state.stopping || state.connections.count >= state.connectionCap { return nil }
            guard let transport = listener.transport.makeTransport(fd: fd) else { return nil }
            let lane = lanes[state.nextQueue % lanes.count]
            state.nextQueue &+= 1
            let c = Connection(
                fd: fd, lane: lane, server: self, config: configuration, transport: transport,
                handshakeTimeout: listener.handshakeTimeout)
            state.connections[ObjectIdentifier(c)] = c
            drained.enter()
            open.add(1, ordering: .relaxed)
            state.peak = max(state.peak, state.connections.count)
            return c
        }
        guard let connection else {
            Self.refuse(fd, plain: listener.transport is PlainTransportFactory)
            return
        }
        connection.start()
    }

    private static let overloaded: [UInt8] = ResponseEncoder.encode(
        HTTPError(503, "too many open connections").response, version: .http11, keepAlive: false, isHead: false)

    /// Past the connection limit: one best-effort 503 (on a plain listener; a TLS peer could not
    /// read it) and close, never a hang.
    private static func refuse(_ fd: Int32, plain: Bool) {
        if plain { overloaded.withUnsafeBytes { _ = Socket.write(fd, $0) } }
        Glibc.close(fd)
    }

    func connectionClosed(_ connection: Connection) {
        let removed: Bool = state.withLock { state in
            state.connections.removeValue(forKey: ObjectIdentifier(connection)) != nil
        }
        guard removed else { return }
        open.subtract(1, ordering: .relaxed)
        drained.leave()
    }

    /// Stops accepting, lets in-flight requests finish and closes idle connections; after
    /// `timeout` closes whatever is left. Blocks until done. Safe to call more than once.
    public func shutdown(timeout: DispatchTimeInterval = .seconds(5)) {
        let (open, listeners): ([Connection], [ListeningSocket]) = state.withLock { state in
            state.stopping = true
            return (Array(state.connections.values), state.listening)
        }
        acceptQueue.sync {
            for listener in listeners {
                listener.accepting.withLock { accepting in
                    guard let source = accepting.source else { return }
                    accepting.source = nil
                    if accepting.suspended { accepting.suspended = false; source.resume() }
                    source.cancel()
                }
            }
        }
        if open.isEmpty { return }
        open.forEach { $0.beginShutdown() }
        if drained.wait(timeout: .now() + timeout) == .timedOut {
            let rest = state.withLock { Array($0.connections.values) }
            rest.forEach { $0.forceClose() }
            _ = drained.wait(timeout: .now() + .seconds(1))
        }
    }
}

extension HTTPServer {
    /// Connections the descriptor limit allows while keeping `reserve` free. A process that runs
    /// out of descriptors is fragile beyond our code: libdispatch's thread monitor opens /proc
    /// files and aborts when it cannot. So the connection past this cap gets a 503 instead.
    static func descriptorCap(reserve: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) else { return .max }
        return max(1, Int(limit.rlim_cur) - openDescriptors() - reserve)
    }

    /// How many descriptors the process has open: counted in /proc/self/fd (the lowest free
    /// number undercounts when earlier ones were closed and later ones are still open), else
    /// approximated by the lowest free one.
    static func openDescriptors() -> Int {
        if let directory = opendir("/proc/self/fd") {
            defer { closedir(directory) }
            var count = -3  // ".", ".." and the directory's own descriptor
            while readdir(directory) != nil { count += 1 }
            return max(count, 0)
        }
        let probe = dup(0)
        if probe >= 0 { Glibc.close(probe) }
        return Int(max(probe, 0))
    }
}

enum System {
    static var coreCount: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }
}
