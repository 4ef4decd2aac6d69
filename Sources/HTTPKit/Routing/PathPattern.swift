/// A route path like `/live-activity/stream/:stream_key`: literal segments and named parameters.
public struct PathPattern: Sendable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            part.first == ":" ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
    }

    /// The segments with every parameter as `:`: two patterns of one shape match the same paths.
    var shape: [String] {
        segments.map { if case .literal(let text) = $0 { text } else { ":" } }
    }

    var hasParameters: Bool {
        segments.contains { if case .parameter = $0 { true } else { false } }
    }

    /// The literal segments, in order (all of them when `hasParameters` is false).
    var literals: [String] {
        segments.compactMap { if case .literal(let text) = $0 { text } else { nil } }
    }

    /// Parameters (percent-decoded) when `path` matches, else nil.
    public func match<Parts: Collection<Substring>>(_ parts: Parts) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                parameters[name] = PercentDecoding.decode(part)
            }
        }
        return parameters
    }
}
