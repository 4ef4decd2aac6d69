/// Two routes registered for the same method and path shape: `RouterBuilder.buildResponder()`
/// refuses them, as Hummingbird's router does, instead of serving only the first.
public struct RouteConflict: Error, Equatable, CustomStringConvertible {
    public let method: Method
    public let pattern: String

    public var description: String { "\(method) \(pattern) is registered twice" }
}
