#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// A blocking TCP client for tests: send exact bytes, read exact responses.
public final class RawClient {
    public let fd: Int32

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// A parsed response as the client saw it.
    public struct Reply {
        public var status: Int
        public var version: String
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(status: Int, version: String = "HTTP/1.1", headers: [(String, String)], body: [UInt8]) {
            self.status = status
            self.version = version
            self.headers = headers
            self.body = body
        }

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        public var text: String { String(decoding: body, as: UTF8.self) }
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    private var buffer: [UInt8] = []

    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 5) throws {
        let family = host.contains(":") ? AF_INET6 : AF_INET
        fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc: Int32
        if family == AF_INET6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &addr.sin6_addr)
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &addr.sin_addr)
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw Failure(description: "connect: errno \(e)")
        }
    }

    deinit { close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += n
        }
    }

    /// Half-closes the sending side.
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes; false on EOF or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// Reads one response (Content-Length framed, or to EOF). `head` skips the body (HEAD).
    public func readResponse(head: Bool = false) throws -> Reply {
        while true {
            if let end = findHeadEnd() {
                let headText = String(decoding: buffer[0..<end], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                    throw Failure(description: "bad status line: \(headText)")
                }
                let headers: [(String, String)] = lines.compactMap { line in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                var reply = Reply(status: status, version: String(statusLine[0]), headers: headers, body: [])
                let bodyStart = end + 4
                if head || status < 200 || status == 204 || status == 304 {
                    buffer.removeFirst(bodyStart)
                    return reply
                }
                if let lengthText = reply.header("Content-Length"), let length = Int(lengthText) {
                    while buffer.count < bodyStart + length {
                        guard fill() else { throw Failure(description: "EOF in body") }
                    }
                    reply.body = Array(buffer[bodyStart..<(bodyStart + length)])
                    buffer.removeFirst(bodyStart + length)
                } else {
                    while fill() {}
                    reply.body = Array(buffer[bodyStart...])
                    buffer.removeAll()
                }
                return reply
            }
            guard fill() else { throw Failure(description: "no response (EOF or timeout); got \(buffer.count) bytes") }
        }
    }

    /// Whatever bytes are buffered or arrive next (empty at EOF), as text.
    public func readRaw() throws -> String {
        if buffer.isEmpty && !fill() { return "" }
        defer { buffer.removeAll() }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// True when the server closed the connection (EOF) within the timeout, with nothing more to read.
    public func isClosedByPeer() -> Bool {
        if !buffer.isEmpty { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        if n == 0 { return true }
        if n > 0 { buffer.append(byte) }
        return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// One request on a fresh connection: convenience for tests.
    public static func exchange(port: Int, _ request: String) throws -> Reply {
        let client = try RawClient(port: port)
        try client.send(request)
        return try client.readResponse()
    }
}
