import Glibc

/// CPU time so far, from /proc: the whole machine's (busy and total) and this process's own,
/// in clock ticks. Two samples tell how busy the other processes kept the CPUs in between.
struct CPUSample: Equatable {
    var machineBusy: UInt64
    var machineTotal: UInt64
    var own: UInt64

    /// Cores' worth of CPU that other processes used between `earlier` and `self` (0 when the
    /// interval is empty).
    func othersCores(since earlier: CPUSample, cores: Int) -> Double {
        guard machineTotal > earlier.machineTotal else { return 0 }
        let busy = Double(machineBusy &- earlier.machineBusy)
        let own = Double(own &- earlier.own)
        let total = Double(machineTotal - earlier.machineTotal)
        return max(0, busy - own) * Double(cores) / total
    }

    /// Now, or nil when /proc cannot be read.
    static func read() -> CPUSample? {
        guard let stat = firstLine(of: "/proc/stat"), let mine = firstLine(of: "/proc/self/stat") else { return nil }
        return parse(stat: stat, selfStat: mine)
    }

    /// `stat`: the first line of /proc/stat (`cpu user nice system idle iowait irq softirq steal …`);
    /// `selfStat`: /proc/self/stat, whose 14th and 15th fields are utime and stime.
    static func parse(stat: String, selfStat: String) -> CPUSample? {
        let fields = stat.split(separator: " ").dropFirst().prefix(8).compactMap { UInt64($0) }
        guard stat.hasPrefix("cpu "), fields.count == 8 else { return nil }
        let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
        let total = fields.reduce(0, +)
        // The command name may hold spaces and parentheses: count fields after the last ')'.
        guard let close = selfStat.lastIndex(of: ")") else { return nil }
        let after = selfStat[selfStat.index(after: close)...].split(separator: " ")
        guard after.count > 12, let utime = UInt64(after[11]), let stime = UInt64(after[12]) else { return nil }
        return CPUSample(machineBusy: busy, machineTotal: total, own: utime + stime)
    }

    private static func firstLine(of path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
