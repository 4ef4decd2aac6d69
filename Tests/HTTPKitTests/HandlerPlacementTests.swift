import XCTest
import Dispatch
import TestSupport
@testable import HTTPKit

/// Responders run on the connection's I/O queue; synchronous routes must not run there.
final class HandlerPlacementTests: XCTestCase {
    func testABlockedSynchronousHandlerDoesNotStallOtherConnections() throws {
        let release = DispatchSemaphore(value: 0)
        let router = RouterBuilder()
        router.add("GET", "/block") { _ in
            _ = release.wait(timeout: .now() + 10)
            return Response.text(200, "unblocked")
        }
        router.add("GET", "/quick") { _ in Response.text(200, "quick") }
        var config = ServerConfiguration(host: "127.0.0.1", port: 0)
        config.ioQueueCount = 1  // both connections share one I/O queue
        let server = HTTPServer(configuration: config, responder: try router.buildResponder().responder)
        try server.start()
        defer { server.shutdown(timeout: .seconds(2)) }

        let blocked = try RawClient(port: server.port)
        try blocked.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        // Answered while /block still waits: its handler is not holding the I/O queue.
        let quick = try RawClient.exchange(port: server.port, "GET /quick HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(quick.text, "quick")
        release.signal()
        XCTAssertEqual(try blocked.readResponse().text, "unblocked")
    }

    func testAnAnswerGivenInsideTheResponderAndOneGivenLaterBothArrive() throws {
        let router = RouterBuilder()
        router.addAsync("GET", "/now") { _, respond in respond(Response.text(200, "now")) }
        router.addAsync("GET", "/later") { _, respond in
            DispatchQueue.global().async { respond(Response.text(200, "later")) }
        }
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: try router.buildResponder().responder)
        try server.start()
        defer { server.shutdown(timeout: .seconds(2)) }
        let client = try RawClient(port: server.port)
        for i in 0..<50 {
            let path = i.isMultiple(of: 2) ? "/now" : "/later"
            try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, String(path.dropFirst()))
        }
        // Pipelined: answers keep request order across both kinds.
        try client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\nGET /now HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "later")
        XCTAssertEqual(try client.readResponse().text, "now")
    }
}
