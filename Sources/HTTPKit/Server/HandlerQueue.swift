@preconcurrency import Dispatch

/// Where work that may block runs, away from the I/O queues: synchronous route handlers
/// (`RouteGroup.add`, `RouterBuilder.add`) and the start of streaming responses.
public enum HandlerQueue {
    /// A concurrent queue shared by every server in the process.
    public static let shared = DispatchQueue(label: "httpkit.handlers", attributes: .concurrent)
}
