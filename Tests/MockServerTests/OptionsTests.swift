import XCTest
@testable import MockServer
@testable import MockStore

final class OptionsTests: XCTestCase {
    func testDefaults() throws {
        let c = try Options.parse(arguments: [], environment: [:]).configuration
        XCTAssertEqual(c.host, "127.0.0.1")
        XCTAssertEqual(c.port, 8080)
        XCTAssertEqual(c.databasePath, "activitysmith-mock.sqlite")
        XCTAssertNil(c.fixturesPath)
        XCTAssertFalse(c.reset)
        XCTAssertEqual(c.liveActivityLimit, 4)
    }

    func testFlagsWinOverEnvironment() throws {
        let env = [
            "ACTIVITYSMITH_MOCK_PORT": "9000", "ACTIVITYSMITH_MOCK_DB": ":memory:",
            "ACTIVITYSMITH_MOCK_RESET": "1", "ACTIVITYSMITH_MOCK_LIVE_ACTIVITY_LIMIT": "7"
        ]
        let c = try Options.parse(arguments: ["--port", "0", "--fixtures=f.json", "--host", "::1"], environment: env).configuration
        XCTAssertEqual(c.port, 0)
        XCTAssertEqual(c.databasePath, ":memory:")
        XCTAssertTrue(c.reset)
        XCTAssertEqual(c.liveActivityLimit, 7)
        XCTAssertEqual(c.fixturesPath, "f.json")
        XCTAssertEqual(c.host, "::1")
    }

    func testBadInputIsRefused() {
        for args in [["--port", "70000"], ["--port"], ["--bogus"], ["stray"], ["--reset=maybe"], ["--live-activity-limit", "-1"]] {
            XCTAssertThrowsError(try Options.parse(arguments: args, environment: [:]), "\(args)")
        }
        XCTAssertThrowsError(try Options.parse(arguments: [], environment: ["ACTIVITYSMITH_MOCK_PORT": "x"]))
    }
}

extension OptionsTests {
    func testSchedulingIsNormalUnlessAskedForAdaptive() throws {
        XCTAssertFalse(try Options.parse(arguments: [], environment: [:]).configuration.adaptiveScheduling, "the default changes nothing")
        XCTAssertTrue(try Options.parse(arguments: ["--scheduling", "adaptive"], environment: [:]).configuration.adaptiveScheduling)
        let env = ["ACTIVITYSMITH_MOCK_SCHEDULING": "adaptive"]
        XCTAssertTrue(try Options.parse(arguments: [], environment: env).configuration.adaptiveScheduling)
        XCTAssertFalse(try Options.parse(arguments: ["--scheduling=normal"], environment: env).configuration.adaptiveScheduling)
        XCTAssertThrowsError(try Options.parse(arguments: ["--scheduling", "batch"], environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("--scheduling must be normal or adaptive"), "\(error)")
        }
    }
}
