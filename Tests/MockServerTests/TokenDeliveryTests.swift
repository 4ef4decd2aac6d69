import XCTest
import Foundation
import TestSupport
@testable import MockServer
@testable import MockStore
import APIModel

final class TokenDeliveryTests: XCTestCase {
    static let fixtures = #"""
        {"accounts":[{"id":"t","keys":[{"key":"ask_token_test","scope":"all"}],"users":["u"],
          "devices":[{"id":"fast","user":"u","token":"immediate"},
                     {"id":"slow","user":"u","token":"after_delay","token_delay_ms":300},
                     {"id":"mute","user":"u","token":"never"},
                     {"id":"gone","user":"u","token":"immediate","registered":false}]}]}
        """#

    /// The update payload is assembled around the stored state's text; it must be the very bytes
    /// the JSON writer gives for the whole payload.
    func testPayloadTextMatchesTheEncodedPayload() throws {
        let state = try ContentState.decode(
            try JSONParser.parse(
                #"{"title":"Q \"quoted\" é","type":"segmented_progress","number_of_steps":3,"current_step":2,"step_colors":["red"]}"#),
            path: "content_state", phase: .start)
        let action = try LiveActivityAction.decode(
            try JSONParser.parse(
                #"{"title":"Open","type":"open_url","url":"https://example.com/a?b=c"}"#), path: "action")
        let hook = try LiveActivityAction.decode(
            try JSONParser.parse(
                #"{"title":"Hook","type":"webhook","url":"https://example.com/h","method":"POST","body":{"k":[1,2]}}"#), path: "secondary_action")
        let stateText = JSONWriter.string(state.json)
        for (first, second) in [(nil, nil), (action, nil), (nil, hook), (action, hook)] as [(LiveActivityAction?, LiveActivityAction?)] {
            var members = [JSONMember("content_state", state.json)]
            if let first { members.append(JSONMember("action", first.json)) }
            if let second { members.append(JSONMember("secondary_action", second.json)) }
            XCTAssertEqual(
                ActivityLifecycle.payloadText(stateText: stateText, first, second),
                JSONWriter.string(.object(JSONObject(members))))
        }
    }

    func testDelayedTokenDeliversQueuedUpdatesInOrder() throws {
        let path = NSTemporaryDirectory() + "fixtures-\(UUID().uuidString).json"
        try Self.fixtures.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mock = try MockFixture {
            $0.fixturesPath = path; $0.fixedClock = 1_800_000_000_000
        }
        defer { mock.stop() }
        let key = "ask_token_test"
        let start = try mock.post("/live-activity/start", key: key, #"{"content_state":{"title":"P","type":"progress","percentage":0}}"#)
        XCTAssertEqual(start.json?["devices_notified"] as? Int, 3, "the unregistered device is not targeted")
        XCTAssertEqual(start.json?["users_notified"] as? Int, 1)
        let id = try XCTUnwrap(start.json?["activity_id"] as? String)
        for pct in [10, 20] {
            let reply = try mock.post("/live-activity/update", key: key, #"{"activity_id":"\#(id)","content_state":{"title":"P","percentage":\#(pct)}}"#)
            XCTAssertEqual(reply.json?["devices_notified"] as? Int, 1)
            XCTAssertEqual(reply.json?["devices_queued"] as? Int, 2)
        }
        let waiting = try XCTUnwrap(try mock.control("GET", "/_mock/activities/\(id)").json?["devices"] as? [[String: Any]])
        let slowWaiting = try XCTUnwrap(waiting.first { $0["device_id"] as? String == "slow" })
        XCTAssertEqual(slowWaiting["received"] as? [Int], [0], "every device gets the start")
        XCTAssertEqual(slowWaiting["queued"] as? [Int], [1, 2])
        XCTAssertEqual(try mock.control("POST", "/_mock/clock", #"{"advance_ms":400}"#).status, 200)  // past slow's delay
        let later = try mock.post("/live-activity/update", key: key, #"{"activity_id":"\#(id)","content_state":{"title":"P","percentage":30}}"#)
        XCTAssertEqual(later.json?["devices_notified"] as? Int, 2, "slow registered after its delay")
        XCTAssertEqual(later.json?["devices_queued"] as? Int, 1, "mute never registers")

        // The two updates that waited were delivered when the token registered, at its due time.
        let registeredAt = try mock.server.store.read {
            try $0.scalarInt("SELECT registered_at FROM activity_devices WHERE activity_id = ? AND device_id = 'slow'", .text(id))
        }
        XCTAssertNotNil(registeredAt)
        let detail = try XCTUnwrap(try mock.control("GET", "/_mock/activities/\(id)").json?["devices"] as? [[String: Any]])
        let slowView = try XCTUnwrap(detail.first { $0["device_id"] as? String == "slow" })
        XCTAssertEqual(slowView["received"] as? [Int], [0, 1, 2, 3])
        XCTAssertEqual(slowView["queued"] as? [Int], [])
        let muteView = try XCTUnwrap(detail.first { $0["device_id"] as? String == "mute" })
        XCTAssertEqual(muteView["queued"] as? [Int], [1, 2, 3])
        XCTAssertEqual(muteView["received"] as? [Int], [0])
        let mute = try mock.server.store.read { try $0.devices.activities(deviceID: "mute").first { $0.id == id }?.queued }
        XCTAssertEqual(mute, 3)
    }
}
