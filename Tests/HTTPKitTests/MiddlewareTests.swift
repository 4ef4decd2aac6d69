import XCTest
@testable import HTTPKit
import Locking

/// The pipeline type and route groups: order of steps, answering early, changing the answer,
/// and prefixes and steps that nest.
final class MiddlewareTests: XCTestCase {
    private final class Trace: Sendable {
        private let items = Locked<[String]>([])
        func add(_ s: String) { items.withLock { $0.append(s) } }
        var all: [String] { items.withLock { $0 } }
    }

    private func run(_ responder: Responder, _ method: Method, _ target: String) -> Response {
        let box = Locked<Response?>(nil)
        let done = DispatchSemaphore(value: 0)
        responder(Request(method: method, target: target)) { response in
            box.withLock { $0 = response }
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 2), .success)
        return box.withLock { $0 } ?? Response(status: 599)
    }

    private func step(_ name: String, _ trace: Trace) -> Middleware {
        Middleware { request, next, respond in
            trace.add("\(name) in")
            next(request) { response in
                trace.add("\(name) out")
                respond(response)
            }
        }
    }

    func testTheFirstStepIsOutermost() throws {
        let trace = Trace()
        let responder = Middleware.chain([step("a", trace), step("b", trace)]) { _, respond in
            trace.add("route")
            respond(Response.text(200, "ok"))
        }
        XCTAssertEqual(run(responder, .get, "/").status, 200)
        XCTAssertEqual(trace.all, ["a in", "b in", "route", "b out", "a out"])
    }

    func testAStepMayAnswerItselfOrChangeTheAnswer() throws {
        let refuse = Middleware { request, next, respond in
            request.path == "/secret" ? respond(Response.text(401, "no")) : next(request, respond)
        }
        let stamp = Middleware { request, next, respond in
            next(request) { response in
                var changed = response
                changed.headers.add("X-Stamp", "1")
                respond(changed)
            }
        }
        let trace = Trace()
        let responder = Middleware.chain([stamp, refuse]) { _, respond in
            trace.add("route")
            respond(Response.text(200, "ok"))
        }
        let refused = run(responder, .get, "/secret")
        XCTAssertEqual(refused.status, 401)
        XCTAssertEqual(refused.headers["X-Stamp"], "1", "outer steps see an inner step's own answer")
        XCTAssertEqual(trace.all, [], "the route never ran")
        XCTAssertEqual(run(responder, .get, "/open").status, 200)
        let seen = Trace()
        let observed = Middleware.chain([.observing { request, response in seen.add("\(request.method) \(response.status)") }]) { _, respond in
            respond(Response.text(204, ""))
        }
        _ = run(observed, .delete, "/x")
        XCTAssertEqual(seen.all, ["DELETE 204"])
    }

    func testGroupsJoinPrefixesAndNestTheirSteps() throws {
        let trace = Trace()
        let builder = RouterBuilder()
        let admin = builder.group("/_admin", [step("guard", trace)])
        admin.addAsync(.get, "/ping") { _, respond in respond(Response.text(200, "pong")) }
        admin.group("/deep", [step("inner", trace)]).add(.post, "/:id") { request in
            Response.text(201, request.parameters["id"] ?? "")
        }
        builder.addAsync(.get, "/open") { _, respond in respond(Response.text(200, "open")) }
        let router = try builder.buildResponder()
        XCTAssertEqual(run(router.responder, .get, "/_admin/ping").status, 200)
        XCTAssertEqual(trace.all, ["guard in", "guard out"])
        let deep = run(router.responder, .post, "/_admin/deep/42")
        XCTAssertEqual(deep.status, 201)
        XCTAssertEqual(String(decoding: deep.body, as: UTF8.self), "42", "parameters reach a grouped route")
        XCTAssertEqual(trace.all.suffix(4), ["guard in", "inner in", "inner out", "guard out"])
        let before = trace.all.count
        XCTAssertEqual(run(router.responder, .get, "/open").status, 200)
        XCTAssertEqual(trace.all.count, before, "routes outside the group skip its steps")
        let beforeUnmatched = trace.all.count
        XCTAssertEqual(run(router.responder, .get, "/_admin/deep/42").status, 405)
        XCTAssertEqual(run(router.responder, .get, "/_admin/nothing").status, 404)
        XCTAssertEqual(
            trace.all.suffix(from: beforeUnmatched), ["guard in", "guard out", "guard in", "guard out"],
            "a group's 405 and 404 pass its steps")
        let afterUnmatched = trace.all.count
        XCTAssertEqual(run(router.responder, .get, "/elsewhere").status, 404)
        XCTAssertEqual(trace.all.count, afterUnmatched, "a 404 outside every group passes no group's steps")
    }

    func testMethodAndStatusAreTypes() throws {
        XCTAssertEqual(Method("PATCH"), .patch)
        XCTAssertNotEqual(Method("get"), .get, "methods are case-sensitive")
        XCTAssertEqual(Status(507).reason, "Insufficient Storage")
        XCTAssertTrue(Status(404) < 500)
        XCTAssertEqual("\(Status(302))", "302")
    }
}
