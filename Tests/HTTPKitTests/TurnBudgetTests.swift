import XCTest
import Foundation
import Dispatch
import Glibc
import Locking
@testable import HTTPKit

/// One pipelining connection does not keep the others on its I/O queue waiting: after
/// `TurnBudget.requestsPerTurn` requests it lets the queue's other work run.
final class TurnBudgetTests: XCTestCase {
    func testAConnectionWithThousandsOfPipelinedRequestsLetsAnotherThrough() throws {
        let handledA = Locked(0)
        let aSeenByB = Locked<Int?>(nil)
        var config = ServerConfiguration(host: "127.0.0.1", port: 0)
        config.ioQueueCount = 1  // both connections on one queue
        config.awaitNextRequest = .zero
        let builder = RouterBuilder()
        // Answered in place, on the connection's queue, as the mock's cheap routes are.
        builder.addAsync(.get, "/a") { _, respond in
            handledA.withLock { $0 += 1 }
            respond(Response.text(200, "a"))
        }
        builder.addAsync(.get, "/b") { _, respond in
            aSeenByB.withLock { $0 = handledA.withLock { $0 } }
            respond(Response.text(200, "b"))
        }
        let server = HTTPServer(configuration: config, responder: try builder.buildResponder().responder)
        try server.start()
        defer { server.shutdown(timeout: .seconds(2)) }

        let a = try connect(server.port), b = try connect(server.port)
        defer { close(a); close(b) }
        let total = 4000
        // A's answers are read as they come, so its writes never stop its turn.
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var received: [UInt8] = []
            let status = Array("HTTP/1.1 200".utf8)
            while Self.occurrences(of: status, in: received) < total {
                let n = buffer.withUnsafeMutableBytes { recv(a, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                received += buffer[0..<n]
            }
            drained.signal()
        }
        send(a, String(repeating: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n", count: total))
        send(b, "GET /b HTTP/1.1\r\nHost: t\r\n\r\n")
        var reply = [UInt8](repeating: 0, count: 4096)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let n = reply.withUnsafeMutableBytes { recv(b, $0.baseAddress, $0.count, 0) }
        XCTAssertGreaterThan(n, 0)
        XCTAssertEqual(drained.wait(timeout: .now() + 10), .success)
        let seen = try XCTUnwrap(aSeenByB.withLock { $0 })
        XCTAssertLessThan(seen, total / 2, "B waited for \(seen) of A's \(total) pipelined requests")
        XCTAssertEqual(handledA.withLock { $0 }, total, "and every one of A's was answered")
    }

    private static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard haystack.count >= needle.count else { return 0 }
        return (0...(haystack.count - needle.count)).filter { i in haystack[i] == needle[0] && Array(haystack[i..<i + needle.count]) == needle }.count
    }

    private func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    private func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            done += n
        }
    }
}
