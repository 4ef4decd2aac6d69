import XCTest
import TestSupport
@testable import HTTPKit

/// The high-water mark of open connections sees a burst that came and went between two looks.
final class PeakConnectionsTests: XCTestCase {
    func testABurstThatIsGoneStillShowsOnce() throws {
        let builder = RouterBuilder()
        builder.addAsync(.get, "/") { _, respond in respond(Response.text(200, "ok")) }
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: try builder.buildResponder().responder)
        try server.start()
        defer { server.shutdown(timeout: .seconds(2)) }
        do {
            let clients = try (0..<5).map { _ in try RawClient(port: server.port) }
            for client in clients {
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                XCTAssertEqual(try client.readResponse().status, 200)
            }
        }  // the clients close here
        XCTAssertTrue(Poll.until(timeout: 5) { server.connectionCount == 0 })
        XCTAssertEqual(server.takePeakConnections(), 5, "the five seen together, though all are gone")
        XCTAssertEqual(server.takePeakConnections(), 0, "read once, it starts again from those open now")
    }
}
