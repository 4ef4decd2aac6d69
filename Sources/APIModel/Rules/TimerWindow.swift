/// A timer activity's window, in milliseconds of the mock's clock: when it started, when a
/// countdown ends (nil: open-ended, it counts up) and when it was frozen (nil: running).
///
/// The docs' rules: a start sets the window; an update without `duration_seconds` keeps it, one
/// with it resets it from now; `is_running: false` freezes it, `true` resumes it with the end
/// moved by the time spent paused; an end freezes the latest state. Devices get the window with
/// every change, so each shows the same remaining time.
public struct TimerWindow: Sendable, Equatable {
    public var startedAt: Int64
    public var endsAt: Int64?
    public var pausedAt: Int64?

    public init(startedAt: Int64, endsAt: Int64? = nil, pausedAt: Int64? = nil) {
        self.startedAt = startedAt
        self.endsAt = endsAt
        self.pausedAt = pausedAt
    }

    /// The window a start (or a reset with `duration_seconds`) opens at `now`.
    public static func opening(_ state: ContentState, now: Int64) -> TimerWindow {
        var window = TimerWindow(startedAt: now)
        if state.countsDown != false, let seconds = state.durationSeconds?.numberValue {
            window.endsAt = Timestamp.adding(seconds: seconds, to: now)
        }
        if state.isRunning == false { window.pausedAt = now }
        return window
    }

    /// The window after an update or end that sent `sent` (as sent, before merging).
    /// A reset keeps a frozen timer frozen unless `is_running` says otherwise.
    public func next(_ sent: ContentState, phase: Phase, now: Int64) -> TimerWindow {
        var window = self
        if sent.durationSeconds != nil {
            window = .opening(sent, now: now)
            if sent.isRunning == nil, pausedAt != nil { window.pausedAt = now }
        } else if sent.isRunning == false, pausedAt == nil {
            window.pausedAt = now
        } else if sent.isRunning == true, let paused = pausedAt {
            let pause = max(0, now - paused)
            window.startedAt += pause
            window.endsAt = endsAt.map { min($0 + pause, Timestamp.latestMillis) }
            window.pausedAt = nil
        }
        if phase == .end, window.pausedAt == nil { window.pausedAt = now }
        return window
    }

    /// Milliseconds left of a countdown at `now` (never below 0); nil when open-ended.
    public func remainingMillis(at now: Int64) -> Int64? {
        endsAt.map { max(0, $0 - (pausedAt ?? now)) }
    }

    /// Milliseconds counted since the start at `now`, less the time spent paused.
    public func elapsedMillis(at now: Int64) -> Int64 {
        max(0, (pausedAt ?? now) - startedAt)
    }

    /// `{"started_at","ends_at","paused_at"}` as ISO 8601 (null where absent): what devices receive.
    public var json: JSONValue {
        func time(_ ms: Int64?) -> JSONValue { ms.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null }
        return .object([
            ("started_at", time(startedAt)), ("ends_at", time(endsAt)),
            ("paused_at", time(pausedAt))
        ])
    }

    /// The window as seen at `now`: `json` plus `remaining_seconds` (countdown) or `elapsed_seconds`.
    public func json(at now: Int64) -> JSONValue {
        guard case .object(var object) = json else { return json }
        if let remaining = remainingMillis(at: now) {
            object["remaining_seconds"] = Self.seconds(remaining)
        } else {
            object["elapsed_seconds"] = Self.seconds(elapsedMillis(at: now))
        }
        return .object(object)
    }

    /// Whole seconds as an integer, fractions as a float with millisecond precision.
    private static func seconds(_ millis: Int64) -> JSONValue {
        millis % 1000 == 0 ? .int(millis / 1000) : .double(Double(millis) / 1000)
    }
}
