import APIModel
import MockStore

/// A journal entry as `GET /_mock/requests` lists it (bodies cut to a preview, with a link to
/// the whole entry) and as `GET /_mock/requests/{id}` gives it.
enum JournalJSON {
    static func entry(_ record: JournalRecord) -> JSONValue {
        let e = record.entry
        var members: [(String, JSONValue)] = [
            ("id", .int(record.id)), ("time", .time(e.at)), ("method", .string(e.method)), ("path", .string(e.path)),
            ("status", .int(Int64(e.status))), ("key_id", .optional(e.keyID)), ("activity_id", .optional(e.activityID)),
            // A cut body is no JSON any more: it stays text, marked, with the whole entry's link.
            ("request_body", e.requestBody.isEmpty ? .null : record.requestBodyCut ? .string(e.requestBody) : .stored(e.requestBody)),
            ("response_body", record.responseBodyCut ? .string(e.responseBody) : .stored(e.responseBody)),
            ("duration_ms", .double(Double(e.durationMicros) / 1000))
        ]
        if record.requestBodyCut || record.responseBodyCut {
            members.append(("truncated", .array((record.requestBodyCut ? ["request_body"] : []) + (record.responseBodyCut ? ["response_body"] : []))))
            members.append(("href", .string("/_mock/requests/\(record.id)")))
        }
        if let fault = e.fault { members.append(("fault", .string(fault))) }
        if let tool = e.tool { members.append(("tool", .string(tool))) }
        if let ignored = e.ignored {
            members.append(("ignored_properties", .array(ignored.split(separator: ",").map { .string(String($0)) })))
        }
        return .object(members)
    }
}
