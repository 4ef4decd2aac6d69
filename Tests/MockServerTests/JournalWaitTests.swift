import XCTest
import Foundation
import Dispatch
import TestSupport
import Locking
@testable import MockServer

/// `GET /_mock/requests?wait=&min_count=`: answered when enough entries match, woken by the
/// journal's change, or when the time is up.
final class JournalWaitTests: XCTestCase {
    var mock: MockFixture!
    override func setUpWithError() throws { mock = try MockFixture() }
    override func tearDown() { mock?.stop() }

    func testAWaitEndsOnTheMatchingRequestsOrRunsOut() throws {
        let empty = try XCTUnwrap(try mock.control("GET", "/_mock/requests?path=/push-notification&wait=0.1").json)
        XCTAssertEqual(empty["timed_out"] as? Bool, true)
        XCTAssertEqual((empty["requests"] as? [Any])?.count, 0)

        // A waiter for two pushes, registered first; then the pushes (and an unrelated call).
        let answer = Locked<[UInt8]?>(nil)
        let done = DispatchSemaphore(value: 0)
        let port = mock.port
        DispatchQueue.global().async {
            let reply = try? RawClient.exchange(
                port: port, "GET /_mock/requests?path=/push-notification&min_count=2&wait=4 HTTP/1.1\r\nHost: t\r\n\r\n")
            answer.withLock { $0 = reply?.body }
            done.signal()
        }
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"one"}"#).status, 200)
        XCTAssertEqual(try mock.post("/metrics/prod.status/value", #"{"value":1}"#).status, 200)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"two"}"#).status, 200)
        XCTAssertEqual(done.wait(timeout: .now() + 6), .success)
        let body = try XCTUnwrap(answer.withLock { $0 })
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        XCTAssertEqual(json["timed_out"] as? Bool, false)
        let titles = (json["requests"] as? [[String: Any]])?.map { ($0["request_body"] as? [String: Any])?["title"] as? String }
        XCTAssertEqual(titles, ["two", "one"])

        let met = try XCTUnwrap(try mock.control("GET", "/_mock/requests?wait=1&min_count=3").json)
        XCTAssertEqual(met["timed_out"] as? Bool, false, "already met: answered at once")
        XCTAssertNil(try mock.control("GET", "/_mock/requests").json?["timed_out"], "no wait, no timed_out")
        XCTAssertEqual(try mock.control("GET", "/_mock/requests?wait=31").status, 400)
        XCTAssertEqual(try mock.control("GET", "/_mock/requests?wait=soon").status, 400)
        XCTAssertEqual(try mock.control("GET", "/_mock/requests?wait=1&min_count=0").status, 400)
    }
}
