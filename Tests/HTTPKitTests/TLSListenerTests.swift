import XCTest
import Foundation
import TestSupport
@testable import HTTPKit
import HTTPKitTLS

/// HTTPS beside the plain port: the same routes over TLS 1.2 and 1.3 with ALPN http/1.1, a
/// generated chain that a client trusting the CA accepts for the production name, and peers that
/// do not speak TLS closed without harm to anyone else.
final class TLSListenerTests: XCTestCase {
    var fixture: ServerFixture!
    var ca: PEMIdentity!
    var caFile = ""

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { throw XCTSkip("no curl") }
        ca = try CertificateAuthority.makeCA(commonName: "test CA")
        let server = try CertificateAuthority.makeServerCertificate(names: ["activitysmith.com", "localhost", "127.0.0.1", "::1"], signedBy: ca)
        let transport = try TLSTransportFactory(identity: server)
        caFile = NSTemporaryDirectory() + "httpkit-ca-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pem"
        try ca.certificate.write(toFile: caFile, atomically: true, encoding: .utf8)
        fixture = try ServerFixture { config in
            config.maxConnections = 4
            config.listeners = [Listener(host: "127.0.0.1", port: 0, transport: transport)]
        }
    }

    override func tearDown() {
        fixture?.stop()
        try? FileManager.default.removeItem(atPath: caFile)
    }

    private var tlsPort: Int { fixture.server.ports[1] }

    /// curl's exit status and output (`-w` appended after a newline).
    private func curl(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-S", "--max-time", "5"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    func testTheProductionNameIsServedOverTLS12AndTLS13WithALPN() throws {
        for version in ["--tlsv1.2 --tls-max 1.2", "--tlsv1.3"] {
            let (status, out) = try curl(
                version.split(separator: " ").map(String.init) + [
                    "--cacert", caFile, "--resolve", "activitysmith.com:\(tlsPort):127.0.0.1",
                    "-w", "\n%{http_code} %{http_version} %{ssl_verify_result}", "https://activitysmith.com:\(tlsPort)/api/hello/tls"
                ])
            XCTAssertEqual(status, 0, version)
            XCTAssertEqual(out, "hello tls\n200 1.1 0", version)
        }
    }

    func testAClientWithoutTheCAIsRefused() throws {
        let (status, _) = try curl(["https://127.0.0.1:\(tlsPort)/hello/x"])
        XCTAssertEqual(status, 60, "curl: peer certificate cannot be authenticated")
    }

    func testPlainHTTPAndGarbageOnTheTLSPortAreClosedAndHarmNoOne() throws {
        let plainHTTP = try RawClient(port: tlsPort)
        try plainHTTP.send("GET /hello/x HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(plainHTTP.isClosedByPeer(), "no HTTP answer on the TLS port, just a close")
        let garbage = try RawClient(port: tlsPort)
        try garbage.send((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        XCTAssertTrue(garbage.isClosedByPeer())
        XCTAssertEqual(try RawClient.exchange(port: fixture.port, "GET /hello/p HTTP/1.1\r\nHost: t\r\n\r\n").status, 200)
        let (status, out) = try curl(["--cacert", caFile, "https://localhost:\(tlsPort)/hello/after"])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(out, "hello after")
    }

    func testTLSConnectionsCountAgainstTheSharedCap() throws {
        // Four connections on the TLS port (mid-handshake) fill the cap of four; the plain port's
        // next peer is refused with 503.
        let held = try (0..<4).map { _ in try RawClient(port: tlsPort) }
        XCTAssertTrue(Poll.until(timeout: 2) { fixture.server.connectionCount == 4 })
        XCTAssertEqual(try RawClient.exchange(port: fixture.port, "GET /hello/p HTTP/1.1\r\nHost: t\r\n\r\n").status, 503)
        withExtendedLifetime(held) {}
    }
}
