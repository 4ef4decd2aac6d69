import XCTest
@testable import APIModel

/// `finish()` names the first property nobody asked for, in the object's order, for objects of
/// any size (the first 64 members are tracked by bit, the rest by position).
final class ObjectReaderTests: XCTestCase {
    private func object(_ count: Int) throws -> JSONValue {
        try JSONParser.parse(Array(("{" + (0..<count).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + "}").utf8))
    }

    private func unknown(_ reader: ObjectReader) -> String? {
        do {
            try reader.finish()
            return nil
        } catch {
            return error.message
        }
    }

    func testFinishNamesTheFirstUnaskedMemberAtAnySize() throws {
        for (size, skipped) in [(3, 1), (64, 63), (70, 2), (70, 66), (200, 199)] {
            var reader = try ObjectReader(try object(size), path: "body")
            for i in 0..<size where i != skipped {
                XCTAssertEqual(reader.raw("k\(i)"), .int(Int64(i)))
                _ = reader.raw("k\(i)")  // asked twice, counted once
            }
            XCTAssertNil(reader.raw("absent"))
            XCTAssertEqual(unknown(reader), "body.k\(skipped) is not a known property", "size \(size)")
            _ = reader.raw("k\(skipped)")
            XCTAssertNil(unknown(reader), "size \(size): every member asked for")
        }
        var reader = try ObjectReader(try object(70), path: "")
        _ = reader.raw("k0")
        XCTAssertEqual(unknown(reader), "k1 is not a known property", "the first in the object's order")
    }

    func testNullReadsAsAbsentButCountsAsAsked() throws {
        var reader = try ObjectReader(try JSONParser.parse(Array(#"{"icon":null,"title":"x"}"#.utf8)), path: "")
        XCTAssertNil(reader.raw("icon"))
        XCTAssertEqual(reader.raw("title"), .string("x"))
        XCTAssertNil(unknown(reader))
    }
}
