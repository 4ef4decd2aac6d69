import XCTest
@testable import HTTPKit

final class HeadersTests: XCTestCase {
    func testCountOfFoldsCaseAndCountsRepeatedFields() {
        var headers = Headers(capacity: 4)
        headers.add("Host", "a")
        headers.add("X-A", "1")
        headers.add("x-a", "2")
        headers.add("X-AB", "3")
        XCTAssertEqual(headers.count(of: "x-A"), 2)
        XCTAssertEqual(headers.count(of: "host"), 1)
        XCTAssertEqual(headers.count(of: "X-Missing"), 0)
        XCTAssertEqual(headers.values(for: "X-A"), ["1", "2"])
    }
}
