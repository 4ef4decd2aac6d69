@preconcurrency import Dispatch

/// Everything an `HTTPServer` can be told: where to listen and every limit and timeout.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port; read the real one from `HTTPServer.port` after `start()`.
    public var port: Int = 8080
    public var backlog: Int32 = 1024
    public var limits = ParserLimits()
    /// Most open connections; one more is answered 503 and closed.
    public var maxConnections = 4096
    /// A request's head must be complete this long after its first byte (else 408).
    public var headerTimeout: Duration = .seconds(10)
    /// A request's body must be complete this long after its head (else 408).
    public var bodyTimeout: Duration = .seconds(30)
    /// An idle keep-alive connection is closed after this long.
    public var idleTimeout: Duration = .seconds(15)
    /// A response the peer does not read within this long closes the connection.
    public var writeTimeout: Duration = .seconds(30)
    /// How long a connection that is the server's only one waits on its own queue for its
    /// client's next request after an answer, when that client answered quickly before
    /// (see `TurnaroundWait`); zero turns it off.
    public var awaitNextRequest: Duration = .microseconds(250)
    /// How much of that wait is spent polling the socket instead of sleeping in `select`, for a
    /// client that came back within a few times this before (a tight loop, `wrk -c1`): waking a
    /// thread that slept costs such a client 20-30 µs per request here. Only on a machine with more
    /// than one CPU (a spin there would take the client's own core); zero turns it off.
    public var spinForNextRequest: Duration = .microseconds(30)
    /// The clock the timeouts are measured on (a test's moves by hand).
    public var clock = ServerClock.continuous
    /// How often each connection checks its deadlines; nil: a quarter of the shortest timeout,
    /// between 5 ms and 1 s. A test with a hand-moved clock sets it short.
    public var deadlineCheck: Duration?
    /// Serial I/O queues that connections are spread over; default: one per core.
    public var ioQueueCount: Int = 0
    /// Called once per answered request, off the I/O path's critical section.
    public var onRequest: (@Sendable (RequestLog) -> Void)?
    /// More addresses to listen on beside `host:port`, each with its transport (e.g. TLS).
    public var listeners: [Listener] = []
    /// Called for server-level events worth a log line (accept back-off, bind).
    public var onEvent: (@Sendable (String) -> Void)?

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// One line's worth of facts about an answered request.
public struct RequestLog: Sendable {
    public let method: Method
    public let path: String
    public let status: Status
    /// Bytes of the response body.
    public let bytes: Int
    /// From the request's last byte to the response being handed to the socket.
    public let durationMicros: Int
}

extension ServerConfiguration {
    /// Hands one answered request to `onRequest`, if set.
    func logRequest(method: Method, path: String, status: Status, bytes: Int, since: DispatchTime) {
        guard let hook = onRequest else { return }
        let micros = Int((DispatchTime.now().uptimeNanoseconds &- since.uptimeNanoseconds) / 1000)
        hook(RequestLog(method: method, path: path, status: status, bytes: bytes, durationMicros: micros))
    }
}
