/// The content state's schema per call, from the same bounds `ContentState.decode` checks.
/// Per-type requirements (an alert needs `message`, ...) are `ContentStateRules`: prose here,
/// because on update and end the type is the stored one, which no schema can see.
public enum ContentStateSchemas {
    /// Which call a schema is for: start (type required), update, end, or a stream's PUT/DELETE.
    public enum Variant: String, CaseIterable, Sendable {
        case start = "ContentStateStart"
        case update = "ContentStateUpdate"
        case end = "ContentStateEnd"
        case stream = "StreamContentState"
    }

    static let typeRules = """
        What each type needs: segmented_progress: number_of_steps (on start) and current_step ≤ number_of_steps; \
        progress: percentage, or value with upper_limit; metrics and stats: metrics; alert: message; \
        timer: duration_seconds on start unless counts_down is false; value: value.
        """

    public static func schema(_ variant: Variant) -> JSONValue {
        let color = Schema.ref("LiveActivityColor")
        var properties: [(String, JSONValue)] = [
            ("title", Schema.string("The headline shown on the Lock Screen.", maxLength: Limits.title)),
            ("subtitle", Schema.string("A second line under the title.", maxLength: Limits.subtitle)),
            (
                "type",
                Schema.describe(
                    Schema.ref("LiveActivityType"),
                    variant == .start
                        ? "The layout. Required on start."
                        : "The layout. May be omitted: the activity's stored type is used; a different one is refused.")
            ),
            ("number_of_steps", Schema.integer("segmented_progress: how many steps. Kept from earlier calls when omitted.", minimum: 1, maximum: Limits.steps)),
            ("current_step", Schema.integer("segmented_progress: the step reached.", minimum: 0)),
            ("percentage", Schema.number("progress: 0 to 100.", minimum: 0, maximum: 100)),
            (
                "value",
                Schema.oneOf(
                    [Schema.number(), Schema.string(minLength: 1, maxLength: Limits.valueText)],
                    "value: the figure shown (a number or a short text); progress: the amount done out of upper_limit (a number).")
            ),
            ("upper_limit", Schema.number("progress: the amount that counts as done, with value.", exclusiveMinimum: 0)),
            (
                "duration_seconds",
                Schema.number(
                    "timer: the countdown's length. Omitted on update: the running window is kept; sent: the window restarts now.", exclusiveMinimum: 0)
            ),
            ("counts_down", Schema.boolean("timer: false counts up from the start.")),
            ("is_running", Schema.boolean("timer: false pauses the window, true resumes it.")),
            (
                "metrics",
                Schema.array(
                    Schema.ref("ActivityMetric"), "metrics and stats: the figures shown.",
                    minItems: 1, maxItems: Limits.metricsPerState)
            ),
            ("message", Schema.string("alert: the text shown.", minLength: 1, maxLength: Limits.message)),
            ("icon", Schema.ref("LiveActivityAlertIcon")),
            ("badge", Schema.ref("LiveActivityAlertBadge")),
            ("color", Schema.describe(color, "The accent color.")),
            ("step_color", Schema.describe(color, "segmented_progress: the color of completed steps.")),
            ("step_colors", Schema.array(color, "segmented_progress: one color per step.", maxItems: Limits.stepColors))
        ]
        if variant == .end || variant == .stream {
            properties.append(("auto_dismiss_minutes", Schema.integer("Minutes the ended activity stays on the Lock Screen (0: removed at once).", minimum: 0)))
            properties.append(("auto_dismiss_seconds", Schema.integer("Seconds the ended activity stays on the Lock Screen; wins over minutes.", minimum: 0)))
        }
        let summary: String
        switch variant {
        case .start: summary = "A new Live Activity's content."
        case .update: summary = "An update's content; the type is inferred from the activity when omitted."
        case .end: summary = "The final content of an ending Live Activity."
        case .stream:
            summary =
                "A stream's content: a start when no activity is live for the key, otherwise an update. On DELETE, a partial final state laid over the stored one."
        }
        return Schema.object(
            properties, required: variant == .start ? ["title", "type"] : ["title"], nullOptional: true,
            summary + " " + typeRules)
    }

    /// The components a content state refers to.
    public static var parts: [(String, JSONValue)] {
        [
            ("LiveActivityType", Schema.enumeration(ActivityType.self, "The layout of a Live Activity.")),
            ("LiveActivityColor", Schema.enumeration(LiveColor.self, "An accent color.")),
            (
                "ActivityMetric",
                Schema.object(
                    [
                        ("label", Schema.string("What the figure is.", minLength: 1, maxLength: Limits.metricLabel)),
                        (
                            "value",
                            Schema.oneOf(
                                [Schema.number(minimum: 0), Schema.string(minLength: 1, maxLength: Limits.metricText)],
                                "A number ≥ 0 or a short text.")
                        ),
                        ("unit", Schema.string("Shown after the value.", maxLength: Limits.metricUnit)),
                        ("color", Schema.ref("LiveActivityColor"))
                    ], required: ["label", "value"], nullOptional: true, "One figure of a metrics or stats activity.")
            ),
            (
                "LiveActivityAlertIcon",
                Schema.object(
                    [
                        ("symbol", Schema.string("An SF Symbol name.", minLength: 1, maxLength: Limits.iconSymbol)),
                        ("color", Schema.ref("LiveActivityColor"))
                    ], required: ["symbol"], nullOptional: true, "The icon of an alert.")
            ),
            (
                "LiveActivityAlertBadge",
                Schema.object(
                    [
                        ("title", Schema.string("The badge's text.", minLength: 1, maxLength: Limits.badgeTitle)),
                        ("color", Schema.ref("LiveActivityColor"))
                    ], required: ["title"], nullOptional: true, "A short label beside an alert.")
            )
        ]
    }
}
