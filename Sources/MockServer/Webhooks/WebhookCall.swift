import APIModel
import MockStore
import WebhookClient

/// The request a webhook button makes, as the mock plays ActivitySmith's backend: the button's
/// method; for POST its `body` as JSON, or an empty body when it has none; few headers (see
/// docs/mock-choices.md). `--webhook-route` decides where it goes.
enum WebhookCall {
    static let userAgent = "activitysmith-mock/\(MockServer.version) (webhook)"

    /// The planned request for `button`, called at `sentURL`.
    static func request(_ button: StoredButton, sentURL: String) -> OutboundRequest {
        let method: OutboundRequest.Method = button.method == .GET ? .GET : .POST
        return request(method, sentURL, body: method == .POST ? button.body.map { JSONWriter.encode(.object($0)) } : nil)
    }

    /// The one place the headers are chosen: the user agent, and a JSON type only with a body.
    private static func request(_ method: OutboundRequest.Method, _ url: String, body: [UInt8]?) -> OutboundRequest {
        var headers: [(name: String, value: String)] = [("User-Agent", userAgent)]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return OutboundRequest(method: method, url: url, headers: headers, body: body)
    }

    /// A pending delivery row for `request`, sent for tap `tapID` on what `deviceID` received.
    static func record(
        _ request: OutboundRequest, buttonURL: String, deviceID: String, activityID: String?, notificationID: String?, tapID: Int64,
        replayOf: Int64? = nil, now: Int64
    ) -> WebhookDeliveryRecord {
        WebhookDeliveryRecord(
            tapID: tapID, replayOf: replayOf, deviceID: deviceID, activityID: activityID, notificationID: notificationID,
            method: request.method.rawValue, url: buttonURL, sentURL: request.url, requestHeaders: headersJSON(request.headers),
            requestBody: request.body.map { String(decoding: $0, as: UTF8.self) }, createdAt: now)
    }

    /// The request again, from what a delivery row recorded (a replay).
    static func request(replaying d: WebhookDeliveryRecord, routes: [WebhookRoute]) -> OutboundRequest {
        request(d.method == "GET" ? .GET : .POST, WebhookRoute.apply(routes, to: d.url), body: d.requestBody.map { Array($0.utf8) })
    }

    /// How a delivery ended, as the store keeps it.
    static func outcome(_ result: OutboundResult) -> WebhookDeliveryOutcome {
        var o = WebhookDeliveryOutcome(durationMillis: result.durationMillis)
        if !result.sentHeaders.isEmpty { o.requestHeaders = headersJSON(result.sentHeaders) }
        switch result.outcome {
        case .answered(let answer):
            o.status = Int64(answer.status)
            o.responseHeaders = headersJSON(answer.headers)
            o.responseBody = String(decoding: answer.body, as: UTF8.self)
            o.responseTruncated = answer.truncated
        case .failed(let failure):
            o.error = failure.message
            o.errorKind = failure.kind.rawValue
        }
        return o
    }

    /// Headers as stored: `[[name, value], ...]`, in order.
    static func headersJSON(_ headers: [(name: String, value: String)]) -> String {
        JSONWriter.string(.array(headers.map { .array([.string($0.name), .string($0.value)]) }))
    }
}
