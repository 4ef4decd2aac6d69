@preconcurrency import Dispatch
import Glibc
import Locking

/// Switches the process between `ThreadPolicy.batch` and `.normal` by how busy other processes
/// keep the machine.
///
/// A server on Dispatch hands every request between threads: libdispatch's manager thread wakes
/// a worker for each socket event, and the worker wakes the manager back (an eventfd write) to
/// re-arm the socket. Under `normal` scheduling each of those wake-ups may preempt the thread
/// that made it, so one request costs several context switches. Measured at 32 connections on
/// 2 cores: 1.7 switches per update, 0.55 under `batch`, and 20 % more updates per second.
///
/// But a `batch` thread never preempts anyone, so while other processes keep every CPU busy, a
/// request waits for their time slices (2 CPU-bound processes on 2 cores: a third of the
/// sequential rate). So `batch` only while the others leave room: below `enterBelow` cores'
/// worth of their CPU in the last interval, back to `normal` above `leaveAbove`.
public final class SchedulingGovernor: Sendable {
    /// The switching rule, separate from time and /proc so that it can be tested as a value.
    public struct Rule: Sendable, Equatable {
        public let enterBelow: Double
        public let leaveAbove: Double
        public private(set) var policy: ThreadPolicy = .normal

        /// Thresholds in cores of other processes' CPU; by default 35 % and 45 % of the machine.
        public init(cores: Int) {
            enterBelow = 0.35 * Double(cores)
            leaveAbove = 0.45 * Double(cores)
        }

        /// The policy after an interval in which other processes used `othersCores`; nil when unchanged.
        public mutating func next(othersCores: Double) -> ThreadPolicy? {
            let wanted: ThreadPolicy
            switch policy {
            case .normal: wanted = othersCores < enterBelow ? .batch : .normal
            case .batch: wanted = othersCores > leaveAbove ? .normal : .batch
            }
            guard wanted != policy else { return nil }
            policy = wanted
            return wanted
        }
    }

    private struct State {
        var rule: Rule
        var last: CPUSample?
        var started = false
    }

    private let state: Locked<State>
    private let cores: Int
    private let queue = DispatchQueue(label: "httpkit.scheduling")
    /// Its handler runs on `queue`, once `start` scheduled it.
    private let timer: DispatchSourceTimer

    private static var onlineCores: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }

    /// - Parameter cores: the machine's CPUs (default: those online).
    public init(cores: Int? = nil) {
        self.cores = max(1, cores ?? Self.onlineCores)
        state = Locked(State(rule: Rule(cores: self.cores)))
        timer = DispatchSource.makeTimerSource(queue: queue)
        // Active from the start (an inactive source may not be released); it fires once scheduled.
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.activate()
    }

    /// Samples every `interval` from now on; the process starts `normal`. A process started
    /// under another policy (`chrt --idle`, a real-time one) is left as it is.
    public func start(interval: DispatchTimeInterval = .milliseconds(250)) {
        guard ThreadPolicy.current == .normal else { return }
        let baseline = CPUSample.read()
        let first = state.withLock { state -> Bool in
            guard !state.started else { return false }
            state.started = true
            state.last = baseline
            return true
        }
        guard first else { return }
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
    }

    /// Stops sampling for good and, if it ever started, puts every thread back to `normal`.
    public func stop() {
        timer.cancel()
        queue.sync {}  // a tick already running finishes before the last word
        if state.withLock({ $0.started }) { ThreadPolicy.normal.applyToProcess() }
    }

    /// The rule as it stands (its `policy` is the one applied last).
    public var rule: Rule { state.withLock { $0.rule } }

    private func tick() {
        guard let now = CPUSample.read() else { return }
        let change = state.withLock { state -> ThreadPolicy? in
            defer { state.last = now }
            guard let last = state.last else { return nil }
            return state.rule.next(othersCores: now.othersCores(since: last, cores: cores))
        }
        // Threads started since a switch inherit their creator's policy; a switch covers them all.
        change?.applyToProcess()
    }
}
