import APIModel
import MockStore

/// Taps and webhook deliveries as the control plane shows them.
enum WebhookJSON {
    /// A tap: what it touched, what the phone did (`kind`, `url`), and its delivery when it called a webhook.
    static func tap(_ tap: TapRecord, called: Bool? = nil, sentTo: String? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("tap_id", .int(tap.id)), ("kind", .string(tap.kind.rawValue)), ("url", .string(tap.url)),
            ("title", .optional(tap.title)), ("device_id", .string(tap.deviceID))
        ]
        if let activity = tap.activityID { m += [("activity_id", .string(activity)), ("button", .optional(tap.button))] }
        if let notification = tap.notificationID {
            m += [("notification_id", .string(notification)), ("action_index", tap.actionIndex.map(JSONValue.int) ?? .null)]
        }
        if let delivery = tap.deliveryID { m.append(("delivery_id", .int(delivery))) }
        if let sentTo { m.append(("sent_to", .string(sentTo))) }
        // A webhook tap with webhooks off: recorded, nothing called.
        if called == false && tap.kind == .webhook { m.append(("called", false)) }
        m.append(("created_at", .time(tap.createdAt)))
        return .object(m)
    }

    static func delivery(_ d: WebhookDeliveryRecord) -> JSONValue {
        var request: [(String, JSONValue)] = [
            ("method", .string(d.method)), ("url", .string(d.url)), ("sent_to", .string(d.sentURL)),
            ("headers", headers(d.requestHeaders)), ("body", d.requestBody.map { .stored($0) } ?? .null)
        ]
        if d.requestBody == nil && d.method == "POST" { request.append(("body_bytes", .int(0))) }
        let response: JSONValue =
            d.status.map { status in
                .object([
                    ("status", .int(status)), ("headers", headers(d.responseHeaders ?? "[]")), ("body", .optional(d.responseBody)),
                    ("truncated", .bool(d.responseTruncated))
                ])
            } ?? .null
        return .object([
            ("id", .int(d.id)), ("tap_id", .int(d.tapID)), ("replay_of", d.replayOf.map(JSONValue.int) ?? .null),
            ("state", .string(d.state.rawValue)), ("device_id", .string(d.deviceID)), ("activity_id", .optional(d.activityID)),
            ("notification_id", .optional(d.notificationID)), ("request", .object(request)), ("response", response),
            ("error", .optional(d.error)), ("error_kind", .optional(d.errorKind)),
            ("duration_ms", d.durationMillis.map { .double(($0 * 10).rounded() / 10) } ?? .null),
            ("created_at", .time(d.createdAt)), ("completed_at", .time(d.completedAt))
        ])
    }

    /// Stored `[[name, value], ...]` as an object; a repeated name's values are joined with ", ".
    static func headers(_ stored: String) -> JSONValue {
        guard case .array(let pairs)? = try? JSONParser.parse(stored) else { return .object([]) }
        var object = JSONObject()
        for case .array(let pair) in pairs where pair.count == 2 {
            guard let name = pair[0].stringValue, let value = pair[1].stringValue else { continue }
            object[name] = .string(object[name]?.stringValue.map { "\($0), \(value)" } ?? value)
        }
        return .object(object)
    }
}
