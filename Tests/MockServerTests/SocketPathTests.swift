import XCTest
import TestSupport
@testable import MockServer

/// The mock over a real socket, for what the in-process client (`MockFixture`'s default) does not
/// go through: framing, the answer's HTTP headers, the admin guard and a dropped connection.
final class SocketPathTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws {
        mock = try MockFixture { $0.adminToken = "admin-secret" }
        mock.transport = .socket
    }
    override func tearDown() { mock.stop() }

    func testTheDocsUpdateOverTheSocketIsFramedAndKeptAlive() throws {
        let reply = try mock.post("/api/live-activity/update", MockFixture.docsUpdate)
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.header("Content-Type"), "application/json")
        XCTAssertEqual(reply.header("Content-Length"), String(reply.body.count))
        XCTAssertNotNil(reply.header("Date"))
        XCTAssertNil(reply.header("Connection"), "kept alive")
        XCTAssertEqual(reply.json?["devices_notified"] as? Int, 2)
    }

    func testTheAdminGuardAndTheRouterAnswerOverTheSocket() throws {
        XCTAssertEqual(try mock.control("GET", "/_mock/health").status, 401)
        XCTAssertEqual(try mock.control("GET", "/_mock/health", token: "admin-secret").status, 200)
        let missing = try mock.post("/api/nothing-here", "{}")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.json?["error"] as? String, "Not Found")
    }

    func testADropFaultClosesTheConnectionWithoutAnAnswer() throws {
        _ = try mock.control("POST", "/_mock/faults", #"{"path":"/push-notification","drop":true,"count":1}"#, token: "admin-secret")
        XCTAssertThrowsError(try mock.post("/api/push-notification", #"{"title":"t"}"#))
        XCTAssertEqual(try mock.post("/api/push-notification", #"{"title":"t"}"#).status, 200, "one drop, then served")
    }
}
