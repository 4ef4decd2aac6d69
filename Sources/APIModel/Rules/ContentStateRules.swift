/// The per-type requirements of a content state, as one function per type.
public enum ContentStateRules {
    /// What the store remembers of an activity that the rules need.
    public struct Stored: Sendable {
        public var type: ActivityType
        public var numberOfSteps: Int64?
        /// A timer's window, kept when an update or end omits it.
        public var durationSeconds: JSONValue?
        public var countsDown: Bool?
        public var isRunning: Bool?
        public init(
            type: ActivityType, numberOfSteps: Int64?, durationSeconds: JSONValue? = nil, countsDown: Bool? = nil,
            isRunning: Bool? = nil
        ) {
            self.type = type
            self.numberOfSteps = numberOfSteps
            self.durationSeconds = durationSeconds
            self.countsDown = countsDown
            self.isRunning = isRunning
        }

        /// Whether the stored timer counts down (it has a duration and `counts_down` is not false).
        var countsDownNow: Bool { durationSeconds != nil && countsDown != false }
    }

    /// Type inference: on update and end a missing `type` is the stored one; a different one is refused.
    public static func resolveType(sent: ActivityType?, stored: ActivityType, path: String = "content_state.type") throws(APIError) -> ActivityType {
        guard let sent else { return stored }
        guard sent == stored else {
            throw APIError.invalid("\(path) is \"\(sent.rawValue)\" but this Live Activity is \"\(stored.rawValue)\"; omit type or send the activity's type")
        }
        return sent
    }

    /// Checks `state` against the rules of `type` for `phase`; `stored` is nil on start.
    public static func validate(
        _ state: ContentState, type: ActivityType, phase: Phase, stored: Stored?,
        path: String = "content_state"
    ) throws(APIError) {
        func require(_ present: Bool, _ field: String) throws(APIError) {
            if !present { throw APIError.invalid("\(path).\(field) is required for type \(type.rawValue)") }
        }
        switch type {
        case .segmentedProgress:
            if phase == .start { try require(state.numberOfSteps != nil, "number_of_steps") }
            try require(state.currentStep != nil, "current_step")
            if let current = state.currentStep, let steps = state.numberOfSteps ?? stored?.numberOfSteps, current > steps {
                throw APIError.invalid("\(path).current_step (\(current)) must be less than or equal to number_of_steps (\(steps))")
            }
        case .progress:
            if state.value != nil || state.upperLimit != nil {
                // dependentRequired: value and upper_limit come together.
                try require(state.value != nil, "value")
                try require(state.upperLimit != nil, "upper_limit")
                guard state.value?.isNumber == true else {
                    throw APIError.invalid("\(path).value must be a number for type progress")
                }
            }
            if state.percentage == nil && state.value == nil {
                throw APIError.invalid("\(path).percentage or \(path).value with upper_limit is required for type progress")
            }
        case .metrics, .stats:
            try require(state.metrics != nil, "metrics")
        case .alert:
            try require(state.message != nil, "message")
        case .timer:
            if phase == .start && state.countsDown != false {
                try require(state.durationSeconds != nil, "duration_seconds")
            }
        case .value:
            try require(state.value != nil, "value")
        }
    }

    /// The state to store after a call: what was sent, with the stored number of steps kept when omitted.
    public static func merged(_ state: ContentState, type: ActivityType, stored: Stored?) -> ContentState {
        var out = state
        out.type = type
        if type == .segmentedProgress, out.numberOfSteps == nil { out.numberOfSteps = stored?.numberOfSteps }
        if type == .timer, let stored {
            if out.durationSeconds == nil {
                // Omitting duration_seconds keeps the window, its direction too: the Go SDK sends
                // counts_down: true with every update, which must not turn an open-ended timer
                // into a countdown without a duration.
                out.durationSeconds = stored.durationSeconds
                if out.countsDown == nil || out.countsDown != stored.countsDownNow { out.countsDown = stored.countsDown }
            }
            if out.isRunning == nil { out.isRunning = stored.isRunning }
        }
        return out
    }

    /// A partial state (a stream's final state needs only `title`) laid over the stored one,
    /// member by member, then decoded as `phase` would decode it whole.
    public static func overlay(
        _ sent: ContentState, on stored: JSONValue, phase: Phase,
        path: String = "content_state"
    ) throws(APIError) -> ContentState {
        guard case .object(var base) = stored, case .object(let top) = sent.json else { return sent }
        for member in top.members { base[member.key] = member.value }
        return try ContentState.decode(.object(base), path: path, phase: phase, allowAutoDismiss: true)
    }
}
