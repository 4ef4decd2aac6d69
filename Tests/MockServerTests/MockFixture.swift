import XCTest
import Foundation
import TestSupport
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

    /// POSTs JSON with a key and returns the reply.
    func post(_ path: String, key: String? = "ask_123456789", _ json: String, method: String = "POST") throws -> RawClient.Reply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n"
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        return try RawClient.exchange(port: port, head + "\r\n" + json)
    }

    /// A control-plane call; `token` is the admin token, when the mock has one.
    func control(_ method: String, _ path: String, _ json: String = "", token: String? = nil) throws -> RawClient.Reply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: t\r\nContent-Length: \(json.utf8.count)\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        return try RawClient.exchange(port: port, head + "\r\n" + json)
    }

    static let seededID = "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"

    /// The upstream docs' update example, verbatim.
    static let docsUpdate =
        #"{"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","content_state":{"title":"Nightly database backup","subtitle":"upload archive","number_of_steps":3,"current_step":2}}"#
}
