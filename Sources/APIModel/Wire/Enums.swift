/// The Live Activity types; `value` arrived with SDK 1.14.0.
public enum ActivityType: String, Sendable, CaseIterable {
    case segmentedProgress = "segmented_progress"
    case progress
    case metrics
    case stats
    case alert
    case timer
    case value
}

/// The accent colors every color field accepts.
public enum LiveColor: String, Sendable, CaseIterable {
    case lime, green, cyan, blue, purple, magenta, red, orange, yellow, gray
}

/// Which call a content state arrives with: the rules differ per phase.
public enum Phase: String, Sendable {
    case start, update, end
}
