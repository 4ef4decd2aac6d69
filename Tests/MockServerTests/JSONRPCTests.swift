import XCTest
import APIModel
@testable import MockServer

/// The JSON-RPC envelope of `/mcp`: what counts as a request, a notification, and which error
/// a malformed message gets.
final class JSONRPCTests: XCTestCase {
    private func message(_ text: String) -> Result<JSONRPC.Message, JSONRPC.Answer> {
        JSONRPC.message(try! JSONParser.parse(text))
    }

    private func code(_ text: String) -> Int64? {
        guard case .failure(let answer) = message(text) else { return nil }
        return answer.response?["error"]?["code"]?.intValue
    }

    func testRequestsAndNotifications() throws {
        let request = try message(#"{"jsonrpc":"2.0","id":"a","method":"ping"}"#).get()
        XCTAssertEqual(request.id, "a")
        XCTAssertFalse(request.isNotification)
        let notification = try message(#"{"jsonrpc":"2.0","method":"notifications/initialized","params":{}}"#).get()
        XCTAssertTrue(notification.isNotification)
        XCTAssertEqual(try message(#"{"jsonrpc":"2.0","id":3.0,"method":"ping"}"#).get().id, .double(3))
    }

    func testMalformedMessagesGetTheirErrors() {
        XCTAssertEqual(code(#"[1]"#), Int64(JSONRPC.invalidRequest))
        XCTAssertEqual(code(#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#), Int64(JSONRPC.invalidRequest), "MCP ids are never null")
        XCTAssertEqual(code(#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#), Int64(JSONRPC.invalidRequest))
        XCTAssertEqual(code(#"{"jsonrpc":"2.1","id":1,"method":"ping"}"#), Int64(JSONRPC.invalidRequest))
        XCTAssertEqual(code(#"{"jsonrpc":"2.0","id":1,"method":""}"#), Int64(JSONRPC.invalidRequest))
        XCTAssertEqual(code(#"{"jsonrpc":"2.0","id":1,"method":"ping","params":[]}"#), Int64(JSONRPC.invalidParams))
        guard case .failure(let answer) = message(#"{"jsonrpc":"2.0","method":"x","params":"p"}"#) else { return XCTFail() }
        XCTAssertNil(answer.response, "a notification gets no answer, not even an error")
    }

    func testTheErrorKeepsAValidId() {
        guard case .failure(let answer) = message(#"{"jsonrpc":"1.0","id":9,"method":"ping"}"#) else { return XCTFail() }
        XCTAssertEqual(answer.response?["id"], 9)
        XCTAssertEqual(JSONWriter.string(JSONRPC.result(id: 9, .object([]))), #"{"jsonrpc":"2.0","id":9,"result":{}}"#)
    }

    func testAnErrorCarriesDataOnlyWhenGiven() {
        XCTAssertEqual(
            JSONWriter.string(JSONRPC.error(id: 1, JSONRPC.methodNotFound, "no")),
            #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"no"}}"#)
        XCTAssertEqual(JSONRPC.error(id: 1, -32022, "v", data: "x")["error"]?["data"], "x")
    }

    /// `Mcp-Name` values a header cannot carry come wrapped as `=?base64?…?=`.
    func testRoutingHeaderValuesDecode() {
        XCTAssertEqual(MCPStatelessExchange.decodeHeaderValue("list_channels"), "list_channels")
        XCTAssertEqual(MCPStatelessExchange.decodeHeaderValue("=?base64?bGlzdF9jaGFubmVscw==?="), "list_channels")
        XCTAssertEqual(MCPStatelessExchange.decodeHeaderValue("=?base64?w6k=?="), "é")
        XCTAssertNil(MCPStatelessExchange.decodeHeaderValue("=?base64?!!?="), "malformed base64")
        XCTAssertNil(MCPStatelessExchange.decodeHeaderValue("=?base64?w6l=?="), "non-canonical base64 (stray bits)")
        XCTAssertNil(MCPStatelessExchange.decodeHeaderValue("=?base64?/w==?="), "not UTF-8")
        XCTAssertNil(MCPStatelessExchange.decodeHeaderValue(nil))
    }
}
