import XCTest
@testable import APIModel

final class TypeInferenceTests: XCTestCase {
    private func change(_ state: String, phase: Phase = .update) throws -> ChangeRequest {
        try ChangeRequest.decode(Array(#"{"activity_id":"abc","content_state":\#(state)}"#.utf8), phase: phase)
    }

    let segmented = ContentStateRules.Stored(type: .segmentedProgress, numberOfSteps: 3)

    func testMissingTypeIsTakenFromTheStoredActivity() throws {
        let request = try change(#"{"title":"B","current_step":2}"#)
        let state = try request.validated(against: segmented)
        XCTAssertEqual(state.type, .segmentedProgress)
        XCTAssertEqual(state.numberOfSteps, 3, "stored number_of_steps kept when omitted")
    }

    func testInferredTypeRulesApply() throws {
        // current_step is required for segmented_progress even though no type was sent.
        let missing = try change(#"{"title":"B"}"#)
        XCTAssertThrowsError(try missing.validated(against: segmented)) { error in
            XCTAssertEqual((error as? APIError)?.message, "content_state.current_step is required for type segmented_progress")
        }
        let tooFar = try change(#"{"title":"B","current_step":4}"#)
        XCTAssertThrowsError(try tooFar.validated(against: segmented))
        let grown = try change(#"{"title":"B","current_step":4,"number_of_steps":5}"#)
        XCTAssertEqual(try grown.validated(against: segmented).numberOfSteps, 5)
    }

    func testDifferentTypeIsRefused() throws {
        let request = try change(#"{"title":"B","type":"metrics","metrics":[{"label":"a","value":1}]}"#)
        XCTAssertThrowsError(try request.validated(against: segmented)) { error in
            XCTAssertTrue((error as? APIError)?.message?.contains("content_state.type") == true)
        }
    }

    func testPerTypeOnUpdate() throws {
        let cases: [(ActivityType, String, Bool)] = [
            (.progress, #"{"title":"E","percentage":60}"#, true),
            (.progress, #"{"title":"E"}"#, false),
            (.metrics, #"{"title":"H","metrics":[{"label":"a","value":2}]}"#, true),
            (.stats, #"{"title":"H"}"#, false),
            (.alert, #"{"title":"A","message":"x"}"#, true),
            (.alert, #"{"title":"A"}"#, false),
            (.timer, #"{"title":"T"}"#, true),
            (.timer, #"{"title":"T","duration_seconds":180}"#, true),
            (.value, #"{"title":"V","value":"12 kWh"}"#, true),
            (.value, #"{"title":"V"}"#, false)
        ]
        for (type, state, valid) in cases {
            let request = try change(state)
            let stored = ContentStateRules.Stored(type: type, numberOfSteps: nil)
            if valid {
                XCTAssertNoThrow(try request.validated(against: stored), "\(type) \(state)")
            } else {
                XCTAssertThrowsError(try request.validated(against: stored), "\(type) \(state)")
            }
        }
    }

    func testTimerKeepsItsWindowWhenDurationIsOmitted() throws {
        let stored = ContentStateRules.Stored(type: .timer, numberOfSteps: nil, durationSeconds: .int(300), countsDown: true)
        XCTAssertEqual(try change(#"{"title":"T","is_running":false}"#).validated(against: stored).durationSeconds, .int(300))
        XCTAssertEqual(try change(#"{"title":"T","duration_seconds":180}"#).validated(against: stored).durationSeconds, .int(180))
    }

    func testEndAcceptsAutoDismissButUpdateDoesNot() throws {
        let end = try change(#"{"title":"B","current_step":3,"auto_dismiss_minutes":2,"auto_dismiss_seconds":5}"#, phase: .end)
        XCTAssertEqual(end.contentState.autoDismissSeconds, 5)
        XCTAssertThrowsError(try change(#"{"title":"B","current_step":3,"auto_dismiss_minutes":2}"#))
        XCTAssertThrowsError(try change(#"{"title":"B","current_step":3,"auto_dismiss_minutes":-1}"#, phase: .end))
    }

    func testActivityIDRequired() {
        XCTAssertThrowsError(try ChangeRequest.decode(Array(#"{"content_state":{"title":"x"}}"#.utf8), phase: .update)) { error in
            XCTAssertEqual((error as? APIError)?.message, "activity_id is required")
        }
    }
}
