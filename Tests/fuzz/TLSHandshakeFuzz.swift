// libFuzzer target for the HTTPS side: what a peer sends first to the TLS port (a ClientHello,
// plain HTTP, garbage) goes through HTTPKitTLS's transport and OpenSSL's server handshake.
// Compiled by scripts/fuzz with HTTPKit's transport sources and HTTPKitTLS (not part of the
// SwiftPM package).
//
// Each input is written to one end of a socket pair; the server end is read until the
// transport says "wait" or "closed". Nothing may crash or hang, no plaintext may come out of a
// handshake that never finished, and every descriptor and SSL object is freed.
import Glibc

private let factory: TLSTransportFactory = {
    let ca = try! CertificateAuthority.makeCA(commonName: "fuzz CA")
    let server = try! CertificateAuthority.makeServerCertificate(names: ["activitysmith.com", "127.0.0.1"], signedBy: ca)
    return try! TLSTransportFactory(identity: server)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLSHandshake(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var pair: [Int32] = [0, 0]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else { fatalError("socketpair") }
    defer { close(pair[0]); close(pair[1]) }
    _ = fcntl(pair[1], F_SETFL, fcntl(pair[1], F_GETFL) | O_NONBLOCK)
    _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK)
    _ = write(pair[0], data, size)  // at most -max_len (8 KiB): fits the socket buffer
    shutdown(pair[0], Int32(SHUT_WR))
    guard let transport = factory.makeTransport(fd: pair[1]) else { fatalError("no transport") }
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    var settled = false
    for _ in 0..<64 {
        let result = buffer.withUnsafeMutableBytes { transport.read(into: $0) }
        switch result {
        case .bytes:
            if !transport.isEstablished { fatalError("plaintext before the handshake finished") }
        case .wouldBlock, .closed:
            settled = true
        }
        if settled { break }
    }
    if !settled { fatalError("the transport did not settle") }
    transport.shutdown()
    return 0
}
