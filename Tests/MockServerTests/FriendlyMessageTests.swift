import XCTest
import Glibc
import TestSupport
@testable import MockServer

/// Messages a newcomer meets: each names what is wrong and what to do.
final class FriendlyMessageTests: XCTestCase {
    func testAMisspelledRequiredPropertyIsNamed() throws {
        let mock = try MockFixture()
        defer { mock.stop() }
        let push = try mock.post("/push-notification", #"{"titel":"Deploy"}"#)
        XCTAssertEqual(push.status, 400)
        XCTAssertEqual(push.json?["message"] as? String, "title is required; the body has titel: did you mean title?")
        let nested = try mock.post("/live-activity/start", #"{"content_state":{"tilte":"x","type":"alert","message":"m"}}"#)
        XCTAssertEqual(nested.json?["message"] as? String, "content_state.title is required; the body has content_state.tilte: did you mean title?")
        let far = try mock.post("/push-notification", #"{"heading":"Deploy"}"#)
        XCTAssertEqual(far.json?["message"] as? String, "title is required", "no guess when nothing is near")
    }

    func testAnUnknownPropertyNamesTheClosestKnownOne() throws {
        let mock = try MockFixture()
        defer { mock.stop() }
        let cases = [
            ("/push-notification", #"{"title":"x","mesage":"y"}"#, "mesage is not a known property; did you mean message?"),
            (
                "/push-notification", #"{"title":"x","actions":[{"title":"a","type":"webhook","url":"https://h.example.com","methd":"GET"}]}"#,
                "actions[0].methd is not a known property; did you mean method?"
            ),
            (
                "/live-activity/start", #"{"content_state":{"title":"x","type":"segmented_progress","number_of_steps":3,"curent_step":1}}"#,
                "content_state.curent_step is not a known property; did you mean current_step?"
            ),
            ("/push-notification", #"{"title":"x","zzzzzz":1}"#, "zzzzzz is not a known property")
        ]
        for (path, body, message) in cases {
            XCTAssertEqual(try mock.post(path, body).json?["message"] as? String, message, body)
        }
    }

    func testAPortInUseAndAPrivilegedPortSayWhatToDo() throws {
        let taken = BlackHole()
        defer { taken.close() }
        var config = MockConfiguration()
        config.databasePath = ":memory:"
        config.log = nil
        config.port = taken.port
        let server = try MockServer(configuration: config)
        defer { server.stop() }
        XCTAssertThrowsError(try server.start()) { error in
            XCTAssertEqual(
                "\(error)",
                "cannot listen: bind 127.0.0.1:\(taken.port) failed: Address already in use (errno 98); another process listens there (--port 0 or --tls-port 0 picks a free port)"
            )
        }
    }

    func testHealthShowsAnHTTPSAddressAClientCanCall() throws {
        let mock = try MockFixture {
            $0.host = "0.0.0.0"
            $0.tlsPort = 0
        }
        defer { mock.stop() }
        let tls = try XCTUnwrap(try mock.control("GET", "/_mock/health").json?["tls"] as? [String: Any])
        let url = try XCTUnwrap(tls["url"] as? String)
        XCTAssertTrue(url.hasPrefix("https://127.0.0.1:"), url)
        XCTAssertEqual("https://[::]:8443".replacingFirst("://[::]:", with: "://[::1]:"), "https://[::1]:8443")
    }

    func testAnUnknownFlagNamesTheClosestOne() {
        for (typed, meant) in [("--prot", "--port"), ("--webhook-rout", "--webhook-route"), ("--fixture", "--fixtures")] {
            XCTAssertThrowsError(try Options.parse(arguments: [typed, "1"], environment: [:])) { error in
                XCTAssertEqual("\(error)", "unknown option \(typed): did you mean \(meant)? (--help lists every option)")
            }
        }
        XCTAssertThrowsError(try Options.parse(arguments: ["--zzzzzz"], environment: [:])) { error in
            XCTAssertEqual("\(error)", "unknown option --zzzzzz (--help lists every option)")
        }
    }
}
