import XCTest
@testable import APIModel

/// Every transition of a timer's window, at fixed times (ms): start, keep, reset, pause, resume, end.
final class TimerWindowTests: XCTestCase {
    private let t0: Int64 = 1_769_594_400_000  // 2026-01-28T10:00:00Z

    private func state(_ json: String) -> ContentState {
        try! ContentState.decode(try! JSONParser.parse(json), path: "content_state", phase: .update, allowAutoDismiss: true)
    }

    func testStartOpensACountdownOrAnOpenEndedWindow() {
        let down = TimerWindow.opening(state(#"{"title":"T","duration_seconds":300}"#), now: t0)
        XCTAssertEqual(down, TimerWindow(startedAt: t0, endsAt: t0 + 300_000))
        let up = TimerWindow.opening(state(#"{"title":"T","counts_down":false,"duration_seconds":300}"#), now: t0)
        XCTAssertEqual(up, TimerWindow(startedAt: t0), "counts_down false has no end")
        let frozen = TimerWindow.opening(state(#"{"title":"T","duration_seconds":60,"is_running":false}"#), now: t0)
        XCTAssertEqual(frozen.pausedAt, t0)
        XCTAssertEqual(frozen.remainingMillis(at: t0 + 999_000), 60_000)
    }

    func testAnUpdateWithoutDurationKeepsTheWindow() {
        let w = TimerWindow(startedAt: t0, endsAt: t0 + 300_000)
        let next = w.next(state(#"{"title":"T2","counts_down":true,"is_running":true}"#), phase: .update, now: t0 + 60_000)
        XCTAssertEqual(next, w)
        XCTAssertEqual(next.remainingMillis(at: t0 + 60_000), 240_000)
    }

    func testAnUpdateWithDurationResetsFromNow() {
        let w = TimerWindow(startedAt: t0, endsAt: t0 + 300_000)
        let next = w.next(state(#"{"title":"T","duration_seconds":120}"#), phase: .update, now: t0 + 60_000)
        XCTAssertEqual(next, TimerWindow(startedAt: t0 + 60_000, endsAt: t0 + 180_000))
    }

    func testPauseFreezesAndResumeMovesTheEndByThePause() {
        let w = TimerWindow(startedAt: t0, endsAt: t0 + 300_000)
        let paused = w.next(state(#"{"title":"T","is_running":false}"#), phase: .update, now: t0 + 60_000)
        XCTAssertEqual(paused.pausedAt, t0 + 60_000)
        XCTAssertEqual(paused.remainingMillis(at: t0 + 200_000), 240_000, "frozen at its value")
        XCTAssertEqual(
            paused.next(state(#"{"title":"T","is_running":false}"#), phase: .update, now: t0 + 90_000), paused,
            "pausing twice keeps the first pause")
        let resumed = paused.next(state(#"{"title":"T","is_running":true}"#), phase: .update, now: t0 + 90_000)
        XCTAssertEqual(resumed, TimerWindow(startedAt: t0 + 30_000, endsAt: t0 + 330_000))
        XCTAssertEqual(resumed.remainingMillis(at: t0 + 90_000), 240_000)
        XCTAssertEqual(
            resumed.next(state(#"{"title":"T","is_running":true}"#), phase: .update, now: t0 + 95_000), resumed,
            "resuming a running timer changes nothing")
    }

    func testAResetKeepsAFrozenTimerFrozenUnlessToldToRun() {
        let paused = TimerWindow(startedAt: t0, endsAt: t0 + 300_000, pausedAt: t0 + 10_000)
        XCTAssertEqual(
            paused.next(state(#"{"title":"T","duration_seconds":60}"#), phase: .update, now: t0 + 20_000),
            TimerWindow(startedAt: t0 + 20_000, endsAt: t0 + 80_000, pausedAt: t0 + 20_000))
        XCTAssertEqual(
            paused.next(state(#"{"title":"T","duration_seconds":60,"is_running":true}"#), phase: .update, now: t0 + 20_000),
            TimerWindow(startedAt: t0 + 20_000, endsAt: t0 + 80_000))
    }

    func testEndFreezesTheLatestState() {
        let w = TimerWindow(startedAt: t0)
        let ended = w.next(state(#"{"title":"done"}"#), phase: .end, now: t0 + 42_000)
        XCTAssertEqual(ended, TimerWindow(startedAt: t0, pausedAt: t0 + 42_000))
        XCTAssertEqual(ended.elapsedMillis(at: t0 + 100_000), 42_000)
        let pausedThenEnded = TimerWindow(startedAt: t0, pausedAt: t0 + 5_000).next(state(#"{"title":"d"}"#), phase: .end, now: t0 + 9_000)
        XCTAssertEqual(pausedThenEnded.pausedAt, t0 + 5_000, "an end keeps the earlier freeze")
    }

    func testAHugeDurationIsClampedToTheYear9999() {
        let w = TimerWindow.opening(state(#"{"title":"T","duration_seconds":1e308}"#), now: t0)
        XCTAssertEqual(w.endsAt, Timestamp.latestMillis)
        XCTAssertEqual(Timestamp.iso8601(millis: Timestamp.latestMillis), "9999-12-31T23:59:59.999Z")
        let paused = TimerWindow(startedAt: t0, endsAt: Timestamp.latestMillis, pausedAt: t0)
        XCTAssertEqual(
            paused.next(state(#"{"title":"T","is_running":true}"#), phase: .update, now: t0 + 5_000).endsAt,
            Timestamp.latestMillis)
    }

    func testTheViewAtTheMocksClock() {
        let w = TimerWindow(startedAt: t0, endsAt: t0 + 300_000)
        XCTAssertEqual(
            JSONWriter.string(w.json(at: t0 + 60_500)),
            #"{"started_at":"2026-01-28T10:00:00.000Z","ends_at":"2026-01-28T10:05:00.000Z","paused_at":null,"remaining_seconds":239.5}"#)
        XCTAssertEqual(
            JSONWriter.string(TimerWindow(startedAt: t0).json(at: t0 + 7_000)),
            #"{"started_at":"2026-01-28T10:00:00.000Z","ends_at":null,"paused_at":null,"elapsed_seconds":7}"#)
        XCTAssertEqual(w.remainingMillis(at: t0 + 400_000), 0, "never below zero")
    }

    /// The Go SDK sends counts_down: true with every update; an open-ended timer stays open-ended.
    func testAnUpdateDoesNotTurnAnOpenEndedTimerIntoACountdown() throws {
        let stored = ContentStateRules.Stored(type: .timer, numberOfSteps: nil, durationSeconds: nil, countsDown: false)
        let merged = ContentStateRules.merged(state(#"{"title":"T","counts_down":true,"is_running":true}"#), type: .timer, stored: stored)
        XCTAssertEqual(merged.countsDown, false)
        XCTAssertNil(merged.durationSeconds)
        let countdown = ContentStateRules.Stored(type: .timer, numberOfSteps: nil, durationSeconds: 300, countsDown: nil, isRunning: false)
        let kept = ContentStateRules.merged(state(#"{"title":"T","counts_down":true}"#), type: .timer, stored: countdown)
        XCTAssertEqual(kept.countsDown, true)
        XCTAssertEqual(kept.durationSeconds, 300)
        XCTAssertEqual(kept.isRunning, false, "an omitted is_running keeps the stored one")
    }
}
