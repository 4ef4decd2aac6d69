import XCTest
import Dispatch
@testable import HTTPKit

/// The router's exact-path table must choose exactly what the general first-match walk chooses.
final class RouterTests: XCTestCase {
    /// Routes answer with their own name (and parameters) synchronously, via `addAsync`.
    private func router() -> Router {
        let router = Router(prefixes: ["", "/api"])
        func add(_ method: Method, _ pattern: String, _ name: String) {
            router.addAsync(method, pattern) { request, respond in
                let parameters = request.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                respond(Response.text(200, ([name] + parameters).joined(separator: " ")))
            }
        }
        add("GET", "/x/:id", "param")
        add("GET", "/x/fixed", "fixed")           // never reached: the earlier pattern wins
        add("POST", "/x/fixed", "post-fixed")     // reached: the earlier pattern is GET only
        add("GET", "/y/z", "yz")
        add("GET", "/:a/:b/:c", "three")          // under prefix "" it also matches /api/y/z
        add("GET", "/only", "only")
        return router
    }

    /// Every route here answers before `route` returns, on the calling thread.
    private final class Answer: @unchecked Sendable { var value: (Int, String) = (0, "") }

    private func answer(_ router: Router, _ method: Method, _ target: String) -> (Int, String) {
        let answer = Answer()
        router.route(Request(method: method, target: target)) { response in
            answer.value = (response.status.code, String(decoding: response.body, as: UTF8.self))
        }
        return answer.value
    }

    func testExactPathsKeepFirstMatchOrder() {
        let r = router()
        XCTAssertEqual(answer(r, "GET", "/x/fixed").1, "param id=fixed")
        XCTAssertEqual(answer(r, "GET", "/api/x/fixed").1, "three a=api b=x c=fixed")
        XCTAssertEqual(answer(r, "POST", "/x/fixed").1, "post-fixed")
        XCTAssertEqual(answer(r, "POST", "/api/x/fixed").1, "post-fixed")
        XCTAssertEqual(answer(r, "GET", "/y/z").1, "yz")
        // Prefix "" is tried first, and there "/api/y/z" is three segments.
        XCTAssertEqual(answer(r, "GET", "/api/y/z").1, "three a=api b=y c=z")
        XCTAssertEqual(answer(r, "GET", "/only").1, "only")
        XCTAssertEqual(answer(r, "GET", "/api/only").1, "only")
        XCTAssertEqual(answer(r, "GET", "/only?q=1").1, "only")
        XCTAssertEqual(answer(r, "GET", "//only/").1, "only")
    }

    func testHeadMethodNotAllowedAndNotFoundStillWork() {
        let r = router()
        XCTAssertEqual(answer(r, "HEAD", "/only").1, "only")
        XCTAssertEqual(answer(r, "DELETE", "/only").0, 405)
        XCTAssertEqual(answer(r, "DELETE", "/x/fixed").0, 405)
        XCTAssertEqual(answer(r, "GET", "/nothing/here").0, 404)
    }
}
