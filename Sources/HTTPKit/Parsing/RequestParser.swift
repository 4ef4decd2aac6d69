/// An incremental HTTP/1.1 request parser over one contiguous buffer per connection.
///
/// Feed bytes with `append`, then call `next()` until it answers `.needMore`. Bytes may arrive
/// split anywhere; several pipelined requests may sit in the buffer. Line searches resume where
/// the last one stopped, so a slow client never makes the parser rescan what it already saw.
/// After a `.failure` the parser stays failed: the connection must close.
public struct RequestParser {
    private enum State {
        case requestLine
        case headers
        case body(Int)
        case chunkSize
        case chunkData(Int)
        case trailers
        case failed(HTTPError)
    }

    public let limits: ParserLimits
    private var buffer: [UInt8] = []
    /// Start of the bytes not yet consumed.
    private var position = 0
    /// Where the next line search resumes (≥ position).
    private var scanFrom = 0
    private var state: State = .requestLine

    // The request being assembled.
    private var line: RequestHead.Line?
    /// Room for a typical request's header fields, so assembling them takes one allocation.
    private static let headerRoom = 8
    private var headers = Headers(capacity: headerRoom)
    private var headerStart = 0
    private var trailerBytes = 0
    private var body: [UInt8] = []
    private var continueSent = false
    private var expectsContinue = false

    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
    }

    /// Bytes buffered and not yet consumed by a complete request.
    public var bufferedCount: Int { buffer.count - position }

    /// True while a request has started arriving but is not complete.
    public var isMidRequest: Bool {
        if case .requestLine = state { return position < buffer.count }
        return true
    }

    /// True once the head of the current request is complete and only its body is awaited.
    public var isReadingBody: Bool {
        switch state {
        case .body, .chunkSize, .chunkData, .trailers: return true
        default: return false
        }
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    public mutating func next() -> ParseEvent {
        while true {
            switch state {
            case .failed(let error):
                return .failure(error)
            case .requestLine:
                // RFC 9112 §2.2: ignore empty lines before a request line.
                while position < buffer.count, buffer[position] == 13 || buffer[position] == 10 {
                    position += 1
                }
                if scanFrom < position { scanFrom = position }
                guard let end = findLineEnd() else {
                    if buffer.count - position > limits.maxRequestLineBytes {
                        return fail(414, "request line exceeds \(limits.maxRequestLineBytes) bytes")
                    }
                    compactIfIdle()
                    return .needMore
                }
                let content = lineContent(end)
                if content.count > limits.maxRequestLineBytes {
                    return fail(414, "request line exceeds \(limits.maxRequestLineBytes) bytes")
                }
                switch RequestHead.parseRequestLine(content) {
                case .failure(let e): return fail(e)
                case .success(let parsed): line = parsed
                }
                consumeLine(end)
                headerStart = position
                state = .headers
            case .headers:
                guard let end = findLineEnd() else {
                    if buffer.count - headerStart > limits.maxHeaderBytes {
                        return fail(431, "header section exceeds \(limits.maxHeaderBytes) bytes")
                    }
                    return .needMore
                }
                if end + 1 - headerStart > limits.maxHeaderBytes {
                    return fail(431, "header section exceeds \(limits.maxHeaderBytes) bytes")
                }
                let content = lineContent(end)
                consumeLine(end)
                if content.isEmpty {
                    if let event = headComplete() { return event }
                    continue
                }
                switch RequestHead.parseField(content) {
                case .failure(let e): return fail(e)
                case .success(let (name, value)):
                    if headers.count >= limits.maxHeaderCount {
                        return fail(431, "more than \(limits.maxHeaderCount) header fields")
                    }
                    headers.add(name, value)
                }
            case .body(let length):
                if expectsContinue && !continueSent && position == buffer.count {
                    continueSent = true
                    return .expectContinue
                }
                guard buffer.count - position >= length else { return .needMore }
                body = Array(buffer[position..<(position + length)])
                position += length
                return complete()
            case .chunkSize:
                if expectsContinue && !continueSent && position == buffer.count {
                    continueSent = true
                    return .expectContinue
                }
                guard let end = findLineEnd() else {
                    if buffer.count - position > limits.maxChunkLineBytes { return fail(400, "chunk size line too long") }
                    return .needMore
                }
                let content = lineContent(end)
                guard content.count <= limits.maxChunkLineBytes, let size = ChunkSize.parse(content) else {
                    return fail(400, "invalid chunk size")
                }
                consumeLine(end)
                if size == 0 {
                    trailerBytes = 0
                    state = .trailers
                } else {
                    if size > limits.maxBodyBytes - body.count {
                        return fail(413, "request body exceeds \(limits.maxBodyBytes) bytes")
                    }
                    state = .chunkData(size)
                }
            case .chunkData(let size):
                guard buffer.count - position >= size + 2 else { return .needMore }
                guard buffer[position + size] == 13, buffer[position + size + 1] == 10 else {
                    return fail(400, "chunk data not followed by CRLF")
                }
                body.append(contentsOf: buffer[position..<(position + size)])
                position += size + 2
                scanFrom = position
                state = .chunkSize
            case .trailers:
                guard let end = findLineEnd() else {
                    if trailerBytes + buffer.count - position > limits.maxHeaderBytes {
                        return fail(431, "trailer section too large")
                    }
                    return .needMore
                }
                let content = lineContent(end)
                trailerBytes += end + 1 - position
                consumeLine(end)
                if trailerBytes > limits.maxHeaderBytes { return fail(431, "trailer section too large") }
                if content.isEmpty { return complete() }
                // Trailer fields are checked for syntax and then dropped (RFC 9112 §7.1.2 allows it).
                if case .failure(let e) = RequestHead.parseField(content) { return fail(e) }
            }
        }
    }

    // MARK: - Steps

    private mutating func headComplete() -> ParseEvent? {
        guard let line else { return fail(400, "missing request line") }
        if line.version == .http11 {
            let hosts = headers.count(of: "Host")
            if hosts == 0 { return fail(400, "HTTP/1.1 request without Host") }
            if hosts > 1 { return fail(400, "more than one Host field") }
        }
        let framing: BodyFraming
        switch BodyFraming.decide(headers: headers, version: line.version, limits: limits) {
        case .failure(let e): return fail(e)
        case .success(let f): framing = f
        }
        if let expect = headers["Expect"], line.version == .http11 {
            guard expect.lowercased() == "100-continue" else { return fail(417, "unsupported expectation") }
            expectsContinue = framing != .none
        }
        switch framing {
        case .none: return complete()
        case .length(let n): state = .body(n)
        case .chunked: state = .chunkSize
        }
        return nil
    }

    private mutating func complete() -> ParseEvent {
        guard let line else { return fail(400, "missing request line") }
        var request = Request(
            method: line.method, target: line.target, version: line.version,
            headers: headers, body: body)
        request.parameters = [:]
        self.line = nil
        headers = Headers(capacity: Self.headerRoom)
        body = []
        expectsContinue = false
        continueSent = false
        state = .requestLine
        scanFrom = position
        compactIfIdle()
        return .request(request)
    }

    private mutating func fail(_ status: Status, _ message: String) -> ParseEvent {
        fail(HTTPError(status, message))
    }

    private mutating func fail(_ error: HTTPError) -> ParseEvent {
        state = .failed(error)
        buffer = []
        position = 0
        scanFrom = 0
        return .failure(error)
    }

    // MARK: - Buffer

    /// Index of the next LF at or after `scanFrom`, remembering how far it looked.
    private mutating func findLineEnd() -> Int? {
        let count = buffer.count
        guard scanFrom < count else { return nil }
        let found: Int? = buffer.withUnsafeBufferPointer { bp in
            guard let base = bp.baseAddress else { return nil }
            guard let hit = memchrLF(base + scanFrom, count - scanFrom) else { return nil }
            return hit - base
        }
        if let found { return found }
        scanFrom = count
        return nil
    }

    /// The line ending at `end` (an LF), without the LF and an optional CR before it.
    private func lineContent(_ end: Int) -> ArraySlice<UInt8> {
        var stop = end
        if stop > position && buffer[stop - 1] == 13 { stop -= 1 }
        return buffer[position..<stop]
    }

    private mutating func consumeLine(_ end: Int) {
        position = end + 1
        scanFrom = position
    }

    /// Drops consumed bytes between requests so the buffer never grows with a connection's age.
    private mutating func compactIfIdle() {
        guard case .requestLine = state, line == nil else { return }
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            position = 0
            scanFrom = 0
        } else if position > 32 * 1024 {
            let shift = position
            buffer.removeFirst(shift)
            position = 0
            scanFrom -= shift
        }
    }
}

import Glibc

@inline(__always)
private func memchrLF(_ start: UnsafePointer<UInt8>, _ count: Int) -> UnsafePointer<UInt8>? {
    guard let hit = memchr(start, 10, count) else { return nil }
    return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
}

/// `chunk-size [ chunk-ext ]` (RFC 9112 §7.1): hex digits, extensions ignored.
enum ChunkSize {
    static func parse(_ line: ArraySlice<UInt8>) -> Int? {
        var size = 0
        var digits = 0
        var i = line.startIndex
        while i < line.endIndex, let v = PercentDecoding.hexValue(line[i]) {
            if digits >= 15 { return nil }
            size = size << 4 | Int(v)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        while i < line.endIndex, line[i] == 32 || line[i] == 9 { i += 1 }
        guard i == line.endIndex || line[i] == UInt8(ascii: ";") else { return nil }
        return size
    }
}
