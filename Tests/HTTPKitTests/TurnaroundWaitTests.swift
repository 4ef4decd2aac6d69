import XCTest
import TestSupport
import Locking
import Dispatch
import Foundation
@testable import HTTPKit

/// A connection waits for a sequential client's next request only when that client answered
/// quickly, only while it is the server's one connection, and never past a shutdown.
final class TurnaroundWaitTests: XCTestCase {
    func testTheRuleAsAValue() {
        var wait = TurnaroundWait(window: 1_000)
        XCTAssertFalse(wait.shouldWait, "nothing measured yet")
        wait.arrivedThroughSource(now: 50)
        XCTAssertFalse(wait.shouldWait, "a first request measures no gap")
        wait.answered(now: 100)
        wait.arrivedThroughSource(now: 900)
        XCTAssertTrue(wait.shouldWait, "an 800 ns turnaround fits the window")
        wait.timedOut()
        XCTAssertFalse(wait.shouldWait, "a wait that ran out turns waiting off")
        wait.answered(now: 2_000)
        wait.arrivedThroughSource(now: 3_500)
        XCTAssertFalse(wait.shouldWait, "a gap longer than the window keeps it off")
        wait.answered(now: 4_000)
        wait.arrivedThroughSource(now: 4_200)
        XCTAssertTrue(wait.shouldWait, "a short gap turns it on again")
        var never = TurnaroundWait(window: 0)
        never.answered(now: 1)
        never.arrivedThroughSource(now: 1)
        XCTAssertFalse(never.shouldWait, "a zero window never waits")
        var off = TurnaroundWait(window: Duration.seconds(Int64.max).wholeNanoseconds)
        off.answered(now: 1)
        off.arrivedThroughSource(now: 1)
        XCTAssertFalse(off.shouldWait, "a window past UInt64 nanoseconds never waits")
    }

    /// A wide window, so that the client's turnaround fits whatever the machine's load.
    private func fixture(window: Duration = .milliseconds(200)) throws -> ServerFixture {
        try ServerFixture { $0.awaitNextRequest = window }
    }

    private func exchangeInOrder(_ client: RawClient, count: Int) throws {
        for i in 0..<count {
            // Answered on the connection's queue, and by a handler on another queue.
            if i % 2 == 0 {
                try client.send("GET /inline/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                XCTAssertEqual(try client.readResponse().text, "inline \(i)")
            } else {
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(String(i).utf8.count)\r\n\r\n\(i)")
                XCTAssertEqual(try client.readResponse().text, "\(i)")
            }
        }
    }

    func testASequentialClientIsServedByWaitingAndEveryAnswerIsRight() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        try exchangeInOrder(try RawClient(port: fixture.port), count: 100)
        XCTAssertGreaterThan(fixture.server.awaited.load(ordering: .relaxed), 50, "most requests were taken by waiting")
    }

    func testWaitsThatRunOutLeaveTheRequestsToTheSource() throws {
        // A 1 µs window: nearly every wait runs out, and the read source takes the request.
        let fixture = try fixture(window: .microseconds(1))
        defer { fixture.stop() }
        try exchangeInOrder(try RawClient(port: fixture.port), count: 100)
        XCTAssertEqual(fixture.handled.count, 100)
    }

    func testTwoConnectionsNeverWait() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        let first = try RawClient(port: fixture.port)
        let second = try RawClient(port: fixture.port)
        try first.send("GET /inline/a HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try first.readResponse().text, "inline a")
        let before = fixture.server.awaited.load(ordering: .relaxed)
        for i in 0..<30 {
            let client = i % 2 == 0 ? first : second
            try client.send("GET /inline/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, "inline \(i)")
        }
        XCTAssertEqual(fixture.server.awaited.load(ordering: .relaxed), before, "no connection waits while another is open")
    }

    func testShutdownIsNotHeldOffByAClientThatNeverPauses() throws {
        let fixture = try fixture()
        let port = fixture.port
        let busy = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let answered = Locked(0)
        let stopping = Locked<Int?>(nil)
        Thread.detachNewThread {
            // Requests back to back until the server closes the connection (or 5,000 of them,
            // so that a server that never lets the shutdown run fails here instead of hanging).
            defer { done.signal() }
            guard let client = try? RawClient(port: port) else {
                busy.signal()
                return
            }
            for i in 1...5_000 {
                guard (try? client.send("GET /inline/x HTTP/1.1\r\nHost: t\r\n\r\n")) != nil,
                    (try? client.readResponse()) != nil
                else { return }
                answered.withLock { $0 = i }
                if i == 50 { busy.signal() }
            }
        }
        busy.wait()
        stopping.withLock { $0 = answered.withLock { $0 } }
        fixture.stop()
        done.wait()
        // The shutdown, queued behind the waits, ran within a few rounds of them.
        let after = answered.withLock { $0 } - (stopping.withLock { $0 } ?? 0)
        XCTAssertLessThan(after, 1_000, "answers after the shutdown began")
    }
}
