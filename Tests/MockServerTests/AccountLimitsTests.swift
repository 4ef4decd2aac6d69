import XCTest
import TestSupport
@testable import MockServer

/// `PATCH /_mock/accounts/{id}`: an account's limits for one test, until the next reset.
final class AccountLimitsTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock?.stop() }

    func testLimitsChangeAtRunTimeAndResetBringsTheFixturesBack() throws {
        let changed = try mock.control("PATCH", "/_mock/accounts/acme", #"{"rate_limit":2,"live_activity_limit":1}"#)
        XCTAssertEqual(changed.status, 200, changed.text)
        XCTAssertEqual(changed.json?["rate_limit"] as? Int, 2)
        XCTAssertEqual(changed.json?["live_activity_limit"] as? Int, 1)

        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"1"}"#).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"2"}"#).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"3"}"#).status, 429, "the account's own rate limit")
        XCTAssertEqual(try mock.post("/push-notification", key: "ask_globex_key", #"{"title":"other account"}"#).status, 200)

        // The seeded activity already counts for adam-iphone and eve-iphone: a second is one too many.
        let second = try mock.post("/live-activity/start", #"{"content_state":{"title":"t","type":"alert","message":"m"}}"#)
        XCTAssertEqual(second.status, 429, second.text)
        XCTAssertEqual(second.json?["limit"] as? Int, 1)

        let accounts = try XCTUnwrap(try mock.control("GET", "/_mock/accounts").json?["accounts"] as? [[String: Any]])
        XCTAssertEqual(accounts.first { $0["id"] as? String == "acme" }?["live_activity_limit"] as? Int, 1)
        XCTAssertEqual(accounts.first { $0["id"] as? String == "globex" }?["live_activity_limit"] as? Int, 4, "the server's default")

        XCTAssertEqual(try mock.control("POST", "/_mock/reset").status, 200)
        XCTAssertEqual(try mock.post("/live-activity/start", #"{"content_state":{"title":"t","type":"alert","message":"m"}}"#).status, 200)
        let off = try mock.control("PATCH", "/_mock/accounts/acme", #"{"live_activity_limit":0}"#)
        XCTAssertEqual(off.json?["live_activity_limit"] as? Int, 0)
        XCTAssertEqual(off.json?["rate_limit"] as? Int, 60, "a limit not named keeps its value")
    }

    func testRefusals() throws {
        XCTAssertEqual(try mock.control("PATCH", "/_mock/accounts/nobody", #"{"rate_limit":1}"#).status, 404)
        XCTAssertEqual(try mock.control("PATCH", "/_mock/accounts/acme", "{}").status, 400)
        XCTAssertEqual(try mock.control("PATCH", "/_mock/accounts/acme", #"{"rate_limit":-1}"#).status, 400)
        XCTAssertEqual(try mock.control("PATCH", "/_mock/accounts/acme", #"{"rate":1}"#).status, 400)
    }
}
