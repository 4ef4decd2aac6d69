import Glibc
@preconcurrency import Dispatch

/// What one read or write on a connection did.
public enum TransportResult: Sendable {
    /// This many bytes moved (of plaintext, for an encrypting transport).
    case bytes(Int)
    /// Nothing now: wait for the socket to become readable (or writable) again.
    case wouldBlock
    /// The peer closed, or the connection failed: close it.
    case closed
}

/// The byte stream of one accepted socket: plain TCP, or TLS over it. The seam between HTTPKit's
/// Dispatch I/O (sources, buffers, parsing, timers) and what carries the bytes. Called only on
/// the connection's serial queue, on a non-blocking socket.
public protocol Transport: AnyObject {
    /// Reads what is available into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult
    /// Writes what it can of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult
    /// Input already taken off the socket but not yet returned by `read` (a TLS record's
    /// remainder): the socket will not wake the connection for it, so it must be read now.
    var hasBufferedInput: Bool { get }
    /// False while a handshake is under way (it then counts against the handshake timeout).
    var isEstablished: Bool { get }
    /// Ends the stream (a TLS close_notify, best effort) and frees it; the socket is closed after.
    func shutdown()
}

/// Makes the transport of each accepted socket of one listener.
public protocol TransportFactory: Sendable {
    /// The transport for `fd`, or nil to refuse the connection.
    func makeTransport(fd: Int32) -> Transport?
}

/// Plain TCP: the socket's bytes as they are.
public final class PlainTransport: Transport {
    let fd: Int32
    public init(fd: Int32) { self.fd = fd }
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult { Socket.read(fd, into: buffer) }
    public func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult { Socket.write(fd, bytes) }
    public var hasBufferedInput: Bool { false }
    public var isEstablished: Bool { true }
    public func shutdown() {}
}

public struct PlainTransportFactory: TransportFactory {
    public init() {}
    public func makeTransport(fd: Int32) -> Transport? { PlainTransport(fd: fd) }
}

/// One more address to listen on, beside the configuration's own, with its transport (e.g. TLS).
/// Its connections share the server's queues, limits, connection cap and shutdown.
public struct Listener: Sendable {
    public var host: String
    /// 0 picks a free port; read the real one from `HTTPServer.ports` after `start()`.
    public var port: Int
    public var transport: TransportFactory
    /// How long a handshake may take (TLS); a peer that stalls it is closed after.
    public var handshakeTimeout: Duration

    public init(host: String, port: Int, transport: TransportFactory, handshakeTimeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.transport = transport
        self.handshakeTimeout = handshakeTimeout
    }
}
