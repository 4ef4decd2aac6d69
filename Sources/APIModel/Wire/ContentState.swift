/// A Live Activity's content state as the API accepts it, typed, with numbers kept as sent.
public struct ContentState: Sendable, Equatable {
    public struct Metric: Sendable, Equatable {
        public var label: String
        /// A number ≥ 0 or a 1–64 character string.
        public var value: JSONValue
        public var unit: String?
        public var color: LiveColor?
    }

    public struct Icon: Sendable, Equatable {
        public var symbol: String
        public var color: LiveColor?
    }

    public struct Badge: Sendable, Equatable {
        public var title: String
        public var color: LiveColor?
    }

    public var title: String
    public var subtitle: String?
    public var type: ActivityType?
    public var numberOfSteps: Int64?
    public var currentStep: Int64?
    public var percentage: JSONValue?
    /// For `value`: a string or finite number; for `progress`: a number used with `upperLimit`.
    public var value: JSONValue?
    public var upperLimit: JSONValue?
    public var durationSeconds: JSONValue?
    public var countsDown: Bool?
    public var isRunning: Bool?
    public var metrics: [Metric]?
    public var message: String?
    public var icon: Icon?
    public var badge: Badge?
    public var color: LiveColor?
    public var stepColor: LiveColor?
    public var stepColors: [LiveColor]?
    public var autoDismissMinutes: Int64?
    public var autoDismissSeconds: Int64?

    public init(title: String, type: ActivityType? = nil) {
        self.title = title
        self.type = type
    }

    /// Decodes the shape (types, ranges, enums, unknown keys); per-type rules are `ContentStateRules`.
    /// - Parameter allowAutoDismiss: whether `auto_dismiss_*` may appear (end, and stream calls); default: on end.
    public static func decode(_ json: JSONValue, path: String, phase: Phase, allowAutoDismiss: Bool? = nil) throws(APIError) -> ContentState {
        var r = try ObjectReader(json, path: path)
        var state = ContentState(title: try r.requiredString("title", maxLength: Limits.title))
        state.subtitle = try r.string("subtitle", maxLength: Limits.subtitle)
        state.type = try r.enumeration("type", ActivityType.self, required: phase == .start)
        state.numberOfSteps = try r.int("number_of_steps", min: 1, max: Limits.steps)
        state.currentStep = try r.int("current_step", min: 0)
        state.percentage = try r.number("percentage", min: 0, max: 100)
        if let value = r.raw("value") {
            switch value {
            case .int, .double, .string: state.value = value
            default: throw APIError.invalid("\(r.fieldPath("value")) must be a number or a string, got \(value.typeName)")
            }
            if case .string(let s) = value, s.isEmpty || s.count > Limits.valueText {
                throw APIError.invalid("\(r.fieldPath("value")) must be 1 to \(Limits.valueText) characters")
            }
        }
        state.upperLimit = try r.number("upper_limit", exclusiveMin: 0)
        state.durationSeconds = try r.number("duration_seconds", exclusiveMin: 0)
        state.countsDown = try r.bool("counts_down")
        state.isRunning = try r.bool("is_running")
        if let items = try r.array("metrics", minItems: 1, maxItems: Limits.metricsPerState) {
            state.metrics = try items.enumerated().map { (i, item) throws(APIError) in
                try decodeMetric(item, path: "\(r.fieldPath("metrics"))[\(i)]")
            }
        }
        state.message = try r.string("message", minLength: 1, maxLength: Limits.message)
        if var icon = try r.object("icon") {
            state.icon = Icon(
                symbol: try icon.requiredString("symbol", minLength: 1, maxLength: Limits.iconSymbol),
                color: try icon.enumeration("color", LiveColor.self))
            try icon.finish()
        }
        if var badge = try r.object("badge") {
            state.badge = Badge(
                title: try badge.requiredString("title", minLength: 1, maxLength: Limits.badgeTitle),
                color: try badge.enumeration("color", LiveColor.self))
            try badge.finish()
        }
        state.color = try r.enumeration("color", LiveColor.self)
        state.stepColor = try r.enumeration("step_color", LiveColor.self)
        if let colors = try r.array("step_colors", maxItems: Limits.stepColors) {
            state.stepColors = try colors.enumerated().map { (i, c) throws(APIError) in
                guard case .string(let s) = c, let color = LiveColor(rawValue: s) else {
                    throw APIError.invalid("\(r.fieldPath("step_colors"))[\(i)] must be one of \(LiveColor.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return color
            }
        }
        if allowAutoDismiss ?? (phase == .end) {
            state.autoDismissMinutes = try r.int("auto_dismiss_minutes", min: 0)
            state.autoDismissSeconds = try r.int("auto_dismiss_seconds", min: 0)
        }
        try r.finish()
        return state
    }

    private static func decodeMetric(_ json: JSONValue, path: String) throws(APIError) -> Metric {
        var r = try ObjectReader(json, path: path)
        let label = try r.requiredString("label", minLength: 1, maxLength: Limits.metricLabel)
        let value = try r.requiredRaw("value")
        switch value {
        case .int, .double:
            if value.numberValue! < 0 { throw APIError.invalid("\(path).value must be greater than or equal to 0") }
        case .string(let s):
            if s.isEmpty || s.count > Limits.metricText { throw APIError.invalid("\(path).value must be 1 to \(Limits.metricText) characters") }
        default:
            throw APIError.invalid("\(path).value must be a number or a string, got \(value.typeName)")
        }
        let metric = Metric(
            label: label, value: value, unit: try r.string("unit", maxLength: Limits.metricUnit),
            color: try r.enumeration("color", LiveColor.self))
        try r.finish()
        return metric
    }

    /// The canonical JSON form, in schema order, without absent fields.
    public var json: JSONValue {
        var m: [(String, JSONValue)] = [("title", .string(title))]
        func add(_ key: String, _ value: JSONValue?) { if let value { m.append((key, value)) } }
        add("subtitle", subtitle.map(JSONValue.string))
        add("type", type.map { .string($0.rawValue) })
        add("number_of_steps", numberOfSteps.map(JSONValue.int))
        add("current_step", currentStep.map(JSONValue.int))
        add("percentage", percentage)
        add("value", value)
        add("upper_limit", upperLimit)
        add("duration_seconds", durationSeconds)
        add("counts_down", countsDown.map(JSONValue.bool))
        add("is_running", isRunning.map(JSONValue.bool))
        add("metrics", metrics.map { .array($0.map(\.json)) })
        add("message", message.map(JSONValue.string))
        add("icon", icon.map { .object([("symbol", .string($0.symbol))] + ($0.color.map { [("color", .string($0.rawValue))] } ?? [])) })
        add("badge", badge.map { .object([("title", .string($0.title))] + ($0.color.map { [("color", .string($0.rawValue))] } ?? [])) })
        add("color", color.map { .string($0.rawValue) })
        add("step_color", stepColor.map { .string($0.rawValue) })
        add("step_colors", stepColors.map { .array($0.map { .string($0.rawValue) }) })
        add("auto_dismiss_minutes", autoDismissMinutes.map(JSONValue.int))
        add("auto_dismiss_seconds", autoDismissSeconds.map(JSONValue.int))
        return .object(m)
    }
}

extension ContentState.Metric {
    var json: JSONValue {
        var m = [("label", .string(label)), ("value", value)]
        if let unit { m.append(("unit", .string(unit))) }
        if let color { m.append(("color", .string(color.rawValue))) }
        return .object(m)
    }
}
