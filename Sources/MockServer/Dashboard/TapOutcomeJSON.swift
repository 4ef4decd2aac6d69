import APIModel
import MockStore

/// A tap as a simulated phone shows it after the press: what was pressed and what came of it,
/// in one line ("Send: answered 200 in 12 ms", "Send: failed: connection refused by …").
enum TapOutcomeJSON {
    static func json(_ o: TapTable.TapOutcome) -> JSONValue {
        let t = o.tap
        var m: [(String, JSONValue)] = [
            ("tap_id", .int(t.id)), ("kind", .string(t.kind.rawValue)), ("title", .optional(t.title)),
            ("activity_id", .optional(t.activityID)), ("button", .optional(t.button)), ("notification_id", .optional(t.notificationID)),
            ("action_index", t.actionIndex.map(JSONValue.int) ?? .null), ("state", .optional(o.state?.rawValue)),
            ("outcome", .string(text(o)))
        ]
        if let id = t.deliveryID { m.append(("delivery_id", .int(id))) }
        return .object(m)
    }

    static func text(_ o: TapTable.TapOutcome) -> String {
        let what = o.tap.title ?? (o.tap.kind == .redirection ? "Notification" : "Button")
        switch (o.tap.kind, o.state) {
        case (.webhook, nil): return "\(what): recorded, nothing called (webhooks off)"
        case (.webhook, .pending?): return "\(what): sending…"
        case (.webhook, .delivered?):
            let ms = o.durationMillis.map { " in \(Int($0.rounded())) ms" } ?? ""
            return "\(what): sent, answered \(o.status.map(String.init) ?? "?")\(ms)"
        case (.webhook, .failed?): return "\(what): failed: \(o.error ?? "no answer")"
        case (.openURL, _), (.redirection, _): return "\(what): opened \(o.tap.url)"
        }
    }
}
