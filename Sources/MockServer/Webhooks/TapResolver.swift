import APIModel
import MockStore

/// What a tap touches: something the device received, as that device received it. Every refusal
/// says which part failed: the device, the thing, whether the device got it, the button.
enum TapResolver {
    /// The stored tap (without its id) and, for a webhook, the button to call.
    struct Resolution {
        var tap: TapRecord
        var webhook: StoredButton?
    }

    static func resolve(_ request: TapRequest, _ db: Database, now: Int64) throws -> Resolution {
        let device = request.deviceID
        guard try db.devices.get(id: device) != nil else { throw notFound("No device \(device)") }
        switch request.target {
        case .activity(let id, let button):
            guard try db.activities.get(id: id) != nil else { throw notFound("No activity \(id)") }
            guard let received = try db.taps.receivedActivity(activityID: id, deviceID: device) else {
                throw conflict("Device \(device) never received activity \(id): only a device the activity targeted can tap it")
            }
            if received.status == .ended, let dismissAt = received.dismissAt, dismissAt <= now {
                throw conflict(
                    "Activity \(id) left \(device)'s Lock Screen at \(Timestamp.iso8601(millis: dismissAt)) (auto_dismiss); its buttons are gone")
            }
            let stored = button == .action ? received.action : received.secondaryAction
            guard let stored, let json = try? JSONParser.parse(stored), let found = StoredButton(json) else {
                throw unprocessable("Activity \(id) as device \(device) shows it has no \(button.rawValue) button")
            }
            let tap = TapRecord(
                deviceID: device, activityID: id, button: button.rawValue, kind: found.kind == .webhook ? .webhook : .openURL,
                title: found.title, url: found.url, createdAt: now)
            return Resolution(tap: tap, webhook: found.kind == .webhook ? found : nil)
        case .notification(let id, let index):
            guard try db.notifications.get(id: id) != nil else { throw notFound("No push notification \(id)") }
            guard let text = try db.taps.receivedNotification(id: id, deviceID: device), let payload = try? JSONParser.parse(text) else {
                throw conflict("Device \(device) never received push notification \(id)")
            }
            guard let index else {
                guard let url = payload["redirection"]?.stringValue else {
                    throw unprocessable(
                        "Push notification \(id) has no redirection: tapping it opens the app, which the mock does not simulate; tap an action with action_index"
                    )
                }
                return Resolution(
                    tap: TapRecord(
                        deviceID: device, notificationID: id, kind: .redirection, title: payload["title"]?.stringValue, url: url,
                        createdAt: now),
                    webhook: nil)
            }
            let actions: [JSONValue]
            if case .array(let list)? = payload["actions"] { actions = list } else { actions = [] }
            guard index < actions.count, let found = StoredButton(actions[index]) else {
                throw unprocessable(
                    actions.isEmpty
                        ? "Push notification \(id) has no actions; got action_index \(index)"
                        : "Push notification \(id) has \(actions.count) action\(actions.count == 1 ? "" : "s") (action_index 0...\(actions.count - 1)); got \(index)"
                )
            }
            return Resolution(
                tap: TapRecord(
                    deviceID: device, notificationID: id, actionIndex: Int64(index), kind: found.kind == .webhook ? .webhook : .openURL,
                    title: found.title, url: found.url, createdAt: now),
                webhook: found.kind == .webhook ? found : nil)
        }
    }

    private static func notFound(_ message: String) -> APIError { APIError(status: 404, error: "Not Found", message: message) }
    private static func conflict(_ message: String) -> APIError { APIError(status: 409, error: "Conflict", message: message) }
    private static func unprocessable(_ message: String) -> APIError {
        APIError(status: 422, error: "Unprocessable Entity", message: message)
    }
}
