import XCTest
@testable import HTTPKit

final class ParserTests: XCTestCase {
    /// Valid requests and what must come out of them.
    static let valid: [(name: String, raw: String, method: String, path: String, body: String)] = [
        ("simple GET", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/", ""),
        ("query", "GET /s?q=a%20b&x=1+2&flag HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/s", ""),
        ("content-length body", "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", "POST", "/p", "hello"),
        (
            "chunked with trailers",
            "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n", "POST", "/c",
            "hello world"
        ),
        ("HTTP/1.0 without host", "GET /old HTTP/1.0\r\n\r\n", "GET", "/old", ""),
        ("bare LF line ends", "GET /lf HTTP/1.1\nHost: a\n\n", "GET", "/lf", ""),
        ("leading empty line", "\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/x", ""),
        ("repeated fields", "GET /r HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\n\r\n", "GET", "/r", ""),
        ("absolute form", "GET http://example.com/abs?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET", "/abs", ""),
        ("identical duplicate lengths", "POST /d HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", "POST", "/d", "ok"),
        ("a list of equal lengths", "POST /l HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\n\r\nok", "POST", "/l", "ok"),
        ("expect 100-continue", "PUT /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc", "PUT", "/e", "abc")
    ]

    private func parseAll(_ bytes: [UInt8], splitAt split: Int? = nil) -> [ParseEvent] {
        var parser = RequestParser()
        var events: [ParseEvent] = []
        let chunks: [ArraySlice<UInt8>] = split.map { [bytes[..<$0], bytes[$0...]] } ?? [bytes[...]]
        for chunk in chunks {
            parser.append(chunk)
            loop: while true {
                let event = parser.next()
                switch event {
                case .needMore: break loop
                case .expectContinue: continue
                case .failure: events.append(event); break loop
                case .request: events.append(event)
                }
            }
        }
        return events
    }

    private func describe(_ events: [ParseEvent]) -> [String] {
        events.map {
            switch $0 {
            case .request(let r):
                return "\(r.method) \(r.target) \(r.version) \(r.headers.fields.map { "\($0.name)=\($0.value)" }) \(r.body)"
            case .failure(let e): return "error \(e.status)"
            default: return "other"
            }
        }
    }

    func testValidRequestsParseWholeAndAtEverySplit() {
        for case let (name, raw, method, path, body) in Self.valid {
            let bytes = Array(raw.utf8)
            let whole = parseAll(bytes)
            XCTAssertEqual(whole.count, 1, name)
            guard case .request(let request)? = whole.first else { return XCTFail("\(name): \(describe(whole))") }
            XCTAssertEqual(request.method.rawValue, method, name)
            XCTAssertEqual(request.path, path, name)
            XCTAssertEqual(String(decoding: request.body, as: UTF8.self), body, name)
            for split in 0...bytes.count {
                XCTAssertEqual(describe(parseAll(bytes, splitAt: split)), describe(whole), "\(name) split at \(split)")
            }
        }
    }

    func testDetails() {
        guard case .request(let q)? = parseAll(Array(Self.valid[1].raw.utf8)).first else { return XCTFail() }
        XCTAssertEqual(q.queryValue("q"), "a b")
        XCTAssertEqual(q.queryValue("x"), "1 2")
        XCTAssertEqual(q.queryValue("flag"), "")
        guard case .request(let r)? = parseAll(Array(Self.valid[7].raw.utf8)).first else { return XCTFail() }
        XCTAssertEqual(r.headers.values(for: "x-A"), ["1", "2"])
        XCTAssertEqual(r.headers["HOST"], "a")
        guard case .request(let old)? = parseAll(Array(Self.valid[4].raw.utf8)).first else { return XCTFail() }
        XCTAssertFalse(old.wantsKeepAlive)
    }

    func testPipelinedRequestsComeOutInOrder() {
        let raw = Self.valid.map(\.raw).joined()
        let bytes = Array(raw.utf8)
        let events = parseAll(bytes)
        XCTAssertEqual(events.count, Self.valid.count)
        let paths = events.compactMap { if case .request(let r) = $0 { return r.path } else { return nil } }
        XCTAssertEqual(paths, Self.valid.map(\.path))
        for split in stride(from: 0, through: bytes.count, by: 7) {
            XCTAssertEqual(describe(parseAll(bytes, splitAt: split)), describe(events), "split at \(split)")
        }
    }

    static let malformed: [(name: String, raw: String, status: Int)] = [
        ("CL and TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("differing CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("non-numeric CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3x\r\n\r\nabc", 400),
        ("negative CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("gzip coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("chunked not last", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 501),
        ("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", 400),
        ("control char in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{01}b\r\n\r\n", 400),
        ("control char in name", "GET / HTTP/1.1\r\nHost: a\r\nX\u{01}A: b\r\n\r\n", 400),
        ("no host on 1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        ("two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("two hosts, names in other cases", "GET / HTTP/1.1\r\nhost: a\r\nHOST: b\r\n\r\n", 400),
        ("CL in other case beside TE", "POST / HTTP/1.1\r\nHost: a\r\ncontent-length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
        ("garbage version", "GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400),
        ("missing target", "GET HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("bad method", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("relative target", "GET foo HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("chunk without CRLF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
        ("TE on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("unknown expectation", "POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\na", 417),
        ("long request line", "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        ("huge header", "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 17000) + "\r\n\r\n", 431),
        ("too many fields", "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-F: 1\r\n", count: 101) + "\r\n", 431),
        ("declared body too big", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n", 413),
        ("chunked body too big", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n", 413)
    ]

    func testMalformedRequestsGetTheirStatusWholeAndSplit() {
        for (name, raw, status) in Self.malformed {
            let bytes = Array(raw.utf8)
            let events = parseAll(bytes)
            guard case .failure(let error)? = events.last else { XCTFail("\(name): \(describe(events))"); continue }
            XCTAssertEqual(error.status.code, status, name)
            for split in stride(from: 0, through: bytes.count, by: max(1, bytes.count / 40)) {
                guard case .failure(let e)? = parseAll(bytes, splitAt: split).last else {
                    XCTFail("\(name) split at \(split) did not fail"); continue
                }
                XCTAssertEqual(e.status.code, status, "\(name) split at \(split)")
            }
        }
    }

    func testLimitsApplyBeforeTheTerminatorArrives() {
        var parser = RequestParser()
        parser.append(Array(("GET /" + String(repeating: "a", count: 8200)).utf8))
        guard case .failure(let e) = parser.next() else { return XCTFail("no early 414") }
        XCTAssertEqual(e.status, 414)
        var headers = RequestParser()
        headers.append(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 17000)).utf8))
        guard case .failure(let h) = headers.next() else { return XCTFail("no early 431") }
        XCTAssertEqual(h.status, 431)
    }

    func testFailedParserStaysFailed() {
        var parser = RequestParser()
        parser.append(Array("GET / HTTP/9.9\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .failure = parser.next() else { return XCTFail() }
        guard case .failure = parser.next() else { return XCTFail("parser reused after a framing error") }
    }

    func testExpectContinueIsSignalledBeforeTheBody() {
        var parser = RequestParser()
        parser.append(Array("POST /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        guard case .expectContinue = parser.next() else { return XCTFail("no 100-continue signal") }
        guard case .needMore = parser.next() else { return XCTFail() }
        parser.append(Array("abc".utf8))
        guard case .request(let r) = parser.next() else { return XCTFail() }
        XCTAssertEqual(r.body, Array("abc".utf8))
    }
}
