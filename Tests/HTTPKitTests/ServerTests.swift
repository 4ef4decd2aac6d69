import XCTest
import Foundation
import TestSupport
@testable import HTTPKit

final class ServerTests: XCTestCase {
    var fixture: ServerFixture!

    override func setUpWithError() throws { fixture = try ServerFixture() }
    override func tearDown() { fixture?.stop() }

    func testPortZeroPicksARealPortAndRoutesWithParameters() throws {
        XCTAssertGreaterThan(fixture.port, 0)
        let reply = try RawClient.exchange(port: fixture.port, "GET /api/hello/w%20x HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.text, "hello w x")
        XCTAssertNotNil(reply.header("Date"))
        XCTAssertEqual(reply.header("Content-Length"), "9")
        XCTAssertEqual(reply.header("Content-Type"), "text/plain; charset=utf-8")
    }

    func testIPv6Loopback() throws {
        let v6 = try ServerFixture(host: "::1")
        defer { v6.stop() }
        let client = try RawClient(port: v6.port, host: "::1")
        try client.send("GET /hello/six HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "hello six")
    }

    func testNotFoundAndMethodNotAllowed() throws {
        let missing = try RawClient.exchange(port: fixture.port, "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.json?["error"] as? String, "Not Found")
        let wrong = try RawClient.exchange(port: fixture.port, "DELETE /hello/x HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(wrong.status, 405)
        XCTAssertEqual(wrong.header("Allow"), "GET, HEAD")
    }

    func testHeadHasHeadersButNoBody() throws {
        let client = try RawClient(port: fixture.port)
        try client.send("HEAD /hello/abc HTTP/1.1\r\nHost: t\r\n\r\nGET /hello/next HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(head: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "9")
        // If HEAD had sent a body, these bytes would corrupt the next response.
        XCTAssertEqual(try client.readResponse().text, "hello next")
    }

    func testKeepAliveReusesOneConnection() throws {
        let client = try RawClient(port: fixture.port)
        for i in 0..<20 {
            try client.send("GET /hello/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, "hello \(i)")
        }
        XCTAssertEqual(fixture.server.connectionCount, 1)
    }

    func testConnectionCloseAndHTTP10() throws {
        let closing = try RawClient(port: fixture.port)
        try closing.send("GET /hello/a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(try closing.readResponse().header("Connection"), "close")
        XCTAssertTrue(closing.isClosedByPeer())

        let old = try RawClient(port: fixture.port)
        try old.send("GET /hello/b HTTP/1.0\r\n\r\n")
        let reply = try old.readResponse()
        XCTAssertEqual(reply.version, "HTTP/1.0")
        XCTAssertTrue(old.isClosedByPeer())

        let kept = try RawClient(port: fixture.port)
        try kept.send("GET /hello/c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try kept.readResponse().header("Connection"), "keep-alive")
        try kept.send("GET /hello/d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try kept.readResponse().text, "hello d")
    }

    func testPipelinedResponsesKeepRequestOrder() throws {
        let client = try RawClient(port: fixture.port)
        // The first request is slow: a server that answered out of order would send /hello first.
        try client.send(
            "GET /slow/150 HTTP/1.1\r\nHost: t\r\n\r\nGET /hello/second HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nthird"
        )
        XCTAssertEqual(try client.readResponse().text, "slept 150")
        XCTAssertEqual(try client.readResponse().text, "hello second")
        XCTAssertEqual(try client.readResponse().text, "third")
    }

    func testChunkedUpload() throws {
        let reply = try RawClient.exchange(
            port: fixture.port,
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n")
        XCTAssertEqual(reply.text, "Wikipedia")
    }

    func testExpectContinueWithRawSocket() throws {
        let client = try RawClient(port: fixture.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try client.readResponse()
        XCTAssertEqual(interim.status, 100)
        try client.send("body")
        XCTAssertEqual(try client.readResponse().text, "body")
    }

    func testExpectContinueTooLargeIsRefusedBeforeTheBody() throws {
        let client = try RawClient(port: fixture.port)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 413)
    }

    func testExpectContinueWithCurl() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { throw XCTSkip("no curl") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        let payload = String(repeating: "x", count: 3000)
        process.arguments = [
            "-s", "-S", "--max-time", "5", "-H", "Expect: 100-continue", "--expect100-timeout", "4",
            "-w", "\n%{http_code} %{time_total}", "--data-binary", payload,
            "http://127.0.0.1:\(fixture.port)/echo"
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(String(lines.first ?? ""), payload)
        let status = lines.last?.split(separator: " ")
        XCTAssertEqual(status?.first.map(String.init), "200")
        // Had the server ignored Expect, curl would wait its 4 s expect timeout.
        XCTAssertLessThan(Double(status?.last ?? "9") ?? 9, 3.0)
    }

    func testSmuggledRequestInsideADeclaredBodyIsNeverAnswered() throws {
        let inner = "POST /secret HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ok\r\nContent-Length: 0\r\n\r\n"
        let padding = String(repeating: "p", count: 200)
        let body = inner + padding
        let client = try RawClient(port: fixture.port)
        try client.send("POST /secret HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        let first = try client.readResponse()
        XCTAssertEqual(first.status, 401)
        try client.send("GET /hello/after HTTP/1.1\r\nHost: t\r\n\r\n")
        let next = try client.readResponse()
        XCTAssertEqual(next.text, "hello after", "the body's bytes were parsed as a request")
        XCTAssertEqual(fixture.handled.count, 2)
    }

    func testSmuggledRequestBehindTEAndCLGets400AndClose() throws {
        let client = try RawClient(port: fixture.port)
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hello/smuggled HTTP/1.1\r\nHost: t\r\n\r\n")
        let reply = try client.readResponse()
        XCTAssertEqual(reply.status, 400)
        XCTAssertEqual(reply.header("Connection"), "close")
        XCTAssertNotNil(reply.json?["message"])
        XCTAssertTrue(client.isClosedByPeer())
        XCTAssertEqual(fixture.handled.count, 0)
    }

    func testTwoHundredParallelClients() throws {
        let failures = Counter()
        let port = fixture.port
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            do {
                let reply = try RawClient.exchange(port: port, "GET /hello/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                if reply.text != "hello \(i)" { failures.increment() }
            } catch {
                failures.increment()
            }
        }
        XCTAssertEqual(failures.count, 0)
        XCTAssertEqual(fixture.handled.count, 200)
    }

    func testGracefulShutdownFinishesTheRequestInFlight() throws {
        let client = try RawClient(port: fixture.port)
        try client.send("GET /slow/300 HTTP/1.1\r\nHost: t\r\n\r\n")
        let idle = try RawClient(port: fixture.port)
        XCTAssertTrue(Poll.until(timeout: 5) { fixture.handled.count == 1 && fixture.server.connectionCount == 2 }, "the slow request is in flight")
        let started = Date()
        fixture.stop()
        let reply = try client.readResponse()
        XCTAssertEqual(reply.text, "slept 300")
        XCTAssertEqual(reply.header("Connection"), "close")
        XCTAssertTrue(idle.isClosedByPeer())
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertThrowsError(try RawClient(port: fixture.port), "still accepting after shutdown")
    }

    func testHalfClosedClientStillGetsItsAnswer() throws {
        let client = try RawClient(port: fixture.port)
        try client.send("GET /hello/half HTTP/1.1\r\nHost: t\r\n\r\n")
        client.shutdownWrite()
        XCTAssertEqual(try client.readResponse().text, "hello half")
        XCTAssertTrue(client.isClosedByPeer())
    }
}
