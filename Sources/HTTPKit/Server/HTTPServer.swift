import Glibc
@preconcurrency import Dispatch

/// Answers one request: call `respond` exactly once, from any thread, whenever ready.
/// It is called on the connection's I/O queue, so it must not block: hand slow or blocking work
/// to another queue (`Router.add` does that for synchronous handlers).
public typealias Responder = @Sendable (Request, @escaping @Sendable (Response) -> Void) -> Void

/// An HTTP/1.1 server on non-blocking POSIX sockets driven by Dispatch sources.
///
/// Connections are spread over a fixed set of serial I/O queues (no thread per connection);
/// the responder is called on the connection's queue and must not block (see `Responder`).
public final class HTTPServer: @unchecked Sendable {
    public let configuration: ServerConfiguration
    let responder: Responder
    private let acceptQueue = DispatchQueue(label: "httpkit.accept")
    private let ioQueues: [DispatchQueue]
    private var nextQueue = 0

    private let lock = Lock()
    private var listener: Int32 = -1
    private var acceptSource: DispatchSourceRead?
    private var acceptSuspended = false
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var stopping = false
    private var boundPort = 0
    /// `maxConnections`, lowered at start to what the descriptor limit leaves (see `descriptorCap`).
    private var connectionCap = 0
    private let drained = DispatchSemaphore(value: 0)

    public init(configuration: ServerConfiguration, responder: @escaping Responder) {
        self.configuration = configuration
        self.responder = responder
        let count = configuration.ioQueueCount > 0 ? configuration.ioQueueCount : max(1, System.coreCount)
        self.ioQueues = (0..<count).map { DispatchQueue(label: "httpkit.io.\($0)") }
    }

    /// The port actually bound (differs from the configured one when that was 0).
    public var port: Int { lock.withLock { boundPort } }

    /// Open connections right now.
    public var connectionCount: Int { lock.withLock { connections.count } }

    /// Binds, listens and starts accepting. Throws if the address cannot be bound.
    public func start() throws {
        let cap = min(configuration.maxConnections, Self.descriptorCap(reserve: 64))
        let fd = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
        lock.withLock {
            listener = fd
            connectionCap = cap
            boundPort = Socket.boundPort(fd)
            acceptSource = source
        }
        source.setEventHandler { [unowned self] in self.acceptPending() }
        source.setCancelHandler { Glibc.close(fd) }
        source.resume()
    }

    private func acceptPending() {
        // Bounded per wake-up so a connection flood cannot monopolise the accept queue.
        for _ in 0..<256 {
            switch Socket.accept(listener) {
            case .accepted(let fd):
                admit(fd)
            case .wouldBlock:
                return
            case .transient:
                continue
            case .exhausted(let code):
                // EMFILE and friends: the pending connection stays in the backlog. Pause
                // accepting briefly instead of spinning or dying; it is retried after.
                configuration.onEvent?("accept: \(String(cString: strerror(code))); backing off 50 ms")
                pauseAccepting(for: .milliseconds(50))
                return
            case .failed(let code):
                configuration.onEvent?("accept failed: \(String(cString: strerror(code)))")
                pauseAccepting(for: .milliseconds(50))
                return
            }
        }
    }

    private func pauseAccepting(for interval: DispatchTimeInterval) {
        guard let source = acceptSource, !acceptSuspended else { return }
        source.suspend()
        acceptSuspended = true
        acceptQueue.asyncAfter(deadline: .now() + interval) { [self] in
            guard acceptSuspended, let source = acceptSource else { return }
            acceptSuspended = false
            source.resume()
        }
    }

    private func admit(_ fd: Int32) {
        let connection: Connection? = lock.withLock {
            if stopping || connections.count >= connectionCap { return nil }
            let queue = DispatchQueue(label: "httpkit.conn", target: ioQueues[nextQueue % ioQueues.count])
            nextQueue &+= 1
            let c = Connection(fd: fd, queue: queue, server: self, config: configuration)
            connections[ObjectIdentifier(c)] = c
            return c
        }
        guard let connection else {
            Self.refuse(fd)
            return
        }
        Socket.setNoDelay(fd)
        connection.start()
    }

    private static let overloaded: [UInt8] = ResponseEncoder.encode(
        HTTPError(503, "too many open connections").response, version: .http11, keepAlive: false, isHead: false)

    /// Past the connection limit: one best-effort 503 and close, never a hang.
    private static func refuse(_ fd: Int32) {
        overloaded.withUnsafeBytes { _ = Socket.write(fd, $0) }
        Glibc.close(fd)
    }

    func connectionClosed(_ connection: Connection) {
        let empty: Bool = lock.withLock {
            connections[ObjectIdentifier(connection)] = nil
            return connections.isEmpty && stopping
        }
        if empty { drained.signal() }
    }

    /// Stops accepting, lets in-flight requests finish and closes idle connections; after
    /// `timeout` closes whatever is left. Blocks until done. Safe to call more than once.
    public func shutdown(timeout: DispatchTimeInterval = .seconds(5)) {
        let (open, source, wasStopping): ([Connection], DispatchSourceRead?, Bool) = lock.withLock {
            let was = stopping
            stopping = true
            let s = acceptSource
            acceptSource = nil
            return (Array(connections.values), s, was)
        }
        if wasStopping && source == nil && open.isEmpty { return }
        if let source {
            acceptQueue.sync {
                if acceptSuspended { acceptSuspended = false; source.resume() }
                source.cancel()
            }
        }
        if open.isEmpty { return }
        open.forEach { $0.beginShutdown() }
        if drained.wait(timeout: .now() + timeout) == .timedOut {
            let rest = lock.withLock { Array(connections.values) }
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
        // The lowest free descriptor approximates how many are open already.
        let probe = dup(0)
        if probe >= 0 { Glibc.close(probe) }
        return max(1, Int(limit.rlim_cur) - Int(max(probe, 0)) - reserve)
    }
}

enum System {
    static var coreCount: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }
}
