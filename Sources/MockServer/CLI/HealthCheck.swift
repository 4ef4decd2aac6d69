@preconcurrency import Glibc

/// `activitysmith-mock healthcheck`: GET /_mock/health on the configured port and exit 0 on 200,
/// so a container's HEALTHCHECK needs no curl. Reads the same flags and environment as the server.
/// With `--wait SECONDS` it asks again every 50 ms until the server answers 200 or the time
/// passes: a script's "wait until it is up".
enum HealthCheck {
    static func run(_ configuration: MockConfiguration, waitSeconds: Double = 0) -> Int32 {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let end = Double(deadline.tv_sec) + Double(deadline.tv_nsec) / 1e9 + waitSeconds
        while true {
            let last = once(configuration, quiet: waitSeconds > 0)
            if last == 0 { return 0 }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            if Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 >= end {
                if waitSeconds > 0 { _ = once(configuration, quiet: false) }
                return 1
            }
            usleep(50_000)
        }
    }

    private static func once(_ configuration: MockConfiguration, quiet: Bool) -> Int32 {
        // A server listening on every address is reached through loopback.
        var host = configuration.host
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        var request = "GET /_mock/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        if let token = configuration.adminToken { request += "Authorization: Bearer \(token)\r\n" }
        request += "\r\n"
        guard let reply = exchange(host: host, port: configuration.port, request: Array(request.utf8)) else {
            if !quiet { fputs("healthcheck: no answer from \(host):\(configuration.port)\n", stderr) }
            return 1
        }
        let statusLine = reply.prefix { $0 != 13 }
        guard String(decoding: statusLine, as: UTF8.self).hasPrefix("HTTP/1.1 200") else {
            if !quiet { fputs("healthcheck: \(String(decoding: statusLine, as: UTF8.self))\n", stderr) }
            return 1
        }
        return 0
    }

    private static func exchange(host: String, port: Int, request: [UInt8]) -> [UInt8]? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else { return nil }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { return nil }
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return nil }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while reply.count < 65536 {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            reply.append(contentsOf: chunk[0..<n])
        }
        return reply.isEmpty ? nil : reply
    }
}
