import XCTest
@testable import APIModel

/// Typed answers write their JSON and their schema from one list of members.
final class WireAnswerTests: XCTestCase {
    private func properties(_ schema: JSONValue) -> [String] { schema["properties"]?.objectValue?.keys ?? [] }
    private func required(_ schema: JSONValue) -> [String] { schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    func testAStartAnswerWritesItsMembersInOrderAndLeavesOutEmptyTags() {
        let plain = StartAnswer(
            id: "a1", devicesNotified: 2, usersNotified: 1, effectiveChannelSlugs: nil, tags: [], timestamp: "t")
        XCTAssertEqual(
            JSONWriter.string(plain.json),
            #"{"success":true,"activity_id":"a1","devices_notified":2,"users_notified":1,"effective_channel_slugs":null,"timestamp":"t"}"#)
        var tagged = plain
        tagged.tags = ["deploy"]
        tagged.effectiveChannelSlugs = ["ops"]
        XCTAssertEqual(tagged.json["tags"], .array(["deploy"]))
        XCTAssertEqual(tagged.json["effective_channel_slugs"], .array(["ops"]))
        XCTAssertEqual(properties(StartAnswer.schema), plain.json.objectValue?.keys.filter { $0 != "timestamp" }.appending("tags", "timestamp"))
        XCTAssertFalse(required(StartAnswer.schema).contains("tags"), "left out when empty, so not required")
    }

    func testEveryAnswerWritesOnlyWhatItsSchemaListsAndEverythingItRequires() {
        let answers: [(JSONValue, JSONValue)] = [
            (ChangeAnswer(activityID: "a", devicesNotified: 1, devicesQueued: 0, timestamp: "t", ignored: true).json, ChangeAnswer.schema),
            (ChangeAnswer(activityID: "a", devicesNotified: 1, devicesQueued: 0, timestamp: "t").json, ChangeAnswer.updateSchema),
            (StreamPutAnswer.paused(streamKey: "k", timestamp: "t").json, StreamPutAnswer.schema),
            (
                StreamPutAnswer(
                    operation: .rotated, streamKey: "k", activityID: "b", previousActivityID: "a", devicesNotified: 1, devicesQueued: 0,
                    usersNotified: 1, effectiveChannelSlugs: .some(nil), warning: nil, timestamp: "t"
                ).json, StreamPutAnswer.schema
            ),
            (StreamDeleteAnswer(streamKey: "k", activityID: nil, devicesNotified: 0, devicesQueued: 0, timestamp: "t").json, StreamDeleteAnswer.schema),
            (
                PushAnswer(id: "n", devicesNotified: 1, usersNotified: 1, effectiveChannelSlugs: ["ops"], tags: nil, timestamp: "t").json,
                PushAnswer.schema
            ),
            (BadgeAnswer(badge: 3, devices: 2, users: 1, effectiveChannelSlugs: [], timestamp: "t").json, BadgeAnswer.schema),
            (MetricAnswer().json, MetricAnswer.schema)
        ]
        for (json, schema) in answers {
            let written = json.objectValue?.keys ?? []
            XCTAssertEqual(Set(written).subtracting(properties(schema)), [], "\(written) against \(properties(schema))")
            XCTAssertEqual(Set(required(schema)).subtracting(written), [], "required but not written: \(JSONWriter.string(json))")
        }
        XCTAssertEqual(StreamPutAnswer.paused(streamKey: "k", timestamp: "t").json["activity_id"], .null)
        XCTAssertEqual(BadgeAnswer(badge: 1, devices: 0, users: 0, effectiveChannelSlugs: [], timestamp: "t").json["effective_channel_slugs"], .array([]))
    }
}

extension Array where Element == String {
    fileprivate func appending(_ more: String...) -> [String] { self + more }
}
