import XCTest
@testable import APIModel

/// An explicit `null` on an optional property reads as absent (the Go SDK's defaults); on a
/// required one it is a 400 naming it. Every other strict-JSON rule stays.
final class NullAsAbsentTests: XCTestCase {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// The Go SDK 1.8.0's update, byte for byte.
    func testGoSDKUpdateDecodes() throws {
        let body =
            #"{"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","content_state":{"badge":null,"counts_down":true,"current_step":2,"icon":null,"is_running":true,"number_of_steps":3,"subtitle":"upload archive","title":"Nightly database backup"}}"#
        let request = try ChangeRequest.decode(bytes(body), phase: .update)
        XCTAssertNil(request.contentState.icon)
        XCTAssertNil(request.contentState.badge)
        XCTAssertEqual(request.contentState.currentStep, 2)
        XCTAssertNil(request.contentState.json["icon"], "a null is not stored either")
    }

    func testNullOnEveryOptionalFieldOfAStart() throws {
        let optional = [
            "subtitle", "number_of_steps", "current_step", "percentage", "value", "upper_limit", "duration_seconds",
            "counts_down", "is_running", "metrics", "icon", "badge", "color", "step_color", "step_colors"
        ]
        let state = #"{"title":"A","type":"alert","message":"m",\#(optional.map { "\"\($0)\":null" }.joined(separator: ","))}"#
        let top = ["action", "secondary_action", "alert", "target", "tags", "metadata"].map { "\"\($0)\":null" }.joined(separator: ",")
        let request = try StartRequest.decode(bytes(#"{"content_state":\#(state),\#(top)}"#))
        XCTAssertEqual(request.contentState.json, ContentState.decodeForTest(#"{"title":"A","type":"alert","message":"m"}"#))
        XCTAssertNil(request.targetChannels)
        XCTAssertNil(request.action)
        XCTAssertNil(request.metadata)
    }

    func testNullInsideNestedOptionalObjects() throws {
        let body =
            #"{"content_state":{"title":"A","type":"alert","message":"m","icon":{"symbol":"bell","color":null}},"action":{"title":"Open","type":"open_url","url":"https://x.test","method":null,"body":null}}"#
        let request = try StartRequest.decode(bytes(body))
        XCTAssertEqual(request.contentState.icon?.symbol, "bell")
        XCTAssertNil(request.contentState.icon?.color)
    }

    func testPushAndBadgeAndStreamTakeNulls() throws {
        XCTAssertNoThrow(
            try PushRequest.decode(
                bytes(
                    #"{"title":"t","message":null,"subtitle":null,"payload":null,"media":null,"redirection":null,"actions":null,"target":null,"badge":null,"sound":null,"interruption_level":null,"icon":null}"#
                ), replace: false))
        XCTAssertNoThrow(try BadgeRequest.decode(bytes(#"{"badge":3,"target":null}"#)))
        let put = try StreamPutRequest.decode(
            bytes(
                #"{"content_state":{"title":"t","type":"alert","message":"m","icon":null},"channels":null,"target":null,"action":null,"tags":null,"metadata":null}"#
            ))
        XCTAssertNil(put.channels)
    }

    func testRequiredNullIsRefusedByName() {
        let cases: [(String, String)] = [
            (#"{"content_state":null}"#, "content_state is required and must not be null"),
            (#"{"content_state":{"title":null,"type":"alert","message":"m"}}"#, "content_state.title is required and must not be null"),
            (#"{"content_state":{"title":"t","type":null,"message":"m"}}"#, "content_state.type is required and must not be null"),
            (
                #"{"content_state":{"title":"t","type":"metrics","metrics":[{"label":"a","value":null}]}}"#,
                "content_state.metrics[0].value is required and must not be null"
            )
        ]
        for (body, message) in cases {
            XCTAssertThrowsError(try StartRequest.decode(bytes(body)), body) { error in
                XCTAssertEqual((error as? APIError)?.message, message)
            }
        }
        XCTAssertThrowsError(try ChangeRequest.decode(bytes(#"{"activity_id":null,"content_state":{"title":"t"}}"#), phase: .update)) {
            XCTAssertEqual(($0 as? APIError)?.message, "activity_id is required and must not be null")
        }
    }

    func testNullInsideListsIsStillRefused() {
        XCTAssertThrowsError(try StartRequest.decode(bytes(#"{"content_state":{"title":"t","type":"alert","message":"m"},"tags":[null]}"#)))
        XCTAssertThrowsError(try StartRequest.decode(bytes(#"{"content_state":{"title":"t","type":"alert","message":"m"},"target":{"channels":[null]}}"#)))
        XCTAssertThrowsError(try StartRequest.decode(bytes(#"{"content_state":{"title":"t","type":"alert","message":"m"},"metadata":{"k":null}}"#)))
    }

    func testANullBodyIsNoBodyWhereTheBodyIsOptional() throws {
        XCTAssertNil(try StreamDeleteRequest.decode(bytes("null")).contentState)
        XCTAssertNil(try StreamDeleteRequest.decode(bytes(" null \n")).contentState)
        XCTAssertNil(try StreamDeleteRequest.decode(bytes(#"{"content_state":null}"#)).contentState)
        XCTAssertThrowsError(try StreamDeleteRequest.decode(bytes("[]")))
        XCTAssertThrowsError(try StreamDeleteRequest.decode(bytes("nul")))
        // Where a body is required, null is still no object.
        XCTAssertThrowsError(try StartRequest.decode(bytes("null"))) {
            XCTAssertEqual(($0 as? APIError)?.message, "body must be a JSON object, got null")
        }
    }

    func testUnknownKeysWithNullAreStillUnknown() {
        XCTAssertThrowsError(try StartRequest.decode(bytes(#"{"content_state":{"title":"t","type":"alert","message":"m","sparkle":null}}"#))) {
            XCTAssertEqual(($0 as? APIError)?.message, "content_state.sparkle is not a known property")
        }
    }
}

extension ContentState {
    static func decodeForTest(_ text: String) -> JSONValue {
        (try? ContentState.decode(try JSONParser.parse(text), path: "content_state", phase: .start))?.json ?? .null
    }
}
