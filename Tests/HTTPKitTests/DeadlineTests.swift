import XCTest
import TestSupport
@testable import HTTPKit

/// The timeouts at the socket, on a clock the test moves: deadlines of 10 to 30 seconds pass in
/// milliseconds, and nothing here sleeps. (Their rules, such as trickled bytes not extending a
/// deadline, are `ConnectionStateTests`'s.)
final class DeadlineTests: XCTestCase {
    private let clock = HandClock()

    private func fixture() throws -> ServerFixture {
        try ServerFixture { [clock] config in
            config.clock = clock.serverClock
            config.deadlineCheck = .milliseconds(2)
            config.headerTimeout = .seconds(10)
            config.bodyTimeout = .seconds(30)
            config.idleTimeout = .seconds(15)
        }
    }

    /// Moves the clock by `step` until the client reads an answer: the bytes sent before may
    /// reach the server after a move, so one move past the deadline may not be enough. Each try
    /// waits 20 ms at most for the answer; 100 tries.
    private func advanceUntilAnswered(_ client: RawClient, step: Duration) throws -> RawClient.Reply {
        for _ in 0..<100 {
            clock.advance(by: step)
            if let reply = try? client.readResponse() { return reply }
        }
        throw XCTSkip("no answer after 100 moves of the clock")
    }

    func testAHeadThatStopsArrivingGets408OnceTheClockPassesTheHeaderTimeout() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port, timeout: 0.02)
        try client.send("GET /hello/x HTTP/1.1\r\nHost: t\r\n")
        XCTAssertThrowsError(try client.readResponse(), "nothing before the clock moves")
        XCTAssertEqual(try advanceUntilAnswered(client, step: .seconds(11)).status, 408)
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testABodyThatStopsArrivingGets408OnceTheClockPassesTheBodyTimeout() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port, timeout: 0.02)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        clock.advance(by: .seconds(11))
        XCTAssertThrowsError(try client.readResponse(), "past the header timeout, a body has its own longer one")
        XCTAssertEqual(try advanceUntilAnswered(client, step: .seconds(31)).status, 408)
    }

    func testAnIdleConnectionClosesOnceTheClockPassesTheIdleTimeout() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port, timeout: 0.02)
        try client.send("GET /hello/x HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
        clock.advance(by: .seconds(14))
        XCTAssertFalse(client.isClosedByPeer(), "open before the idle timeout")
        // The server marks the connection idle once its write returned, which may come after the
        // client read the answer and the clock moved: then one more move is needed.
        var moves = 0
        clock.advance(by: .seconds(2))
        while !client.isClosedByPeer() && moves < 100 {
            clock.advance(by: .seconds(16))
            moves += 1
        }
        XCTAssertLessThan(moves, 100, "never closed")
        XCTAssertTrue(Poll.until(timeout: 2) { fixture.server.connectionCount == 0 }, "the server let go of it")
    }
}
