/// Size limits the parser enforces while it scans, before anything is buffered past them.
public struct ParserLimits: Sendable {
    /// Longest request line, in bytes (414 past it).
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section, in bytes (431 past it).
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields (431 past it).
    public var maxHeaderCount = 100
    /// Largest request body, decoded (413 past it, judged from Content-Length before reading).
    public var maxBodyBytes = 1024 * 1024
    /// Longest chunk-size line of a chunked body.
    public var maxChunkLineBytes = 1024

    public init() {}
}
