import XCTest
import Foundation
@testable import APIModel

final class JSONParserTests: XCTestCase {
    func testKeepsIntegersFloatsAndBooleansApart() throws {
        let v = try JSONParser.parse(#"{"i":1,"f":1.5,"e":1e2,"b":true,"n":null,"neg":-0,"big":123456789012345678901234567890}"#)
        XCTAssertEqual(v["i"], .int(1))
        XCTAssertEqual(v["f"], .double(1.5))
        XCTAssertEqual(v["e"], .double(100))
        XCTAssertEqual(v["b"], .bool(true))
        XCTAssertEqual(v["n"], .null)
        XCTAssertEqual(v["neg"], .int(0))
        XCTAssertEqual(v["big"], .bigInteger("123456789012345678901234567890"), "kept as written")
        XCTAssertEqual(v["big"]?.numberValue, 1.2345678901234568e29)
        XCTAssertEqual(JSONWriter.string(v["big"]!), "123456789012345678901234567890", "written back digit for digit")
    }

    func testIntegersAtTheEdgesOfTheFastPath() throws {
        // Up to 18 characters are read without a String; longer ones go through Int64(String).
        let cases: [(String, JSONValue)] = [
            ("999999999999999999", .int(999_999_999_999_999_999)),
            ("-99999999999999999", .int(-99_999_999_999_999_999)),
            ("-999999999999999999", .int(-999_999_999_999_999_999)),
            ("9223372036854775807", .int(Int64.max)),
            ("-9223372036854775808", .int(Int64.min)),
            ("9223372036854775808", .bigInteger("9223372036854775808")),
            ("-7", .int(-7)),
            ("0", .int(0))
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try JSONParser.parse(text), expected, text)
        }
    }

    func testDuplicateKeysAreFoundInSmallAndLargeObjects() {
        // Small objects scan their members; from 16 members on a set takes over.
        for size in [2, 15, 16, 17, 40] {
            let members = (0..<size).map { "\"k\($0)\":\($0)" }
            XCTAssertNoThrow(try JSONParser.parse("{" + members.joined(separator: ",") + "}"), "\(size)")
            for duplicate in [0, size / 2, size - 1] {
                let text = "{" + (members + ["\"k\(duplicate)\":0"]).joined(separator: ",") + "}"
                XCTAssertThrowsError(try JSONParser.parse(text), "\(size) members, k\(duplicate) twice")
            }
        }
    }

    func testWriterEscapesInsideRunsOfPlainBytes() {
        XCTAssertEqual(JSONWriter.string(.string("\"a\\b\nc\rd\te\u{1F}é\"")), #""\"a\\b\nc\rd\te\u001fé\"""#)
        XCTAssertEqual(JSONWriter.string(.string("")), "\"\"")
        XCTAssertEqual(JSONWriter.string(.string("plain")), "\"plain\"")
        XCTAssertEqual(JSONWriter.string(.object(JSONObject([JSONMember("k\"", .string("v"))]))), #"{"k\"":"v"}"#)
    }

    func testStringLengthsCountCharactersNotBytes() throws {
        var reader = try ObjectReader(try JSONParser.parse(#"{"a":"ééé","b":"","c":"abc","d":"👍🏽👍🏽"}"#), path: "")
        XCTAssertEqual(try reader.string("a", maxLength: 3), "ééé")  // 6 bytes, 3 characters
        XCTAssertThrowsError(try reader.string("a", maxLength: 2))
        XCTAssertEqual(try reader.string("b"), "")
        XCTAssertThrowsError(try reader.string("b", minLength: 1))
        XCTAssertThrowsError(try reader.string("c", minLength: 4))
        XCTAssertEqual(try reader.string("c", minLength: 3, maxLength: 3), "abc")
        XCTAssertEqual(try reader.string("d", minLength: 2, maxLength: 2), "👍🏽👍🏽")  // 16 bytes, 2 characters
        XCTAssertThrowsError(try reader.string("d", maxLength: 1))
    }

    func testStringsAndEscapes() throws {
        let v = try JSONParser.parse(#"["a\"b\\c\/\n\u00e9\ud83d\ude00", "plain é"]"#)
        XCTAssertEqual(v.arrayValue?[0], .string("a\"b\\c/\né😀"))
        XCTAssertEqual(v.arrayValue?[1], .string("plain é"))
    }

    static let invalid: [(String, String)] = [
        ("empty", ""),
        ("NaN", #"{"a":NaN}"#),
        ("Infinity", #"{"a":Infinity}"#),
        ("trailing comma", #"{"a":1,}"#),
        ("duplicate key", #"{"a":1,"a":2}"#),
        ("leading zero", #"{"a":01}"#),
        ("bare dot", #"{"a":1.}"#),
        ("huge exponent", #"{"a":1e400}"#),
        ("single quotes", "{'a':1}"),
        ("unterminated", #"{"a":"b"#),
        ("control char", "{\"a\":\"b\u{01}\"}"),
        ("lone surrogate", #"{"a":"\ud800"}"#),
        ("bad escape", #"{"a":"\x"}"#),
        ("two values", #"{} {}"#),
        ("comment", #"{"a":1 /* c */}"#),
        ("deep nesting", String(repeating: "[", count: 40) + String(repeating: "]", count: 40))
    ]

    func testRejectsWhatRFC8259AndOurLimitsRefuse() {
        for (name, text) in Self.invalid {
            XCTAssertThrowsError(try JSONParser.parse(text), name)
        }
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]), "invalid UTF-8")
        // A truncated sequence after ASCII, with no escape: the ASCII fast path must not take it.
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0x61, 0x62, 0xC3, 0x22])) { error in
            XCTAssertEqual((error as? JSONParser.Failure)?.offset, 4, "the failure points at the closing quote")
        }
        var small = JSONParser.Limits()
        small.maxStringBytes = 8
        XCTAssertThrowsError(try JSONParser.parse(#""123456789""#, limits: small))
        XCTAssertNoThrow(try JSONParser.parse(String(repeating: "[", count: 30) + String(repeating: "]", count: 30)))
    }

    func testWriterRoundTripsAndIsStable() throws {
        let text = #"{"b":[1,2.5,"x\n",true,null],"a":{"z":-3}}"#
        let v = try JSONParser.parse(text)
        XCTAssertEqual(JSONWriter.string(v), text)
        XCTAssertEqual(try JSONParser.parse(JSONWriter.encode(v)), v)
        XCTAssertEqual(JSONWriter.string(.string("\u{01}")), #""\u0001""#)
    }

    func testObjectEqualityIgnoresOrder() throws {
        XCTAssertEqual(try JSONParser.parse(#"{"a":1,"b":2}"#), try JSONParser.parse(#"{"b":2,"a":1}"#))
        XCTAssertNotEqual(try JSONParser.parse(#"{"a":1}"#), try JSONParser.parse(#"{"a":1.5}"#))
    }

    func testTimestamps() {
        XCTAssertEqual(Timestamp.iso8601(millis: 0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp.iso8601(millis: 1_769_594_246_056), "2026-01-28T09:57:26.056Z")
        XCTAssertEqual(Timestamp.iso8601(millis: 951_782_400_000), "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(Timestamp.parse("2026-01-28T09:57:26.056Z"), 1_769_594_246_056)
        XCTAssertEqual(Timestamp.parse("2026-01-28T09:57:26Z"), 1_769_594_246_000)
        XCTAssertNil(Timestamp.parse("2026-13-28T09:57:26Z"))
        XCTAssertNil(Timestamp.parse("yesterday"))
        XCTAssertEqual(Timestamp.parse("2026-01-28T09:57:26.056123+00:00"), 1_769_594_246_056)
        XCTAssertEqual(Timestamp.parse("2026-01-28T10:57:26.056+01:00"), 1_769_594_246_056)
        XCTAssertEqual(Timestamp.parse("2026-01-28T08:27:26.056-01:30"), 1_769_594_246_056)
        XCTAssertNil(Timestamp.parse("2026-01-28T09:57:26"), "an offset is required")
        XCTAssertNil(Timestamp.parse("2026-01-28T09:57:26+0100"))
        for ms: Int64 in [1, 999, 86_399_999, 4_102_444_800_123] {
            XCTAssertEqual(Timestamp.parse(Timestamp.iso8601(millis: ms)), ms)
        }
        XCTAssertEqual(Timestamp.iso8601(millis: Timestamp.earliestMillis), "0001-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp.iso8601(millis: -1), "1969-12-31T23:59:59.999Z")
    }

    /// The digits written in place agree with Foundation's formatter over the years a test sends.
    func testTimestampsAgreeWithFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let ms = Int64.random(in: 0...4_102_444_800_000, using: &generator)  // 1970 to 2100
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(ms / 1000)))
                .replacingOccurrences(of: ".000Z", with: String(format: ".%03dZ", Int(ms % 1000)))
            XCTAssertEqual(Timestamp.iso8601(millis: ms), expected, "\(ms)")
        }
    }
}
