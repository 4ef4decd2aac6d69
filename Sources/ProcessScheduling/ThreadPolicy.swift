import Glibc

/// The Linux scheduling policy of every thread in this process.
public enum ThreadPolicy: Sendable, Equatable {
    /// SCHED_OTHER: a thread that wakes may preempt the one running.
    case normal
    /// SCHED_BATCH: a thread that wakes waits for the running one's turn to end (the tick)
    /// instead of preempting it; otherwise scheduled as `normal`. No privilege needed.
    case batch

    var linuxValue: Int32 {
        switch self {
        case .normal: return SCHED_OTHER
        // <bits/sched.h> defines SCHED_BATCH only under _GNU_SOURCE, which Swift's Glibc lacks.
        case .batch: return 3
        }
    }

    private static let all: [ThreadPolicy] = [.normal, .batch]

    /// Sets the policy of every thread of the process (each in /proc/self/task). Threads created
    /// later inherit their creator's. Returns how many threads took it.
    @discardableResult
    public func applyToProcess() -> Int {
        guard let dir = opendir("/proc/self/task") else { return 0 }
        defer { closedir(dir) }
        var param = sched_param(sched_priority: 0)
        var applied = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let tid = Int32(name) else { continue }
            if sched_setscheduler(tid, linuxValue, &param) == 0 { applied += 1 }
        }
        return applied
    }

    /// The calling thread's policy, nil when Linux answers one this type does not name.
    public static var current: ThreadPolicy? {
        let value = sched_getscheduler(0)
        return all.first { $0.linuxValue == value }
    }
}
