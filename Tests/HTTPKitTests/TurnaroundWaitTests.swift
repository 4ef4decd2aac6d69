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

    func testOnlyAClientThatCameBackQuicklyIsWaitedForBySpinning() {
        var wait = TurnaroundWait(window: 10_000, spin: 1_000, processors: 2)
        XCTAssertEqual(wait.spin, 0, "no turnaround seen yet")
        wait.answered(now: 100)
        wait.arrivedThroughSource(now: 3_000)
        XCTAssertEqual(wait.spin, 1_000, "a 2.9 µs gap, under four spin windows (a slept wait's wake-up counts in it)")
        wait.answered(now: 5_000)
        wait.arrivedWhileWaiting(now: 9_500)
        XCTAssertEqual(wait.spin, 0, "a 4.5 µs gap: the client is slower than spinning pays for")
        XCTAssertTrue(wait.shouldWait, "but it is still waited for, asleep")
        wait.answered(now: 10_000)
        wait.arrivedWhileWaiting(now: 10_400)
        XCTAssertEqual(wait.spin, 1_000, "a quick turnaround during a wait turns spinning on again")

        var alone = TurnaroundWait(window: 10_000, spin: 1_000, processors: 1)
        alone.answered(now: 1)
        alone.arrivedThroughSource(now: 2)
        XCTAssertEqual(alone.spin, 0, "one CPU: a spin would take the client's own core")
        XCTAssertEqual(TurnaroundWait(window: 500, spin: 1_000, processors: 2).spinWindow, 500, "never longer than the wait")
    }

    func testAPollingWaitSeesBytesAndRunsOut() throws {
        var pair: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        defer { close(pair[0]); close(pair[1]) }
        XCTAssertEqual(Socket.awaitReadable(pair[0], nanoseconds: 1_000, polling: 1_000), .timedOut, "nothing sent: the wait runs out")
        XCTAssertEqual(write(pair[1], "x", 1), 1)
        XCTAssertEqual(Socket.awaitReadable(pair[0], nanoseconds: 1_000, polling: 1_000), .polled, "a byte waiting is seen while polling")
        XCTAssertEqual(Socket.awaitReadable(pair[0], nanoseconds: 1_000), .slept, "and by the sleeping wait alone")
    }

    func testASequentialClientIsServedBySpinningAndEveryAnswerIsRight() throws {
        try XCTSkipIf(System.coreCount < 2, "one CPU: waits never spin")
        let fixture = try ServerFixture {
            $0.awaitNextRequest = .milliseconds(200)
            $0.spinForNextRequest = .milliseconds(100)  // wide, so the client's turnaround fits it
        }
        defer { fixture.stop() }
        try exchangeInOrder(try RawClient(port: fixture.port), count: 100)
        XCTAssertGreaterThan(fixture.server.polled.load(ordering: .relaxed), 50, "most requests were seen while polling")
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
