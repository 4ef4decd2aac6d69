/// `POST /_mock/taps`: a simulated person taps something a device received. Exactly one of
/// `activity_id` (with `button`) and `notification_id` (with an optional `action_index`).
public struct TapRequest: Sendable, Equatable {
    /// A Live Activity's two buttons.
    public enum Button: String, Sendable, CaseIterable {
        case action
        case secondaryAction = "secondary_action"
    }

    public enum Target: Sendable, Equatable {
        case activity(id: String, button: Button)
        /// The notification itself (`actionIndex` nil: it opens `redirection`), or one of its `actions`.
        case notification(id: String, actionIndex: Int?)
    }

    public var deviceID: String
    public var target: Target

    public init(deviceID: String, target: Target) {
        self.deviceID = deviceID
        self.target = target
    }

    public static func decode(_ body: [UInt8]) throws(APIError) -> TapRequest {
        var r = try ObjectReader(try CommonFields.parseBody(body), path: "")
        let device = try r.requiredString("device_id", minLength: 1, maxLength: 128)
        let activity = try r.string("activity_id", minLength: 1, maxLength: Limits.activityID)
        let notification = try r.string("notification_id", minLength: 1, maxLength: Limits.activityID)
        let button = try r.enumeration("button", Button.self)
        let index = try r.int("action_index", min: 0, max: Int64(Limits.pushActions - 1))
        try r.finish()
        switch (activity, notification) {
        case (let id?, nil):
            guard index == nil else { throw APIError.invalid("action_index goes with notification_id; an activity's buttons are named by button") }
            guard let button else { throw APIError.invalid("button is required with activity_id: action or secondary_action") }
            return TapRequest(deviceID: device, target: .activity(id: id, button: button))
        case (nil, let id?):
            guard button == nil else { throw APIError.invalid("button goes with activity_id; a notification's actions are named by action_index") }
            return TapRequest(deviceID: device, target: .notification(id: id, actionIndex: index.map { Int($0) }))
        case (nil, nil):
            throw APIError.invalid("activity_id or notification_id is required: what was tapped")
        case (_?, _?):
            throw APIError.invalid("activity_id and notification_id cannot be combined: one tap touches one thing")
        }
    }
}
