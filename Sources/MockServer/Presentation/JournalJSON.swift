import APIModel
import MockStore

/// A journal entry as `GET /_mock/requests` lists it.
enum JournalJSON {
    static func entry(_ record: JournalRecord) -> JSONValue {
        let e = record.entry
        var members: [(String, JSONValue)] = [
            ("id", .int(record.id)), ("time", .time(e.at)), ("method", .string(e.method)), ("path", .string(e.path)),
            ("status", .int(Int64(e.status))), ("key_id", .optional(e.keyID)), ("activity_id", .optional(e.activityID)),
            ("request_body", e.requestBody.isEmpty ? .null : .stored(e.requestBody)), ("response_body", .stored(e.responseBody)),
            ("duration_ms", .double(Double(e.durationMicros) / 1000)),
        ]
        if let fault = e.fault { members.append(("fault", .string(fault))) }
        if let tool = e.tool { members.append(("tool", .string(tool))) }
        if let ignored = e.ignored {
            members.append(("ignored_properties", .array(ignored.split(separator: ",").map { .string(String($0)) })))
        }
        return .object(members)
    }
}
