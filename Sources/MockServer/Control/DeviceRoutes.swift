import HTTPKit
import APIModel
import MockStore

/// Simulated devices: list, inspect, create, change, delete, and register per-activity tokens.
struct DeviceRoutes {
    let store: Store
    let clock: MockClock

    func register(on routes: ContractRoutes) {
        ControlRoute.add(routes, ControlDocs.listDevices, store: store) { request, db in
            .object([("devices", .array(try db.devices.all(account: request.queryValue("account")).map { DeviceJSON.device($0) }))])
        }
        ControlRoute.add(routes, ControlDocs.getDevice, store: store) { request, db in
            let id = request.parameter("id")
            guard let device = try db.devices.get(id: id) else { throw notFound(id) }
            return DeviceJSON.device(
                device,
                [
                    ("activities", .array(try db.devices.activities(deviceID: id).map(DeviceJSON.activity))),
                    ("notifications", .array(try db.notifications.delivered(deviceID: id).map(DeviceJSON.notification)))
                ])
        }
        ControlRoute.add(routes, ControlDocs.registerToken, store: store) { request, db in
            let id = request.parameter("id"), activity = request.parameter("activity_id")
            guard try db.devices.isTargeted(activityID: activity, deviceID: id) else {
                throw APIError(status: 404, error: "Not Found", message: "Device \(id) is not targeted by activity \(activity)")
            }
            let delivered = try db.activities.registerToken(activityID: activity, deviceID: id, at: clock.nowMillis())
            return .object([
                ("device_id", .string(id)), ("activity_id", .string(activity)),
                ("token_state", .string(TokenState.registered.rawValue)), ("delivered", .int(Int64(delivered)))
            ])
        }
        ControlRoute.add(routes, ControlDocs.changeDevice, store: store) { request, db in
            let id = request.parameter("id")
            var r = try ControlRoute.body(request)
            var patch = DeviceTable.DevicePatch()
            patch.tokenBehavior = try r.enumeration("token", TokenBehavior.self)
            patch.tokenDelayMillis = try r.int("token_delay_ms", min: 0, max: 86_400_000)
            patch.online = try r.bool("online")
            patch.registered = try r.bool("registered")
            patch.name = try r.string("name", maxLength: 128)
            try r.finish()
            guard try db.devices.get(id: id) != nil else { throw notFound(id) }
            try db.devices.update(id: id, patch)
            return DeviceJSON.device(try db.devices.get(id: id)!)
        }
        ControlRoute.add(routes, ControlDocs.createDevice, store: store) { request, db in
            var r = try ControlRoute.body(request)
            let id = try r.requiredString("id", minLength: 1, maxLength: 128)
            let account = try r.requiredString("account", minLength: 1)
            let user = try r.requiredString("user", minLength: 1, maxLength: 128)
            let name = try r.string("name", maxLength: 128)
            let channels = try (r.array("channels") ?? []).map { v throws(APIError) -> String in
                guard case .string(let s) = v, !s.isEmpty else { throw APIError.invalid("channels must be non-empty strings") }
                return s
            }
            let token = try r.enumeration("token", TokenBehavior.self) ?? .immediate
            let delay = try r.int("token_delay_ms", min: 0, max: 86_400_000) ?? 0
            try r.finish()
            guard try db.accounts.exists(account) else {
                throw APIError(status: 404, error: "Not Found", message: "No account \(account)")
            }
            guard try db.devices.get(id: id) == nil else {
                throw APIError(status: 409, error: "Conflict", message: "Device \(id) already exists")
            }
            try db.devices.create(
                DeviceRecord(
                    id: id, accountID: account, userID: user, name: name, channels: channels,
                    tokenBehavior: token, tokenDelayMillis: delay, online: true, registered: true))
            return DeviceJSON.device(try db.devices.get(id: id)!)
        }
        ControlRoute.add(routes, ControlDocs.deleteDevice, store: store) { request, db in
            let id = request.parameter("id")
            guard try db.devices.get(id: id) != nil else { throw notFound(id) }
            // History stays (it is what the device received); the device just stops being targetable.
            try db.devices.delete(id: id)
            return .object([("deleted", .string(id))])
        }
    }

    private func notFound(_ id: String) -> APIError {
        APIError(status: 404, error: "Not Found", message: "No device \(id)")
    }

}
