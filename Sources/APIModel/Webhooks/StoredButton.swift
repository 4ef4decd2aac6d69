/// A button as a device received it (a Live Activity's `action` or a push notification's
/// `actions[i]`), read back from the stored payload. The payload was validated on the way in, so
/// this only reads; a member it cannot read makes it nil.
public struct StoredButton: Sendable, Equatable {
    public var title: String
    public var kind: LiveActivityAction.Kind
    public var url: String
    /// `POST` when the button named none.
    public var method: LiveActivityAction.Method
    public var body: JSONObject?

    public init?(_ json: JSONValue) {
        guard let title = json["title"]?.stringValue, let type = json["type"]?.stringValue,
            let kind = LiveActivityAction.Kind(rawValue: type), let url = json["url"]?.stringValue
        else { return nil }
        self.title = title
        self.kind = kind
        self.url = url
        method = json["method"]?.stringValue.flatMap(LiveActivityAction.Method.init(rawValue:)) ?? .POST
        body = json["body"]?.objectValue
    }
}
