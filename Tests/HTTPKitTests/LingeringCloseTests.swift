import XCTest
import Glibc
import TestSupport
@testable import HTTPKit

/// A client that sends its whole too-large body still reads the 413: the server half-closes and
/// drops what follows instead of resetting the connection under it.
final class LingeringCloseTests: XCTestCase {
    func testA413IsReadableAfterTheWholeBodyWasSent() throws {
        let fixture = try ServerFixture { $0.limits.maxBodyBytes = 64 * 1024 }
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port)
        let body = [UInt8](repeating: 0x78, count: 2 * 1024 * 1024)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
        try client.send(body)  // the server answered after the head; the body keeps coming
        let reply = try client.readResponse()
        XCTAssertEqual(reply.status, 413)
        XCTAssertTrue(reply.text.contains("request body exceeds"))
        // The plain port serves others meanwhile.
        XCTAssertEqual(try RawClient.exchange(port: fixture.port, "GET /hello/x HTTP/1.1\r\nHost: t\r\n\r\n").status, 200)
    }
}
