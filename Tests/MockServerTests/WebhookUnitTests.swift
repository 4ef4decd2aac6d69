import XCTest
import Dispatch
import CCurl
import HTTPKit
import Locking
import APIModel
@testable import WebhookClient
@testable import MockServer

/// The pieces behind deliveries without a receiver: failure words, header lines, the waiters'
/// bounds, the flags.
final class WebhookUnitTests: XCTestCase {
    func testFailuresAreNamedForATester() {
        func words(_ code: CURLcode, errno: Int = 0, detail: String = "") -> OutboundFailure {
            OutboundFailure.classify(code: code, osErrno: errno, detail: detail, host: "hooks.example.com:443", timeoutSeconds: 2.5)
        }
        XCTAssertEqual(words(CURLE_COULDNT_RESOLVE_HOST), .init(.nameNotResolved, "name not resolved: hooks.example.com:443"))
        XCTAssertEqual(words(CURLE_COULDNT_CONNECT, errno: 111), .init(.connectionRefused, "connection refused by hooks.example.com:443"))
        XCTAssertEqual(words(CURLE_COULDNT_CONNECT, errno: 113, detail: "No route").kind, .connectFailed)
        XCTAssertEqual(words(CURLE_OPERATION_TIMEDOUT), .init(.timeout, "timeout after 2.5 s"))
        XCTAssertEqual(
            words(CURLE_PEER_FAILED_VERIFICATION, detail: "unable to get local issuer certificate"),
            .init(.untrustedCertificate, "certificate not trusted for hooks.example.com:443 (unable to get local issuer certificate)"))
        XCTAssertEqual(words(CURLE_GOT_NOTHING).kind, .noAnswer)
        XCTAssertEqual(words(CURLE_ABORTED_BY_CALLBACK).kind, .interrupted)
        XCTAssertEqual(CurlTransfer.authority(of: "https://user.example.com:8443/a?b"), "user.example.com:8443")
        XCTAssertEqual(CurlTransfer.authority(of: "http://[::1]:9/"), "[::1]:9")
    }

    func testHeaderLinesKeepEveryLetter() throws {
        let parsed = try XCTUnwrap(HeaderLine.parse("Content-Type: application/json\r\n"))
        XCTAssertEqual(parsed.name, "Content-Type")
        XCTAssertEqual(parsed.value, "application/json")
        XCTAssertEqual(HeaderLine.parse("X-Empty:\n")?.value, "")
        XCTAssertNil(HeaderLine.parse("\r\n"))
        XCTAssertNil(HeaderLine.parse(": no name"))
    }

    func testWaitersAreBoundedAndAnswerOnTheChange() throws {
        let waiters = ChangeWaiters(capacity: 1)
        let met = Locked(false)
        let answers = Locked<[Response]>([])
        let check: ChangeWaiters.Check = { done in done(.success((met.withLock { $0 }, .object([("n", 1)])))) }
        waiters.wait(seconds: 20, check: check) { response in answers.withLock { $0.append(response) } }
        waiters.wait(seconds: 20, check: check) { response in answers.withLock { $0.append(response) } }
        XCTAssertEqual(answers.withLock { $0.map(\.status.code) }, [503], "past the cap: refused at once")
        XCTAssertEqual(answers.withLock { $0.first?.headers["Retry-After"] }, "1")
        waiters.changed()
        XCTAssertEqual(answers.withLock { $0.count }, 1, "a change that does not meet the condition answers nothing")
        met.withLock { $0 = true }
        waiters.changed()
        let body = try XCTUnwrap(answers.withLock { $0.last?.body })
        XCTAssertEqual(String(decoding: body, as: UTF8.self), #"{"n":1,"timed_out":false}"#)
        // The answered waiter left its place.
        waiters.wait(seconds: 0, check: check) { response in answers.withLock { $0.append(response) } }
        XCTAssertEqual(answers.withLock { $0.map(\.status.code) }, [503, 200, 200])
    }

    func testWebhookFlagsAndEnvironment() throws {
        let parsed = try Options.parse(
            arguments: [
                "--webhook-route", "https://a.example.com=http://127.0.0.1:1", "--webhook-route=https://b.example.com=http://127.0.0.1:2",
                "--webhook-timeout", "0.25", "--webhooks", "off"
            ],
            environment: ["ACTIVITYSMITH_MOCK_WEBHOOK_ROUTES": "https://env.example.com=http://127.0.0.1:9"]
        ).configuration.webhooks
        XCTAssertEqual(parsed.routes.map(\.from), ["https://a.example.com", "https://b.example.com"], "flags replace the environment's list")
        XCTAssertEqual(parsed.timeoutSeconds, 0.25)
        XCTAssertFalse(parsed.enabled)
        let fromEnvironment = try Options.parse(
            arguments: [],
            environment: ["ACTIVITYSMITH_MOCK_WEBHOOK_ROUTES": "https://a.example.com=http://127.0.0.1:1, https://b.example.com=http://127.0.0.1:2"]
        ).configuration.webhooks
        XCTAssertEqual(fromEnvironment.routes.map(\.to), ["http://127.0.0.1:1", "http://127.0.0.1:2"])
        XCTAssertTrue(fromEnvironment.enabled)
        for bad in [["--webhook-timeout", "0"], ["--webhook-route", "nothing"], ["--webhook-ca", "/nonexistent.pem"], ["--webhooks", "maybe"]] {
            XCTAssertThrowsError(try Options.parse(arguments: bad, environment: [:]), "\(bad)") { error in
                XCTAssertTrue("\(error)".contains(bad[0].dropFirst(2).prefix(8)), "\(error)")
            }
        }
    }
}
