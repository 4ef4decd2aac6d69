import XCTest
import TestSupport
@testable import MockServer
import APIModel

/// A mock whose webhooks to `https://hooks.example.com` reach a `WebhookReceiver`, with helpers
/// for starting activities with buttons, tapping and waiting for deliveries.
final class WebhookFixture {
    let receiver: WebhookReceiver
    let mock: MockFixture

    init(tls: Bool = false, configure: (inout MockConfiguration, WebhookReceiver) -> Void = { _, _ in }) throws {
        let receiver = try WebhookReceiver(tls: tls)
        self.receiver = receiver
        mock = try MockFixture { config in
            config.webhooks.routes = [WebhookRoute(from: "https://hooks.example.com", to: receiver.base)]
            config.liveActivityLimit = 0
            configure(&config, receiver)
        }
    }

    func stop() {
        mock.stop()
        receiver.stop()
    }

    /// A button's JSON.
    static func button(_ title: String, url: String, type: String = "webhook", method: String? = nil, body: String? = nil) -> String {
        var json = #"{"title":"\#(title)","type":"\#(type)","url":"\#(url)""#
        if let method { json += #","method":"\#(method)""# }
        if let body { json += #","body":\#(body)"# }
        return json + "}"
    }

    /// Starts an alert on adam-iphone's and lab-ipad's channel (ops) with the given buttons; returns its id.
    func startActivity(action: String?, secondary: String? = nil, extra: String = "") throws -> String {
        var body = #"{"content_state":{"title":"Approve deploy","type":"alert","message":"v2 is ready"\#(extra)},"target":{"channels":["ops"]}"#
        if let action { body += #","action":\#(action)"# }
        if let secondary { body += #","secondary_action":\#(secondary)"# }
        let reply = try mock.post("/api/live-activity/start", body + "}")
        XCTAssertEqual(reply.status, 200, reply.text)
        return try XCTUnwrap(reply.json?["activity_id"] as? String)
    }

    func tap(_ json: String) throws -> RawClient.Reply { try mock.control("POST", "/_mock/taps", json) }

    /// Taps and expects a delivery; returns the delivery's id.
    func tapDelivering(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let reply = try tap(json)
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        return try XCTUnwrap(reply.json?["delivery_id"] as? Int, reply.text, file: file, line: line)
    }

    /// The delivery once it is no longer pending (a long poll of up to 4 s).
    func settled(_ id: Int, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let reply = try mock.control("GET", "/_mock/deliveries/\(id)?wait=4")
        XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
        let json = try XCTUnwrap(reply.json, file: file, line: line)
        XCTAssertEqual(json["timed_out"] as? Bool, false, "delivery \(id) still pending: \(reply.text)", file: file, line: line)
        return json
    }
}

extension Dictionary where Key == String, Value == Any {
    subscript(object key: String) -> [String: Any]? { self[key] as? [String: Any] }
}
