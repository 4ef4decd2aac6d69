import XCTest
import Foundation
import TestSupport
import Locking
import Dispatch
@testable import HTTPKit
@testable import MockServer
@testable import MockStore

/// A running mock on 127.0.0.1:0 with the default fixtures; stopped by `stop()`.
final class MockFixture {
    let server: MockServer
    var port: Int { server.port }

    init(databasePath: String = ":memory:", configure: (inout MockConfiguration) -> Void = { _ in }) throws {
        var config = MockConfiguration()
        config.port = 0
        config.databasePath = databasePath
        config.log = nil
        configure(&config)
        server = try MockServer(configuration: config)
        try server.start()
    }

    func stop() { server.stop(timeout: .seconds(2)) }

    /// How `post` and `control` reach the mock: through its router in this process (the
    /// default: the same routes, steps and store, without framing), or over a socket for what
    /// only the HTTP layer does.
    enum Transport { case inProcess, socket }
    var transport = Transport.inProcess

    /// POSTs JSON with a key and returns the reply.
    func post(_ path: String, key: String? = "ask_123456789", _ json: String, method: String = "POST") throws -> RawClient.Reply {
        var headers = [("Content-Type", "application/json")]
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        return try exchange(method, path, headers: headers, body: json)
    }

    /// A control-plane call; `token` is the admin token, when the mock has one.
    func control(_ method: String, _ path: String, _ json: String = "", token: String? = nil) throws -> RawClient.Reply {
        try exchange(method, path, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [], body: json)
    }

    func exchange(_ method: String, _ path: String, headers: [(String, String)], body: String) throws -> RawClient.Reply {
        switch transport {
        case .socket:
            var head = "\(method) \(path) HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            return try RawClient.exchange(port: port, head + "\r\n" + body)
        case .inProcess:
            var fields = Headers()
            fields.add("Host", "t")
            for (name, value) in headers { fields.add(name, value) }
            let request = Request(method: Method(rawValue: method), target: path, headers: fields, body: Array(body.utf8))
            let answer = Locked<Response?>(nil)
            let done = DispatchSemaphore(value: 0)
            try server.respond(to: request) { response in
                answer.withLock { $0 = response }
                done.signal()
            }
            guard done.wait(timeout: .now() + 30) == .success, let response = answer.withLock({ $0 }) else {
                throw RawClient.Failure(description: "no answer in 30 s from \(method) \(path)")
            }
            // What a client sees of a dropped connection: no answer at all.
            if response.dropConnection { throw RawClient.Failure(description: "the connection was dropped") }
            return RawClient.Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
        }
    }

    static let seededID = "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"

    /// The upstream docs' update example, verbatim.
    static let docsUpdate =
        #"{"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","content_state":{"title":"Nightly database backup","subtitle":"upload archive","number_of_steps":3,"current_step":2}}"#
}
