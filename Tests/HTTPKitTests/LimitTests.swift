import XCTest
import Foundation
import TestSupport
@testable import HTTPKit

final class LimitTests: XCTestCase {
    func testLimitsOverSocketsCloseTheConnection() throws {
        let fixture = try ServerFixture { config in
            config.limits.maxBodyBytes = 1000
        }
        defer { fixture.stop() }
        let cases: [(String, Int)] = [
            ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: t\r\nX: " + String(repeating: "a", count: 17000) + "\r\n\r\n", 431),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n", 413),
            ("GET / HTTP/3.0\r\nHost: t\r\n\r\n", 505),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: br\r\n\r\n", 501)
        ]
        for (raw, status) in cases {
            let client = try RawClient(port: fixture.port)
            try client.send(raw)
            let reply = try client.readResponse()
            XCTAssertEqual(reply.status, status)
            XCTAssertEqual(reply.header("Content-Type"), "application/json")
            XCTAssertNotNil(reply.json?["error"], "\(status) without a JSON error")
            XCTAssertTrue(client.isClosedByPeer(), "\(status) left the connection open")
        }
    }

    func testConnectionLimitAnswers503() throws {
        let fixture = try ServerFixture { $0.maxConnections = 3 }
        defer { fixture.stop() }
        let held = try (0..<3).map { _ in try RawClient(port: fixture.port) }
        XCTAssertTrue(Poll.until(timeout: 5) { fixture.server.connectionCount == 3 })
        let extra = try RawClient(port: fixture.port)
        let reply = try extra.readResponse()
        XCTAssertEqual(reply.status, 503)
        XCTAssertEqual(reply.json?["error"] as? String, "Service Unavailable")
        // The held connections still work.
        try held[0].send("GET /hello/ok HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try held[0].readResponse().text, "hello ok")
    }

    /// Connections stop short of the descriptor limit (a 503 past it), so the server process never
    /// reaches EMFILE through its own connections.
    func testConnectionsStopShortOfTheDescriptorLimit() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let saved = limit
        // Room for about 10 connections once the server's reserve of 64 is set aside.
        limit.rlim_cur = rlim_t(HTTPServer.openDescriptors() + 64 + 10)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        defer { var restore = saved; setrlimit(Int32(RLIMIT_NOFILE.rawValue), &restore) }
        let fixture = try ServerFixture()
        defer { fixture.stop() }

        var kept: [RawClient] = []
        var refused = 0
        for i in 0..<25 {
            let client = try RawClient(port: fixture.port)
            try client.send("GET /hello/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            let reply = try client.readResponse()
            if reply.status == 503 { refused += 1 } else { XCTAssertEqual(reply.text, "hello \(i)"); kept.append(client) }
        }
        XCTAssertGreaterThan(refused, 0, "all 25 were kept: no cap below the descriptor limit")
        XCTAssertLessThanOrEqual(kept.count, 12)
        XCTAssertGreaterThanOrEqual(kept.count, 5)
    }

    func testServerSurvivesDescriptorExhaustion() throws {
        // Under ThreadSanitizer the runtime needs descriptors of its own (its symbolizer's pipes)
        // and aborts when a trap finds none free; its slower run also widens the window in which
        // libdispatch's monitor can hit the exhaustion (one full TSan run in eight failed so).
        // The plain and AddressSanitizer runs keep this test.
        try XCTSkipIf(dlsym(nil, "__tsan_init") != nil, "descriptor exhaustion is not survivable under ThreadSanitizer")
        let fixture = try ServerFixture()
        defer { fixture.stop() }
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let saved = limit
        // Lower the soft limit so exhausting it takes a few hundred dups, not a million.
        limit.rlim_cur = min(limit.rlim_cur, 1024)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        defer { var restore = saved; setrlimit(Int32(RLIMIT_NOFILE.rawValue), &restore) }

        let clients = try (0..<4).map { _ in try RawClient(port: fixture.port) }
        XCTAssertTrue(Poll.until(timeout: 5) { fixture.server.connectionCount == 4 })
        var hogs: [Int32] = []
        while true {
            let fd = dup(0)
            if fd < 0 { break }
            hogs.append(fd)
        }
        XCTAssertEqual(errno, EMFILE)
        // These connections complete in the kernel but the server cannot accept them.
        var pending: [RawClient] = []
        for _ in 0..<3 {
            if let last = hogs.last { close(last) }
            hogs.removeLast()
            if let c = try? RawClient(port: fixture.port) { pending.append(c) }
            let fd = dup(0); if fd >= 0 { hogs.append(fd) }
        }
        // Long enough for a back-off or two (50 ms each), short, because libdispatch's thread
        // monitor aborts the process if it runs (once a second) while no descriptor is free.
        Thread.sleep(forTimeInterval: 0.12)
        hogs.forEach { close($0) }
        for (i, client) in (clients + pending).enumerated() {
            try client.send("GET /hello/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, "hello \(i)")
        }
        XCTAssertGreaterThan(pending.count, 0)
    }
}
