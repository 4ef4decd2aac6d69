import XCTest
import Dispatch
import TestSupport
@testable import HTTPKit

/// A responder that answers twice: the first answer is the request's, every later one is
/// dropped, never written, and never taken for the next request's answer.
final class DoubleAnswerTests: XCTestCase {
    func testASecondAnswerIsDropped() throws {
        let builder = RouterBuilder()
        builder.addAsync(.get, "/twice-now") { _, respond in
            respond(Response.text(200, "first"))
            respond(Response.text(500, "second"))
        }
        builder.addAsync(.get, "/twice-later") { _, respond in
            respond(Response.text(200, "first"))
            // The second answer comes from another thread, while the next request waits for its own.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { respond(Response.text(500, "late")) }
        }
        builder.addAsync(.get, "/slow-next") { _, respond in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { respond(Response.text(200, "next")) }
        }
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: try builder.buildResponder().responder)
        try server.start()
        defer { server.shutdown(timeout: .seconds(2)) }

        let client = try RawClient(port: server.port)
        try client.send("GET /twice-now HTTP/1.1\r\nHost: t\r\n\r\nGET /twice-later HTTP/1.1\r\nHost: t\r\n\r\nGET /slow-next HTTP/1.1\r\nHost: t\r\n\r\n")
        let answers = try (0..<3).map { _ in try client.readResponse() }
        XCTAssertEqual(answers.map(\.text), ["first", "first", "next"])
        XCTAssertEqual(answers.map(\.status), [200, 200, 200])
    }
}
