import XCTest
import Foundation
import Dispatch
import TestSupport
import Locking
@testable import HTTPKit

final class StreamingTests: XCTestCase {
    func startServer(_ route: @escaping @Sendable (ResponseStream) -> Void) throws -> HTTPServer {
        let router = RouterBuilder()
        router.add("GET", "/events") { _ in
            var response = Response(status: 200)
            response.headers.add("Content-Type", "text/event-stream")
            response.stream = route
            return response
        }
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: try router.buildResponder().responder)
        try server.start()
        return server
    }

    func testChunksArriveInOrderAndFinishEndsTheResponse() throws {
        let server = try startServer { stream in
            for i in 1...3 { stream.send("data: \(i)\n\n") }
            stream.finish()
        }
        defer { server.shutdown(timeout: .seconds(1)) }
        let client = try RawClient(port: server.port)
        try client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        var text = ""
        while let chunk = try? client.readRaw(), !chunk.isEmpty { text += chunk }
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 200 OK"))
        XCTAssertTrue(text.contains("Transfer-Encoding: chunked"))
        XCTAssertTrue(text.contains("Content-Type: text/event-stream"))
        XCTAssertFalse(text.contains("Content-Length"))
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        XCTAssertEqual(body, "9\r\ndata: 1\n\n\r\n9\r\ndata: 2\n\n\r\n9\r\ndata: 3\n\n\r\n0\r\n\r\n")
    }

    func testAClientThatGoesAwayFreesItsStream() throws {
        let terminated = Locked(false)
        let holder = Locked<ResponseStream?>(nil)
        let server = try startServer { stream in
            holder.withLock { $0 = stream }
            stream.onTerminate { terminated.withLock { $0 = true } }
            stream.send("data: hello\n\n")
        }
        defer { server.shutdown(timeout: .seconds(1)) }
        do {
            let client = try RawClient(port: server.port)
            try client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertTrue((try client.readRaw()).contains("200 OK"))
        }  // the client closes here
        XCTAssertTrue(Poll.until(timeout: 3) { terminated.withLock { $0 } }, "onTerminate was not called when the peer left")
        XCTAssertFalse(holder.withLock { $0 }?.isOpen ?? true)
        XCTAssertTrue(Poll.until(timeout: 3) { server.connectionCount == 0 })
    }

    func testShutdownEndsOpenStreams() throws {
        let terminated = Locked(false)
        let server = try startServer { stream in stream.onTerminate { terminated.withLock { $0 = true } } }
        let client = try RawClient(port: server.port)
        try client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try client.readRaw()
        let started = Date()
        server.shutdown(timeout: .seconds(5))
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "an endless stream must not hold up shutdown")
        XCTAssertTrue(Poll.until(timeout: 3) { terminated.withLock { $0 } })
    }
}
