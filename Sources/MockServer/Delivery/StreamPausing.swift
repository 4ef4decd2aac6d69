import APIModel
import MockStore

/// Pausing a stream ends its current activity as a DELETE would, and makes later PUTs answer
/// `operation: "paused"` until it is resumed: one state, reached from the control plane and
/// from the MCP tools alike.
enum StreamPausing {
    static func set(_ db: Database, account: String, streamKey: String, paused: Bool, now: Int64) throws -> JSONValue {
        var ended: (id: String, counts: (Int, Int))?
        if paused, let current = try db.streams.latestActivity(account: account, streamKey: streamKey), current.isActive {
            ended = (current.id, try ActivityLifecycle.endAsIs(db, activity: current, now: now))
        }
        let changed = try db.streams.setPaused(account: account, streamKey: streamKey, paused: paused, now: now)
        var members: [(String, JSONValue)] = [
            ("stream_key", .string(streamKey)), ("account", .string(account)),
            ("paused", .bool(paused)), ("changed", .bool(changed))
        ]
        if paused {
            members += [
                ("ended_activity_id", ended.map { .string($0.id) } ?? .null),
                ("devices_notified", .int(Int64(ended?.counts.0 ?? 0))),
                ("devices_queued", .int(Int64(ended?.counts.1 ?? 0)))
            ]
        }
        return .object(members)
    }
}
