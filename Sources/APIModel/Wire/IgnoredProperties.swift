/// What released official clients send that production accepts and ignores.
///
/// The GitHub Action (1.1.0, `@v1`) sets `activity_id` from its `live-activity-id` input on every
/// body it sends, `""` when the input is not given, and its README shows start, stream and push
/// calls working against production that way (docs/mock-choices.md).
public enum IgnoredProperties {
    /// On start, stream PUT and DELETE, and push send.
    public static let names = ["activity_id"]

    /// Reads and drops them (strings or null only); returns the names present.
    public static func read(_ reader: inout ObjectReader) throws(APIError) -> [String] {
        var present: [String] = []
        for name in names where try reader.ignoredString(name) { present.append(name) }
        return present
    }
}
