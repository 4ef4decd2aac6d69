import COpenSSL
import Glibc
import Locking
// scripts/fuzz compiles this file together with HTTPKit's transport sources, as one module.
#if canImport(HTTPKit)
    import HTTPKit
#endif

/// HTTPS for an `HTTPServer` listener: TLS 1.2 and 1.3, ALPN `http/1.1`, one certificate chain.
///
/// The SSL_CTX is configured once in `init` and never changed afterwards: `SSL_new` only reads
/// it, which OpenSSL allows from any thread at once.
public final class TLSTransportFactory: TransportFactory, Sendable {
    /// Read-only after `init` (see above), so shared without a lock.
    nonisolated(unsafe) private let context: OpaquePointer

    /// A context serving `identity` (a certificate with its chain, and its key).
    public init(identity: PEMIdentity) throws {
        // Connections write through `SocketBIO` (send with MSG_NOSIGNAL): no SIGPIPE, and so
        // nothing to change in the process's signal dispositions.
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw TLSError("SSL_CTX_new") }
        do {
            try Self.configure(context, identity)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        self.context = context
    }

    private static func configure(_ context: OpaquePointer, _ identity: PEMIdentity) throws {
        guard copenssl_ctx_set_min_proto_version(context, copenssl_tls1_2_version()) == 1 else {
            throw TLSError("setting TLS 1.2 as the lowest version")
        }
        SSL_CTX_set_options(context, copenssl_server_options())
        _ = copenssl_ctx_set_mode(context, copenssl_server_modes())
        // A read returns after each record that carries no data (a KeyUpdate), instead of going
        // on to the next: a peer streaming such records then ends its connection's turn like
        // any other, and never holds the I/O queue (`TLSTransport.maxPostHandshakeMessages`).
        _ = copenssl_ctx_clear_mode(context, copenssl_auto_retry_mode())
        let certs = try PEM.certificates(identity.certificate)
        defer { certs.forEach { X509_free($0) } }
        let key = try PEM.privateKey(identity.privateKey)
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_certificate(context, certs[0]) == 1 else { throw TLSError("using the certificate") }
        for cert in certs.dropFirst() where copenssl_ctx_add1_chain_cert(context, cert) != 1 {
            throw TLSError("adding a chain certificate")
        }
        guard SSL_CTX_use_PrivateKey(context, key) == 1, SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError("the private key does not match the certificate")
        }
        SSL_CTX_set_alpn_select_cb(context, selectHTTP11, nil)
    }

    deinit { SSL_CTX_free(context) }

    public func makeTransport(fd: Int32) -> Transport? {
        guard let ssl = SSL_new(context) else { return nil }
        guard let bio = SocketBIO.make(fd: fd) else {
            SSL_free(ssl)
            return nil
        }
        SSL_set_bio(ssl, bio, bio)  // the SSL owns the BIO now
        SSL_set_accept_state(ssl)
        return TLSTransport(ssl: ssl)
    }
}

/// ALPN: `http/1.1` when the client offers it; otherwise no protocol is chosen (the client then
/// speaks HTTP/1.1 by default, or leaves).
private func selectHTTP11(
    _ ssl: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ outLength: UnsafeMutablePointer<UInt8>?, _ offered: UnsafePointer<UInt8>?,
    _ offeredLength: UInt32, _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let offered, let out, let outLength else { return SSL_TLSEXT_ERR_NOACK }
    let wanted = Array("http/1.1".utf8)
    var i = 0
    while i < Int(offeredLength) {
        let length = Int(offered[i])
        let start = i + 1
        if start + length > Int(offeredLength) { break }
        if length == wanted.count && (0..<length).allSatisfy({ offered[start + $0] == wanted[$0] }) {
            out.pointee = offered + start
            outLength.pointee = UInt8(length)
            return SSL_TLSEXT_ERR_OK
        }
        i = start + length
    }
    return SSL_TLSEXT_ERR_NOACK
}

/// One TLS connection over a non-blocking socket (`SSL_set_fd`). The handshake runs inside the
/// first reads. Confined to its connection's serial queue, like the connection itself.
final class TLSTransport: Transport {
    private let ssl: OpaquePointer
    private var failed = false
    /// Handshake messages the peer sent after the handshake (KeyUpdates), counted by OpenSSL's
    /// message callback on this connection's queue, inside `read`.
    fileprivate var postHandshakeMessages = 0
    /// More than a client needs in any honest connection (one KeyUpdate per ~2^24 records): a peer
    /// past it is streaming them to keep the server busy, and is closed.
    static let maxPostHandshakeMessages = 64

    init(ssl: OpaquePointer) {
        self.ssl = ssl
        copenssl_set_msg_callback(ssl, countPeerMessages, Unmanaged.passUnretained(self).toOpaque())
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        guard postHandshakeMessages <= Self.maxPostHandshakeMessages else {
            failed = true
            return .closed
        }
        ERR_clear_error()
        let n = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        return n > 0 ? .bytes(Int(n)) : outcome(n)
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult {
        guard !bytes.isEmpty else { return .bytes(0) }
        ERR_clear_error()
        let n = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        return n > 0 ? .bytes(Int(n)) : outcome(n)
    }

    /// Without renegotiation, a read waits only for input and a write only for room; either
    /// "want" means: wait for the socket. Anything else (plain HTTP on this port, garbage, a
    /// failed handshake, the peer's close) ends the connection.
    private func outcome(_ result: Int32) -> TransportResult {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        default:
            failed = true
            ERR_clear_error()
            return .closed
        }
    }

    var hasBufferedInput: Bool { SSL_pending(ssl) > 0 }

    var isEstablished: Bool { SSL_is_init_finished(ssl) == 1 }

    func shutdown() {
        if !failed && isEstablished { _ = SSL_shutdown(ssl) }  // close_notify, best effort, never waited on
        ERR_clear_error()
        SSL_free(ssl)
    }
}

/// OpenSSL's message callback: counts the handshake messages a peer sends once the handshake is done.
private func countPeerMessages(
    _ writing: Int32, _ version: Int32, _ contentType: Int32, _ buffer: UnsafeRawPointer?, _ length: Int,
    _ ssl: OpaquePointer?, _ argument: UnsafeMutableRawPointer?
) {
    guard writing == 0, contentType == copenssl_rt_handshake(), let ssl, SSL_is_init_finished(ssl) == 1, let argument else { return }
    Unmanaged<TLSTransport>.fromOpaque(argument).takeUnretainedValue().postHandshakeMessages += 1
}
