import XCTest
@testable import HTTPKit

/// A connection's transitions and deadlines, without sockets or sleeps: time is an instant moved
/// by hand here (`t(n)`: n nanoseconds after the start).
final class ConnectionStateTests: XCTestCase {
    private let second: UInt64 = 1_000_000_000
    private let limits = ConnectionState.Limits(
        header: .seconds(10), body: .seconds(30), idle: .seconds(15), write: .seconds(30), handshake: .seconds(10))
    private let start = ContinuousClock.now

    private func t(_ nanoseconds: UInt64) -> ContinuousClock.Instant { start + .nanoseconds(Int64(nanoseconds)) }

    private func fresh(at now: UInt64 = 0) -> ConnectionState { ConnectionState(limits: limits, now: t(now)) }

    private func tick(
        _ state: ConnectionState, at now: UInt64, established: Bool = true, midRequest: Bool = false,
        pendingWrite: Bool = false
    ) -> ConnectionState.Expiry {
        state.expiry(now: t(now), established: established, midRequest: midRequest, pendingWrite: pendingWrite)
    }

    func testAnIdleConnectionClosesAtTheIdleTimeoutAndNotBefore() {
        let state = fresh(at: 100)
        XCTAssertEqual(tick(state, at: 100 + 15 * second - 1), .none)
        XCTAssertEqual(tick(state, at: 100 + 15 * second), .close)
    }

    func testAHeadThatStopsArrivingGets408AtTheHeaderTimeout() {
        var state = fresh()
        state.received(now: t(5 * second), wasMidRequest: false)
        XCTAssertEqual(tick(state, at: 14 * second, midRequest: true), .none, "the idle time before it does not count")
        XCTAssertEqual(tick(state, at: 15 * second, midRequest: true), .requestTimeout)
        // More bytes of the same head do not restart the count.
        state.received(now: t(14 * second), wasMidRequest: true)
        XCTAssertEqual(tick(state, at: 15 * second, midRequest: true), .requestTimeout)
    }

    func testABodyHasItsOwnLongerDeadline() {
        var state = fresh()
        state.received(now: t(0), wasMidRequest: false)
        state.bodyBegan(now: t(2 * second))
        XCTAssertEqual(tick(state, at: 31 * second, midRequest: true), .none)
        XCTAssertEqual(tick(state, at: 32 * second, midRequest: true), .requestTimeout)
    }

    func testNothingExpiresWhileTheResponderWorks() {
        var state = fresh()
        state.received(now: t(0), wasMidRequest: false)
        state.dispatched()
        XCTAssertEqual(tick(state, at: 1_000 * second, midRequest: true), .none)
        XCTAssertTrue(state.answered())
        XCTAssertEqual(tick(state, at: 1_000 * second), .close, "idle counts from the last drained write, here the start")
    }

    func testPipelinedRequestsWaitForThePreviousAnswerToBeWritten() {
        var state = fresh()
        XCTAssertTrue(state.mayParse(pendingWrite: false))
        state.dispatched()
        XCTAssertFalse(state.mayParse(pendingWrite: false), "one request at a time")
        _ = state.answered()
        state.queued(thenClose: false)
        XCTAssertFalse(state.mayParse(pendingWrite: true), "not before its answer is written")
        XCTAssertEqual(state.writeDrained(now: t(1), plain: true), .keepOpen)
        XCTAssertTrue(state.mayParse(pendingWrite: false))
    }

    func testAStalledWriteClosesAtTheWriteTimeoutCountedFromTheFirstShortWrite() {
        var state = fresh()
        state.queued(thenClose: false)
        state.writeBlocked(now: t(2 * second))
        state.writeBlocked(now: t(20 * second))
        XCTAssertEqual(tick(state, at: 31 * second, pendingWrite: true), .none)
        XCTAssertEqual(tick(state, at: 32 * second, pendingWrite: true), .close)
        XCTAssertEqual(state.writeDrained(now: t(33 * second), plain: true), .keepOpen)
        XCTAssertEqual(tick(state, at: 33 * second + 15 * second - 1), .none, "drained: idle again from then")
    }

    func testAnErrorAnswerLingersOnPlainSocketsAndClosesOnTLS() {
        var plain = fresh()
        plain.errorAnswerQueued()
        plain.queued(thenClose: true)
        XCTAssertEqual(plain.writeDrained(now: t(10 * second), plain: true), .linger)
        XCTAssertTrue(plain.lingering)
        XCTAssertFalse(plain.discarded(1024))
        XCTAssertEqual(tick(plain, at: 12 * second - 1), .none)
        XCTAssertEqual(tick(plain, at: 12 * second), .close, "the linger lasts two seconds")
        XCTAssertTrue(plain.discarded(ConnectionState.lingerBytes), "or until its byte budget is spent")

        var tls = fresh()
        tls.errorAnswerQueued()
        tls.queued(thenClose: true)
        XCTAssertEqual(tls.writeDrained(now: t(0), plain: false), .close)

        var clean = fresh()
        clean.queued(thenClose: true)
        XCTAssertEqual(clean.writeDrained(now: t(0), plain: true), .close, "a Connection: close answer closes at once")
    }

    func testAHandshakeThatNeverFinishesCloses() {
        let state = fresh(at: 0)
        XCTAssertEqual(tick(state, at: 10 * second - 1, established: false), .none)
        XCTAssertEqual(tick(state, at: 10 * second, established: false), .close)
    }

    func testShutdownClosesIdleAndStreamingConnectionsAtOnceAndBusyOnesAfter() {
        var idle = fresh()
        XCTAssertTrue(idle.beginShutdown(pendingWrite: false))
        var busy = fresh()
        busy.dispatched()
        XCTAssertFalse(busy.beginShutdown(pendingWrite: false))
        XCTAssertTrue(busy.shuttingDown)
        var streaming = fresh()
        streaming.dispatched()
        streaming.streamStarted()
        XCTAssertTrue(streaming.beginShutdown(pendingWrite: true))
        XCTAssertEqual(tick(streaming, at: 1_000 * second), .none, "a stream is never idle")
    }

    func testCloseHappensOnceAndStopsEverything() {
        var state = fresh()
        XCTAssertTrue(state.close())
        XCTAssertFalse(state.close())
        XCTAssertFalse(state.mayParse(pendingWrite: false))
        XCTAssertFalse(state.answered(), "an answer after the close is dropped")
        XCTAssertEqual(tick(state, at: 1_000 * second), .none)
        XCTAssertFalse(state.beginShutdown(pendingWrite: false))
    }

    func testASecondAnswerToOneRequestIsRefused() {
        var state = fresh()
        state.received(now: t(0), wasMidRequest: false)
        XCTAssertEqual(state.activity, .receiving(body: false, since: t(0)))
        state.dispatched()
        XCTAssertEqual(state.activity, .responding)
        XCTAssertTrue(state.answered())
        XCTAssertFalse(state.answered(), "a responder answering twice: the second is dropped")
        XCTAssertEqual(state.activity, .waiting)
    }

    func testNothingIsParsedWhileLingeringOrStreaming() {
        var lingering = fresh()
        lingering.errorAnswerQueued()
        lingering.queued(thenClose: true)
        _ = lingering.writeDrained(now: t(0), plain: true)
        XCTAssertFalse(lingering.mayParse(pendingWrite: false), "after an error answer, what arrives is dropped")
        var streaming = fresh()
        streaming.dispatched()
        _ = streaming.answered()
        streaming.streamStarted()
        XCTAssertFalse(streaming.mayParse(pendingWrite: false))
        streaming.received(now: t(1), wasMidRequest: false)
        XCTAssertEqual(streaming.activity, .streaming, "bytes from a streaming peer start no request")
    }
}
