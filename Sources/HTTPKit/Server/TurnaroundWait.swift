/// When a connection waits on its own queue for its client's next request, instead of going back
/// to its read source.
///
/// A client that sends one request at a time (a test suite, `wrk -c1`) sends the next one some
/// tens of µs after it read an answer. Through the read source that next request costs three
/// thread wake-ups: libdispatch's manager re-arms the one-shot source (woken through its
/// eventfd), wakes again when the data arrives, and wakes a worker to run the handler. A short
/// `select` on the socket, on the queue and thread that just answered, is one wake-up, by the
/// data itself. The source stays how a connection is served; the wait only bridges a quick
/// client's turnaround, and only while the connection is the server's one (nothing else can be
/// queued behind it).
///
/// It is worth it only for a client that answers quickly. The gap between an answer and the next
/// request through the source is measured; a gap shorter than the window turns waiting on, a wait
/// that timed out turns it off again until a short gap is seen. A value, owned by its connection.
struct TurnaroundWait {
    /// Requests taken this way in a row before the connection goes back to its source (which
    /// lets the queue run anything else it holds: the connection's tick, a shutdown).
    static let rounds = 32

    /// Longest wait for the next request, in nanoseconds (0: never wait).
    let window: UInt64
    /// How long the start of a wait polls instead of sleeping (0: never), for a client whose last
    /// turnaround was under `spinGapLimit`. The limit is a few spins long because a turnaround
    /// measured through a sleeping wait includes the wake-up itself.
    let spinWindow: UInt64
    var spinGapLimit: UInt64 { spinWindow &* 4 }
    /// When the last answer was handed to the socket (uptime ns); 0 before the first.
    private var answeredAt: UInt64 = 0
    /// The client's last turnaround fitted in the window.
    private(set) var quick = false
    /// The client's last turnaround, in nanoseconds (`.max` before one was seen).
    private(set) var lastGap = UInt64.max

    /// - Parameters:
    ///   - window: nanoseconds; `UInt64.max` (a duration too long to count) means never wait.
    ///   - spin: nanoseconds of polling at the start of a wait; only with more than one CPU.
    init(window: UInt64, spin: UInt64 = 0, processors: Int = 1) {
        self.window = window == .max ? 0 : window
        self.spinWindow = processors > 1 ? min(spin, self.window) : 0
    }

    /// A request arrived through the read source at `now`.
    mutating func arrivedThroughSource(now: UInt64) {
        if measureGap(now: now) { quick = lastGap < window }
    }

    /// A request arrived during a wait, at `now`.
    mutating func arrivedWhileWaiting(now: UInt64) {
        measureGap(now: now)
    }

    /// The time since the last answer becomes `lastGap`; false before the first answer.
    @discardableResult
    private mutating func measureGap(now: UInt64) -> Bool {
        guard answeredAt != 0 else { return false }
        lastGap = now &- answeredAt
        answeredAt = 0
        return true
    }

    /// How long the next wait polls before it sleeps: the spin window for a client that came
    /// back quickly last time, otherwise 0.
    var spin: UInt64 { lastGap < spinGapLimit ? spinWindow : 0 }

    /// An answer went to the socket at `now`.
    mutating func answered(now: UInt64) {
        answeredAt = now
    }

    /// Whether to wait for the next request now.
    var shouldWait: Bool { window > 0 && quick }

    /// The wait ended without a request: back to the source until a short gap is seen again.
    mutating func timedOut() {
        quick = false
    }
}
