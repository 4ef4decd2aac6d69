import XCTest
import Foundation
import Dispatch
import Glibc
import COpenSSL
import Locking
import TestSupport
@testable import HTTPKit
@testable import HTTPKitTLS

/// TLS 1.3 peers that handshake, then stream KeyUpdate records and never read: each ends its
/// connection's turn like any other peer and is closed past a limit, and the plain port keeps
/// answering meanwhile.
final class TLSKeyUpdateFloodTests: XCTestCase {
    func testPeersStreamingKeyUpdatesNeitherStallTheServerNorStay() throws {
        let ca = try CertificateAuthority.makeCA(commonName: "test CA")
        let identity = try CertificateAuthority.makeServerCertificate(names: ["localhost", "127.0.0.1"], signedBy: ca)
        let transport = try TLSTransportFactory(identity: identity)
        let fixture = try ServerFixture { config in
            config.listeners = [Listener(host: "127.0.0.1", port: 0, transport: transport)]
        }
        defer { fixture.stop() }
        let tlsPort = fixture.server.ports[1]

        let stop = Locked(false)
        let closedByServer = Locked(0)
        let flooders = DispatchGroup()
        for _ in 0..<4 {
            flooders.enter()
            Thread.detachNewThread {
                defer { flooders.leave() }
                if Self.floodKeyUpdates(port: tlsPort, until: stop) { closedByServer.withLock { $0 += 1 } }
            }
        }
        // The plain port, while four peers flood: every answer comes, none waits long.
        var slowest = 0.0
        for i in 0..<20 {
            let began = DispatchTime.now().uptimeNanoseconds
            let reply = try RawClient.exchange(port: fixture.port, "GET /hello/p\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(reply.status, 200)
            slowest = max(slowest, Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6)
        }
        print("plain answers beside 4 KeyUpdate floods: slowest of 20 in \(String(format: "%.1f", slowest)) ms")
        XCTAssertLessThan(slowest, 1000, "a plain request waited behind the floods")
        XCTAssertEqual(flooders.wait(timeout: .now() + 10), .success, "the floods end: the server closes them")
        stop.withLock { $0 = true }
        XCTAssertEqual(closedByServer.withLock { $0 }, 4, "each flooding peer was closed by the server")
    }

    /// Handshakes, then sends KeyUpdates as fast as OpenSSL will; true when the server closed
    /// the connection (a write fails), false when `until` stopped it first (at most 8 s).
    private static func floodKeyUpdates(port: Int, until stop: Locked<Bool>) -> Bool {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return false }
        defer { SSL_CTX_free(context) }
        _ = copenssl_ctx_set_min_proto_version(context, copenssl_tls1_3_version())
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0, let ssl = SSL_new(context) else { return false }
        defer { SSL_free(ssl) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Through the server's own BIO (MSG_NOSIGNAL): this client must not die of SIGPIPE either.
        guard let bio = SocketBIO.make(fd: fd) else { return false }
        SSL_set_bio(ssl, bio, bio)
        guard SSL_connect(ssl) == 1 else { return false }
        let deadline = DispatchTime.now().uptimeNanoseconds + 8_000_000_000
        while !stop.withLock({ $0 }) && DispatchTime.now().uptimeNanoseconds < deadline {
            guard SSL_key_update(ssl, SSL_KEY_UPDATE_NOT_REQUESTED) == 1, SSL_do_handshake(ssl) == 1 else {
                ERR_clear_error()
                return true
            }
        }
        return false
    }
}
