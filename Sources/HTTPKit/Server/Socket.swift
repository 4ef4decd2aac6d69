import Dispatch
import Glibc

/// A listening socket that could not be made: the call that failed (`bind 0.0.0.0:443`) and errno.
public struct SocketFailure: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32
    public var description: String { "\(call) failed: \(String(cString: strerror(code))) (errno \(code))" }
}

/// Thin POSIX socket calls. Everything here is non-blocking and never raises SIGPIPE.
enum Socket {
    typealias Failure = SocketFailure

    /// Creates a non-blocking listening socket on `host:port` (IPv4 or IPv6 literal or name).
    static func listen(host: String, port: Int, backlog: Int32) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let first = result else {
            throw Failure(call: "getaddrinfo(\(host))", code: rc == EAI_SYSTEM ? errno : EINVAL)
        }
        defer { freeaddrinfo(result) }
        var lastError = Failure(call: "bind", code: EADDRNOTAVAIL)
        var info: UnsafeMutablePointer<addrinfo>? = first
        while let ai = info {
            info = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            if fd < 0 { lastError = Failure(call: "socket", code: errno); continue }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if ai.pointee.ai_family == AF_INET6 {
                // `::` serves IPv6 only; `0.0.0.0` is the way to ask for IPv4.
                setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            if bind(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) != 0 {
                lastError = Failure(call: "bind \(host):\(port)", code: errno)
                close(fd)
                continue
            }
            if Glibc.listen(fd, backlog) != 0 {
                lastError = Failure(call: "listen", code: errno)
                close(fd)
                continue
            }
            setNonBlocking(fd)
            return fd
        }
        throw lastError
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// Nagle off: a response is one write, and must not wait for the peer's delayed ACK.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The port a socket is bound to (for port 0).
    static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { return 0 }
        return port(of: &storage)
    }

    static func port(of storage: inout sockaddr_storage) -> Int {
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default: return 0
        }
    }

    enum AcceptResult {
        case accepted(Int32)
        case wouldBlock
        /// Out of descriptors or memory: back off, keep the listener.
        case exhausted(Int32)
        case transient
        case failed(Int32)
    }

    static func accept(_ listener: Int32) -> AcceptResult {
        let fd = Glibc.accept(listener, nil, nil)
        if fd >= 0 { setNonBlocking(fd) }
        if fd >= 0 { return .accepted(fd) }
        let code = errno
        switch code {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted(code)
        case ECONNABORTED, EINTR, EPROTO, EPERM: return .transient
        default: return .failed(code)
        }
    }

    typealias IOResult = TransportResult

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .closed
            }
        }
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let n = send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .closed
            }
        }
    }

    /// How a wait for readable bytes ended.
    enum Readiness: Equatable {
        /// Readable (or an error, or a hang-up), seen while polling or after sleeping.
        case polled, slept
        case timedOut
    }

    /// Blocks up to `nanoseconds` for `fd` to become readable (or to report an error or a hang-up).
    /// The first `polling` nanoseconds of it ask without sleeping. `select`, because `poll`
    /// counts in milliseconds and Glibc's module does not declare `ppoll`; a descriptor past
    /// `FD_SETSIZE` never waits.
    static func awaitReadable(_ fd: Int32, nanoseconds: UInt64, polling: UInt64 = 0) -> Readiness {
        guard fd >= 0 && fd < FD_SETSIZE else { return .timedOut }
        var readable = fd_set()
        withUnsafeMutableBytes(of: &readable) { raw in
            let words = raw.bindMemory(to: UInt.self)
            words[Int(fd) / UInt.bitWidth] |= 1 << UInt(Int(fd) % UInt.bitWidth)
        }
        if polling > 0 {
            let started = DispatchTime.now().uptimeNanoseconds
            var now = timeval(tv_sec: 0, tv_usec: 0)
            repeat {
                var probe = readable
                if select(fd + 1, &probe, nil, nil, &now) > 0 { return .polled }
            } while DispatchTime.now().uptimeNanoseconds &- started < polling
        }
        var timeout = timeval(tv_sec: Int(nanoseconds / 1_000_000_000), tv_usec: Int(nanoseconds % 1_000_000_000 / 1000))
        return select(fd + 1, &readable, nil, nil, &timeout) > 0 ? .slept : .timedOut
    }
}
