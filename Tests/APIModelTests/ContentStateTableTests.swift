import XCTest
@testable import APIModel

/// Valid and invalid payloads for every type, through the same code the server runs.
final class ContentStateTableTests: XCTestCase {
    private func start(_ contentState: String, extra: String = "") throws(APIError) -> StartRequest {
        try StartRequest.decode(Array(#"{"content_state":\#(contentState)\#(extra)}"#.utf8))
    }

    static let validStarts: [(String, String)] = [
        (
            "segmented",
            #"{"title":"Backup","type":"segmented_progress","number_of_steps":3,"current_step":0,"color":"yellow","step_color":"red","step_colors":["lime"]}"#
        ),
        ("segmented integral float", #"{"title":"B","type":"segmented_progress","number_of_steps":3.0,"current_step":1}"#),
        ("progress percentage", #"{"title":"EV","type":"progress","percentage":15}"#),
        ("progress float percentage", #"{"title":"EV","type":"progress","percentage":99.5}"#),
        ("progress value", #"{"title":"EV","type":"progress","value":3,"upper_limit":10}"#),
        ("progress both", #"{"title":"EV","type":"progress","percentage":10,"value":3,"upper_limit":10}"#),
        ("metrics", #"{"title":"H","type":"metrics","metrics":[{"label":"CPU","value":21,"unit":"%"},{"label":"S","value":"ok","color":"green"}]}"#),
        ("stats", #"{"title":"H","type":"stats","metrics":[{"label":"a","value":1.5}]}"#),
        ("alert", #"{"title":"A","type":"alert","message":"Approve?","icon":{"symbol":"bell","color":"red"},"badge":{"title":"NEW"}}"#),
        ("timer countdown", #"{"title":"T","type":"timer","duration_seconds":300}"#),
        ("timer elapsed", #"{"title":"T","type":"timer","counts_down":false}"#),
        ("value string", #"{"title":"V","type":"value","value":"$1,234.50"}"#),
        ("value number", #"{"title":"V","type":"value","value":42.5}"#),
        ("SDK defaults on any type", #"{"title":"A","type":"alert","message":"m","counts_down":true,"is_running":true}"#)
    ]

    func testValidStartsDecode() {
        for (name, state) in Self.validStarts {
            XCTAssertNoThrow(try start(state), name)
        }
    }

    static let invalidStarts: [(String, String, String)] = [
        ("type missing", #"{"title":"B","number_of_steps":3,"current_step":1}"#, "content_state.type is required"),
        ("bad type", #"{"title":"B","type":"pie"}"#, "content_state.type must be one of"),
        ("title missing", #"{"type":"alert","message":"m"}"#, "content_state.title is required"),
        ("title not string", #"{"title":5,"type":"alert","message":"m"}"#, "content_state.title must be a string"),
        ("steps missing", #"{"title":"B","type":"segmented_progress","current_step":1}"#, "content_state.number_of_steps is required"),
        ("current missing", #"{"title":"B","type":"segmented_progress","number_of_steps":3}"#, "content_state.current_step is required"),
        (
            "current > steps", #"{"title":"B","type":"segmented_progress","number_of_steps":3,"current_step":4}"#,
            "content_state.current_step (4) must be less than or equal"
        ),
        (
            "fractional step", #"{"title":"B","type":"segmented_progress","number_of_steps":3,"current_step":1.5}"#,
            "content_state.current_step must be an integer"
        ),
        (
            "bool step", #"{"title":"B","type":"segmented_progress","number_of_steps":3,"current_step":true}"#,
            "content_state.current_step must be an integer, got boolean"
        ),
        (
            "zero steps", #"{"title":"B","type":"segmented_progress","number_of_steps":0,"current_step":0}"#,
            "content_state.number_of_steps must be greater than or equal to 1"
        ),
        ("huge step", #"{"title":"B","type":"segmented_progress","number_of_steps":1e30,"current_step":0}"#, "content_state.number_of_steps is out of range"),
        ("percentage > 100", #"{"title":"E","type":"progress","percentage":101}"#, "content_state.percentage must be less than or equal to 100"),
        ("percentage string", #"{"title":"E","type":"progress","percentage":"50"}"#, "content_state.percentage must be a number"),
        ("progress nothing", #"{"title":"E","type":"progress"}"#, "content_state.percentage or content_state.value"),
        ("value without limit", #"{"title":"E","type":"progress","value":3}"#, "content_state.upper_limit is required"),
        ("limit without value", #"{"title":"E","type":"progress","upper_limit":3}"#, "content_state.value is required"),
        ("limit zero", #"{"title":"E","type":"progress","value":0,"upper_limit":0}"#, "content_state.upper_limit must be greater than 0"),
        ("progress string value", #"{"title":"E","type":"progress","value":"3","upper_limit":5}"#, "content_state.value must be a number for type progress"),
        ("metrics missing", #"{"title":"H","type":"metrics"}"#, "content_state.metrics is required"),
        ("metrics empty", #"{"title":"H","type":"stats","metrics":[]}"#, "content_state.metrics must have at least 1 item"),
        (
            "metrics nine",
            #"{"title":"H","type":"metrics","metrics":[{"label":"a","value":1},{"label":"a","value":1},{"label":"a","value":1},{"label":"a","value":1},{"label":"a","value":1},{"label":"a","value":1},{"label":"a","value":1},{"label":"a","value":1},{"label":"a","value":1}]}"#,
            "at most 8"
        ),
        ("metric label empty", #"{"title":"H","type":"metrics","metrics":[{"label":"","value":1}]}"#, "content_state.metrics[0].label must not be empty"),
        (
            "metric negative", #"{"title":"H","type":"metrics","metrics":[{"label":"a","value":-1}]}"#,
            "content_state.metrics[0].value must be greater than or equal to 0"
        ),
        (
            "metric unknown key", #"{"title":"H","type":"metrics","metrics":[{"label":"a","value":1,"x":1}]}"#,
            "content_state.metrics[0].x is not a known property"
        ),
        ("alert no message", #"{"title":"A","type":"alert"}"#, "content_state.message is required"),
        ("alert empty message", #"{"title":"A","type":"alert","message":""}"#, "content_state.message must not be empty"),
        ("icon no symbol", #"{"title":"A","type":"alert","message":"m","icon":{}}"#, "content_state.icon.symbol is required"),
        ("timer no duration", #"{"title":"T","type":"timer"}"#, "content_state.duration_seconds is required"),
        ("timer zero duration", #"{"title":"T","type":"timer","duration_seconds":0}"#, "content_state.duration_seconds must be greater than 0"),
        ("value missing", #"{"title":"V","type":"value"}"#, "content_state.value is required"),
        ("value object", #"{"title":"V","type":"value","value":{}}"#, "content_state.value must be a number or a string"),
        ("empty value on any type", #"{"title":"V","type":"alert","message":"m","value":""}"#, "content_state.value must be 1 to 256 characters"),
        ("bad color", #"{"title":"A","type":"alert","message":"m","color":"pink"}"#, "content_state.color must be one of"),
        ("bad step colors", #"{"title":"A","type":"alert","message":"m","step_colors":["teal"]}"#, "content_state.step_colors[0]"),
        ("unknown property", #"{"title":"A","type":"alert","message":"m","emoji":"x"}"#, "content_state.emoji is not a known property"),
        (
            "auto dismiss on start", #"{"title":"A","type":"alert","message":"m","auto_dismiss_minutes":1}"#,
            "content_state.auto_dismiss_minutes is not a known property"
        ),
        ("null title", #"{"title":null,"type":"alert","message":"m"}"#, "content_state.title is required and must not be null")
    ]

    func testInvalidStartsNameTheField() {
        for (name, state, expected) in Self.invalidStarts {
            do {
                _ = try start(state)
                XCTFail("\(name) was accepted")
            } catch {
                XCTAssertEqual(error.status, 400, name)
                XCTAssertTrue(error.message?.contains(expected) == true, "\(name): \(error.message ?? "")")
            }
        }
    }

    func testRequestLevelFields() {
        let ok = #"{"title":"A","type":"alert","message":"m"}"#
        XCTAssertNoThrow(
            try start(
                ok,
                extra:
                    #","action":{"title":"Open","type":"open_url","url":"https://x.test/a"},"secondary_action":{"title":"Run","type":"open_url","url":"shortcuts://run-shortcut?name=x","method":"POST"},"tags":["a"],"metadata":{"k":"v","n":1,"b":true},"target":{"channels":["ops"]},"alert":{"title":"t","body":"b"}"#
            ))
        XCTAssertNoThrow(try start(ok, extra: #","action":{"title":"Hook","type":"webhook","url":"https://x.test/h","method":"GET","body":{"a":[1]}}"#))
        XCTAssertNoThrow(try start(ok, extra: #","action":{"title":"Open","type":"open_url","url":"http://x.test"}"#), "SDK 1.14.0 allows http")
        let bad: [(String, String)] = [
            (#","action":{"title":"Hook","type":"webhook","url":"http://x.test/h"}"#, "action.url must start with https://"),
            (#","action":{"title":"O","type":"open_url","url":"ftp://x"}"#, "action.url must start with"),
            (#","action":{"title":"O","type":"call","url":"https://x"}"#, "action.type must be one of"),
            (#","action":{"title":"O","type":"webhook","url":"https://x","method":"PUT"}"#, "action.method must be one of"),
            (#","action":{"title":"O","type":"webhook","url":"https://x","body":[1]}"#, "action.body must be an object"),
            (#","target":{"channels":[]}"#, "target.channels must be an array of channel slugs"),
            (#","target":{"channels":"ops"}"#, "target.channels must be an array of channel slugs"),
            (#","target":{"channels":null}"#, "target.channels must be an array"),
            (#","tags":[""]"#, "tags[0] must be 1 to 64 characters"),
            (#","tags":[1]"#, "tags[0] must be a string"),
            (#","metadata":{"k":{"nested":1}}"#, "metadata.k must be a string, number or boolean"),
            (#","metadata":[]"#, "metadata must be an object"),
            (#","surprise":1"#, "surprise is not a known property")
        ]
        for (extra, expected) in bad {
            do {
                _ = try start(ok, extra: extra)
                XCTFail("accepted \(extra)")
            } catch {
                XCTAssertTrue(error.message?.contains(expected) == true, "\(extra): \(error.message ?? "")")
            }
        }
        let manyEntries = (0..<51).map { "\"k\($0)\":1" }.joined(separator: ",")
        XCTAssertThrowsError(try start(ok, extra: ",\"metadata\":{\(manyEntries)}"))
    }

    func testBodyMustBeAnObjectOfValidJSON() {
        for body in ["", "[]", "null", "{", #"{"content_state":{"title":"A","type":"alert","message":"m"},"content_state":{}}"#] {
            XCTAssertThrowsError(try StartRequest.decode(Array(body.utf8)), body) { error in
                XCTAssertEqual((error as? APIError)?.status, 400)
            }
        }
    }
}
