import Locking
import XCTest
import Dispatch
@testable import HTTPKit

/// The router's exact-path table must choose exactly what the general first-match walk chooses,
/// and a group's mounts make `/x` and `/api/x` one route.
final class RouterTests: XCTestCase {
    /// Routes answer with their own name, parameters and route path synchronously, via `addAsync`.
    private func router(_ extra: (RouterBuilder) -> Void = { _ in }) throws -> RouterResponder {
        let builder = RouterBuilder()
        let api = builder.group(mounts: ["", "/api"], notFound: { _ in Response.text(404, "api-404") })
        func add(_ method: Method, _ pattern: String, _ name: String) {
            api.addAsync(method, pattern) { request, respond in
                let parameters = request.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                respond(Response.text(200, ([name] + parameters + ["@" + request.routePath]).joined(separator: " ")))
            }
        }
        add("GET", "/x/:id", "param")
        add("GET", "/x/fixed", "fixed")  // never reached: the earlier pattern wins
        add("POST", "/x/fixed", "post-fixed")  // reached: the earlier pattern is GET only
        add("GET", "/y/z", "yz")
        add("GET", "/:a/:b/:c", "three")  // under mount "" it also matches /api/y/z
        add("GET", "/only", "only")
        extra(builder)
        return try builder.buildResponder()
    }

    /// Every route here answers before `respond` returns, on the calling thread.
    private func answer(_ router: RouterResponder, _ method: Method, _ target: String) -> (Int, String) {
        let answer = Locked<(Int, String)>((0, ""))
        router.respond(to: Request(method: method, target: target)) { response in
            answer.withLock { $0 = (Int(response.status.code), String(decoding: response.body, as: UTF8.self)) }
        }
        return answer.withLock { $0 }
    }

    func testExactPathsKeepFirstMatchOrder() throws {
        let r = try router()
        XCTAssertEqual(answer(r, "GET", "/x/fixed").1, "param id=fixed @/x/fixed")
        XCTAssertEqual(answer(r, "GET", "/api/x/fixed").1, "three a=api b=x c=fixed @/api/x/fixed")
        XCTAssertEqual(answer(r, "POST", "/x/fixed").1, "post-fixed @/x/fixed")
        XCTAssertEqual(answer(r, "POST", "/api/x/fixed").1, "post-fixed @/x/fixed")
        XCTAssertEqual(answer(r, "GET", "/y/z").1, "yz @/y/z")
        // Mount "" is tried first, and there "/api/y/z" is three segments.
        XCTAssertEqual(answer(r, "GET", "/api/y/z").1, "three a=api b=y c=z @/api/y/z")
        XCTAssertEqual(answer(r, "GET", "/only").1, "only @/only")
        XCTAssertEqual(answer(r, "GET", "/api/only").1, "only @/only", "the route sees its path without the mount")
        XCTAssertEqual(answer(r, "GET", "/only?q=1").1, "only @/only")
        XCTAssertEqual(answer(r, "GET", "//only/").1, "only @//only/")
        XCTAssertEqual(answer(r, "GET", "/api//x/7").1, "three a=api b=x c=7 @/api//x/7", "mount \"\" first")
    }

    func testHeadMethodNotAllowedAndNotFoundStillWork() throws {
        let r = try router()
        XCTAssertEqual(answer(r, "HEAD", "/only").1, "only @/only")
        XCTAssertEqual(answer(r, "DELETE", "/only").0, 405)
        XCTAssertEqual(answer(r, "DELETE", "/api/x/fixed").0, 405)
        XCTAssertEqual(answer(r, "GET", "/nothing/here").1, "api-404", "the group claiming the path answers its 404")
        XCTAssertEqual(answer(r, "GET", "/api/nothing/here/at/all").1, "api-404")
    }

    func testTheLongestGroupClaimsAnUnmatchedPath() throws {
        let r = try router { builder in
            builder.group("/_admin", notFound: { request in Response.text(404, "admin-404 " + request.routePath) })
                .add(.get, "/ping") { _ in Response.text(200, "pong") }
            builder.add(.get, "/", { _ in Response.text(200, "root") })
        }
        XCTAssertEqual(answer(r, "GET", "/_admin/x").1, "admin-404 /_admin/x")
        XCTAssertEqual(answer(r, "GET", "/api/_admin/x/y/z").1, "api-404", "/_admin is not mounted under /api")
        XCTAssertEqual(answer(r, "POST", "/").0, 405, "a root route's 405")
    }

    /// A group's steps see the path without the mount on its 404s and 405s too (faults match it).
    func testUnmatchedRequestsUnderAMountCarryTheirRoutePath() throws {
        let builder = RouterBuilder()
        let stamp = Middleware { request, next, respond in
            next(request) { response in
                var response = response
                response.headers.add("X-Route-Path", request.routePath)
                respond(response)
            }
        }
        builder.group(mounts: ["", "/api"], [stamp]).addAsync(.get, "/only") { _, respond in respond(Response.text(200, "only")) }
        let router = try builder.buildResponder()
        func routePath(_ method: Method, _ target: String) -> (Int, String?) {
            let seen = Locked<(Int, String?)>((0, nil))
            router.respond(to: Request(method: method, target: target)) { response in
                seen.withLock { $0 = (response.status.code, response.headers["X-Route-Path"]) }
            }
            return seen.withLock { $0 }
        }
        XCTAssertEqual(routePath(.delete, "/api/only").0, 405)
        XCTAssertEqual(routePath(.delete, "/api/only").1, "/only")
        XCTAssertEqual(routePath(.get, "/api/nothing").1, "/nothing")
        XCTAssertEqual(routePath(.get, "/nothing").1, "/nothing")
    }

    func testTheResponderIsFrozenAtBuild() throws {
        let builder = RouterBuilder()
        builder.addAsync(.get, "/a") { _, respond in respond(Response.text(200, "a")) }
        let frozen = try builder.buildResponder()
        builder.addAsync(.get, "/b") { _, respond in respond(Response.text(200, "b")) }
        XCTAssertEqual(answer(frozen, "GET", "/b").0, 404, "a route added after the build is not served")
        XCTAssertEqual(answer(try builder.buildResponder(), "GET", "/b").0, 200)
        builder.group(mounts: ["", "/v1"]).addAsync(.get, "/p/:id") { request, respond in
            respond(Response.text(200, request.parameter("id") + " " + request.routePath))
        }
        XCTAssertEqual(answer(try builder.buildResponder(), "GET", "/v1//p/9").1, "9 /p/9", "a parameter route under a mount")
        XCTAssertEqual(builder.routeList.map(\.pattern), ["/a", "/b", "/p/:id"])
    }

    func testTheBuildRefusesARouteRegisteredTwice() throws {
        let builder = RouterBuilder()
        builder.addAsync(.get, "/x/:id") { _, respond in respond(Response.text(200, "first")) }
        builder.addAsync(.post, "/x/:id") { _, respond in respond(Response.text(200, "other method")) }
        builder.addAsync(.get, "/x/fixed") { _, respond in respond(Response.text(200, "a literal beside a parameter")) }
        XCTAssertNoThrow(try builder.buildResponder())
        builder.group(mounts: ["/api"]).addAsync(.get, "/x/:name") { _, respond in respond(Response.text(200, "another mount")) }
        XCTAssertNoThrow(try builder.buildResponder())
        builder.group(mounts: ["", "/v2"]).addAsync(.get, "/x/:key") { _, respond in respond(Response.text(200, "twice")) }
        XCTAssertThrowsError(try builder.buildResponder()) { error in
            XCTAssertEqual(error as? RouteConflict, RouteConflict(method: .get, pattern: "/x/:key"))
            XCTAssertEqual("\(error)", "GET /x/:key is registered twice")
        }
    }
}
