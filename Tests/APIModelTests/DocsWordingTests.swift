import XCTest
@testable import APIModel

/// Error bodies the docs spell out, byte for byte, and the partial final state of a stream.
final class DocsWordingTests: XCTestCase {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
    private let metrics = #""content_state":{"title":"x","type":"metrics","metrics":[{"label":"CPU","value":1}]}"#

    private func error(_ body: () throws -> Void) -> APIError? {
        do { try body(); return nil } catch { return error as? APIError }
    }

    func testEmptyStreamChannelsUseTheDocsMessage() {
        for extra in [#""channels":[]"#, #""target":{"channels":[]}"#] {
            let e = error { _ = try StreamPutRequest.decode(bytes("{\(metrics),\(extra)}")) }
            XCTAssertEqual(
                e?.json,
                APIError(
                    status: 400, error: "Invalid channel targeting",
                    message: "channels must contain at least one channel"
                ).json, extra)
        }
        let wrongType = error { _ = try StreamPutRequest.decode(bytes("{\(metrics),\"channels\":\"ops\"}")) }
        XCTAssertEqual(wrongType?.message, "channels must be an array of channel slugs", "no stray leading dot")
    }

    func testEmptyTargetOnStartUsesTheStartExample() {
        let e = error { _ = try StartRequest.decode(bytes(#"{"content_state":{"title":"t","type":"alert","message":"m"},"target":{"channels":[]}}"#)) }
        XCTAssertEqual(
            e?.json,
            APIError(
                status: 400, error: "Invalid channel targeting",
                message: "target.channels must be an array of channel slugs"
            ).json)
    }

    func testAnOverflowingNumberIsNotFinite() {
        let metric = error { _ = try MetricValueRequest.decode(bytes(#"{"value":1e400}"#)) }
        XCTAssertEqual(metric?.json, APIError(status: 400, error: "value must be a finite number", message: nil).json)
        let nested = error { _ = try StartRequest.decode(bytes(#"{"content_state":{"title":"t","type":"metrics","metrics":[{"label":"a","value":-1e999}]}}"#)) }
        XCTAssertEqual(nested?.message, "content_state.metrics[0].value must be a finite number")
        let top = error { _ = try CommonFields.parseBody(bytes("1e400")) }
        XCTAssertEqual(top?.message, "invalid JSON at byte 5: number out of range", "no field to name at the top")
    }

    func testParserFailuresCarryTheirPath() {
        XCTAssertThrowsError(try JSONParser.parse(#"{"a":[1,{"b":1e400}]}"#)) { error in
            XCTAssertEqual((error as? JSONParser.Failure)?.path, "a[1].b")
        }
    }

    func testAPartialFinalStateIsLaidOverTheStoredOne() throws {
        let stored = try JSONParser.parse(#"{"title":"Server","type":"metrics","metrics":[{"label":"CPU","value":27}],"color":"red"}"#)
        let sent = try StreamDeleteRequest.decode(bytes(#"{"content_state":{"title":"Done","auto_dismiss_minutes":0}}"#)).contentState!
        let whole = try ContentStateRules.overlay(sent, on: stored, phase: .end)
        XCTAssertEqual(
            JSONWriter.string(whole.json),
            #"{"title":"Done","type":"metrics","metrics":[{"label":"CPU","value":27}],"color":"red","auto_dismiss_minutes":0}"#)
        XCTAssertNoThrow(try ContentStateRules.validate(whole, type: .metrics, phase: .end, stored: nil))
    }
}
