import CCurl
import Locking

/// What one transfer gathers from libcurl's callbacks. Confined to the thread running
/// `curl_easy_perform`, which calls every callback, so it needs no lock; `cancelled` is the one
/// thing another thread touches.
final class TransferContext {
    let bodyCap: Int
    let cancelled: Locked<Bool>
    private(set) var body: [UInt8] = []
    private(set) var truncated = false
    private(set) var answerHeaders: [(name: String, value: String)] = []
    private var headerBytes = 0
    private var sentText: [UInt8] = []

    /// Bounds on what the answer's headers and the recorded request may hold.
    static let maxHeaderBytes = 64 * 1024

    init(bodyCap: Int, cancelled: Locked<Bool>) {
        self.bodyCap = bodyCap
        self.cancelled = cancelled
    }

    private static func context(_ pointer: UnsafeMutableRawPointer?) -> TransferContext {
        Unmanaged<TransferContext>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// The answer's body, kept up to the cap; past it the transfer stops (curl then reports a
    /// write error, which `perform` reads as a truncated answer).
    static let onBody: ccurl_data_callback = { data, size, count, pointer in
        let context = TransferContext.context(pointer)
        let n = size * count
        let room = context.bodyCap - context.body.count
        guard let data, n > 0 else { return n }
        data.withMemoryRebound(to: UInt8.self, capacity: n) { bytes in
            context.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: min(n, max(0, room))))
        }
        if n > room {
            context.truncated = true
            return 0
        }
        return n
    }

    /// One header line of the answer. A status line starts a new set (after a `100 Continue`).
    static let onHeader: ccurl_data_callback = { data, size, count, pointer in
        let context = TransferContext.context(pointer)
        let n = size * count
        guard let data, n > 0 else { return n }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
        if line.hasPrefix("HTTP/") {
            context.answerHeaders = []
            context.headerBytes = 0
        } else if let field = HeaderLine.parse(line), context.headerBytes + n <= maxHeaderBytes {
            context.headerBytes += n
            context.answerHeaders.append(field)
        }
        return n
    }

    /// Keeps the request's head as sent (`CURLINFO_HEADER_OUT`); everything else curl says is dropped.
    static let onDebug: ccurl_debug_callback = { _, type, data, size, pointer in
        guard type == CURLINFO_HEADER_OUT, let data else { return 0 }
        let context = TransferContext.context(pointer)
        guard context.sentText.count + size <= maxHeaderBytes else { return 0 }
        data.withMemoryRebound(to: UInt8.self, capacity: size) { context.sentText.append(contentsOf: UnsafeBufferPointer(start: $0, count: size)) }
        return 0
    }

    /// Non-zero abandons the transfer (`CURLE_ABORTED_BY_CALLBACK`).
    static let onProgress: ccurl_progress_callback = { pointer, _, _, _, _ in
        TransferContext.context(pointer).cancelled.withLock { $0 } ? 1 : 0
    }

    /// The request headers as sent, without the request line.
    func sentHeaders() -> [(name: String, value: String)] {
        String(decoding: sentText, as: UTF8.self).split(separator: "\r\n").dropFirst().compactMap { HeaderLine.parse(String($0)) }
    }
}

/// `Name: value` (line ending optional) as a pair; nil for anything else.
enum HeaderLine {
    static func parse(_ line: String) -> (name: String, value: String)? {
        // By scalars: "\r\n" is one Character, so dropping characters would take a letter too.
        var scalars = Substring(line).unicodeScalars
        while let last = scalars.last, last == "\r" || last == "\n" { scalars.removeLast() }
        let trimmed = String(scalars)
        guard let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex else { return nil }
        let value = trimmed[trimmed.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
        return (String(trimmed[..<colon]), String(value))
    }
}
