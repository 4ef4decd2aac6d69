import XCTest
import Dispatch
import Locking
import TestSupport
@testable import HTTPKit

/// Answers given on another thread reach their connections through the lane's inbox: the ones
/// that arrive together are written by one block, and each connection reads again afterwards.
final class IOLaneTests: XCTestCase {
    func testAnswersHandedBackTogetherAreWrittenByOneBlockAndReadingResumes() throws {
        let waiting = Locked<[@Sendable (Response) -> Void]>([])
        let blocking = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        var config = ServerConfiguration(host: "127.0.0.1", port: 0)
        config.ioQueueCount = 1  // every connection on one lane
        config.awaitNextRequest = .zero
        let builder = RouterBuilder()
        // Answered later, from the test's thread, as the mock's store answers its writes.
        builder.addAsync(.get, "/later") { _, respond in waiting.withLock { $0.append(respond) } }
        // Holds the lane's queue (a responder must not block; this one does so on purpose) while
        // the other answers are handed back, so they all wait in the inbox.
        builder.addAsync(.get, "/hold") { _, respond in
            blocking.signal()
            _ = release.wait(timeout: .now() + 5)
            respond(Response.text(200, "held"))
        }
        builder.addAsync(.get, "/now") { _, respond in respond(Response.text(200, "now")) }
        let server = HTTPServer(configuration: config, responder: try builder.buildResponder().responder)
        try server.start()
        defer { server.shutdown(timeout: .seconds(2)) }

        let clients = try (0..<8).map { _ in try RawClient(port: server.port) }
        for client in clients { try client.send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n") }
        XCTAssertTrue(Poll.until(timeout: 5) { waiting.withLock { $0.count } == 8 })
        let holder = try RawClient(port: server.port)
        try holder.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(blocking.wait(timeout: .now() + 5), .success)
        for (i, respond) in waiting.withLock({ $0 }).enumerated() { respond(Response.text(200, "answer \(i)")) }
        release.signal()

        XCTAssertEqual(try holder.readResponse().status, 200)
        for client in clients { XCTAssertEqual(try client.readResponse().status, 200) }
        XCTAssertEqual(server.handedBack.answers, 8)
        XCTAssertEqual(server.handedBack.drains, 1, "the eight answers waited in the inbox and were written together")
        // Each connection's reading resumed after the batch: a second request is answered.
        for client in clients {
            try client.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(String(decoding: try client.readResponse().body, as: UTF8.self), "now")
        }
    }

    func testAResponderMayBuildItsAnswerOnTheConnectionsQueue() throws {
        let sawQueue = Locked(false)
        var config = ServerConfiguration(host: "127.0.0.1", port: 0)
        config.awaitNextRequest = .zero
        let builder = RouterBuilder()
        builder.addAsync(.get, "/") { request, respond in
            guard let queue = request.connectionQueue else { return respond(Response.text(500, "no queue")) }
            DispatchQueue.global().async {
                queue.async {
                    dispatchPrecondition(condition: .onQueue(queue))
                    sawQueue.withLock { $0 = true }
                    respond(Response.text(200, "built beside the socket"))
                }
            }
        }
        let server = HTTPServer(configuration: config, responder: try builder.buildResponder().responder)
        try server.start()
        defer { server.shutdown(timeout: .seconds(2)) }
        let client = try RawClient(port: server.port)
        for _ in 0..<3 {
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(String(decoding: try client.readResponse().body, as: UTF8.self), "built beside the socket")
        }
        XCTAssertTrue(sawQueue.withLock { $0 })
        XCTAssertNil(Request(method: .get, target: "/").connectionQueue, "a request made by hand has none")
    }
}
