/// The bounds the decoders enforce, named once: the published OpenAPI schemas read the same
/// constants, so the document and the validation cannot disagree.
public enum Limits {
    /// Titles and subtitles of content states, alerts and push notifications.
    public static let title = 1024
    public static let subtitle = 1024
    /// Messages of alerts, push notifications and alert banners' bodies.
    public static let message = 4096
    public static let iconSymbol = 128
    public static let badgeTitle = 64
    public static let metricsPerState = 8
    public static let metricLabel = 64
    /// A metric's (and a widget metric's) string value.
    public static let metricText = 64
    public static let metricUnit = 32
    /// A `value` type's string value.
    public static let valueText = 256
    public static let stepColors = 1000
    /// segmented_progress's steps: the dashboard draws each one.
    public static let steps: Int64 = 1000
    public static let actionTitle = 64
    public static let url = 2048
    public static let sound = 256
    public static let pushActions = 4
    public static let badgeCount: Int64 = 2_147_483_647
    public static let activityID = 128
    public static let tags = 20
    public static let tagLength = 64
    public static let metadataEntries = 50
    public static let metadataKey = 100
    public static let metadataText = 4000
    public static let metadataBytes = 16 * 1024
    public static let channelsPerTarget = 100
    public static let channelSlug = 64
    public static let streamKey = 255
    /// `^[A-Za-z0-9_-]{1,255}$`, as `StreamKey.validate` checks byte by byte.
    public static let streamKeyPattern = "^[A-Za-z0-9_-]{1,255}$"
    /// As `MetricValueRequest.validateKey` checks byte by byte.
    public static let metricKeyPattern = "^[a-z0-9][a-z0-9_.-]{0,63}$"
}
