@preconcurrency import Dispatch
import Locking

/// The sending side of a streaming response (Server-Sent Events and the like).
///
/// Safe to use from any thread. Chunks are written in order; a peer that stops reading is
/// disconnected once `maxPendingBytes` are waiting. `onTerminate` runs exactly once, when the
/// peer goes away, the server shuts down, or `finish()` completes.
public final class ResponseStream: Sendable {
    /// Unsent bytes a stream may accumulate before its slow peer is dropped.
    public static let maxPendingBytes = 1024 * 1024

    private struct State {
        var terminated = false
        var terminateHandler: (@Sendable () -> Void)?
    }

    private let state = Locked(State())
    private let enqueue: @Sendable ([UInt8], Bool) -> Void

    init(enqueue: @escaping @Sendable ([UInt8], Bool) -> Void) {
        self.enqueue = enqueue
    }

    /// True until the stream ended for any reason.
    public var isOpen: Bool { state.withLock { !$0.terminated } }

    /// Called once when the stream ends; if it already ended, called right away.
    public func onTerminate(_ handler: @escaping @Sendable () -> Void) {
        let runNow: Bool = state.withLock { state in
            if state.terminated { return true }
            state.terminateHandler = handler
            return false
        }
        if runNow { handler() }
    }

    /// Sends one chunk (ignored once the stream ended).
    public func send(_ bytes: [UInt8]) {
        guard isOpen, !bytes.isEmpty else { return }
        enqueue(bytes, false)
    }

    public func send(_ text: String) { send(Array(text.utf8)) }

    /// Ends the stream cleanly and closes the connection.
    public func finish() { enqueue([], true) }

    /// Marks the stream ended and runs the handler (called by the connection).
    func terminate() {
        let handler: (@Sendable () -> Void)? = state.withLock { state in
            if state.terminated { return nil }
            state.terminated = true
            defer { state.terminateHandler = nil }
            return state.terminateHandler
        }
        handler?()
    }
}
