import APIModel

/// One webhook call the mock made (or is making) for a tap, as stored.
package struct WebhookDeliveryRecord: Sendable {
    package enum State: String, Sendable, CaseIterable {
        /// Queued or in flight.
        case pending
        /// The receiver answered (any status).
        case delivered
        /// No answer; `error` says why.
        case failed
    }

    package var id: Int64 = 0
    package var tapID: Int64
    package var replayOf: Int64?
    package var deviceID: String
    package var activityID: String?
    package var notificationID: String?
    package var state: State = .pending
    package var method: String
    /// The button's URL.
    package var url: String
    /// Where the call went after `--webhook-route`.
    package var sentURL: String
    /// JSON: `[[name, value], ...]`, as planned, then as curl sent them.
    package var requestHeaders: String
    package var requestBody: String?
    package var status: Int64?
    package var responseHeaders: String?
    package var responseBody: String?
    package var responseTruncated = false
    package var durationMillis: Double?
    package var error: String?
    package var errorKind: String?
    package var createdAt: Int64
    package var completedAt: Int64?

    package init(
        tapID: Int64, replayOf: Int64? = nil, deviceID: String, activityID: String?, notificationID: String?, method: String,
        url: String, sentURL: String, requestHeaders: String, requestBody: String?, createdAt: Int64
    ) {
        self.tapID = tapID
        self.replayOf = replayOf
        self.deviceID = deviceID
        self.activityID = activityID
        self.notificationID = notificationID
        self.method = method
        self.url = url
        self.sentURL = sentURL
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.createdAt = createdAt
    }
}

/// How a delivery ended: an answer or a failure, with the request's headers as sent.
package struct WebhookDeliveryOutcome: Sendable {
    package var requestHeaders: String?
    package var status: Int64?
    package var responseHeaders: String?
    package var responseBody: String?
    package var responseTruncated = false
    package var durationMillis: Double
    package var error: String?
    package var errorKind: String?

    package init(durationMillis: Double) { self.durationMillis = durationMillis }

    package var state: WebhookDeliveryRecord.State { status == nil ? .failed : .delivered }
}

/// The webhook deliveries table: pending, then completed once with an answer or a failure.
package struct DeliveryTable {
    let db: Database

    /// Stores a pending delivery; returns its id.
    package func insert(_ d: WebhookDeliveryRecord) throws -> Int64 {
        try db.run(
            """
            INSERT INTO webhook_deliveries (tap_id, replay_of, device_id, activity_id, notification_id, state, method, url, sent_url,
                request_headers, request_body, created_at)
            VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)
            """, .int(d.tapID), .optional(d.replayOf), .text(d.deviceID), .optional(d.activityID), .optional(d.notificationID),
            .text(d.method), .text(d.url), .text(d.sentURL), .text(d.requestHeaders), .optional(d.requestBody), .int(d.createdAt))
        return db.lastInsertRowID
    }

    /// Records how a pending delivery ended; false when it is no longer pending (or gone: a reset).
    @discardableResult
    package func complete(id: Int64, _ o: WebhookDeliveryOutcome, at now: Int64) throws -> Bool {
        try db.run(
            """
            UPDATE webhook_deliveries SET state = ?, request_headers = COALESCE(?, request_headers), status = ?, response_headers = ?,
                response_body = ?, response_truncated = ?, duration_ms = ?, error = ?, error_kind = ?, completed_at = ?
            WHERE id = ? AND state = 'pending'
            """, .text(o.state.rawValue), .optional(o.requestHeaders), .optional(o.status), .optional(o.responseHeaders),
            .optional(o.responseBody), .int(o.responseTruncated ? 1 : 0), .double(o.durationMillis), .optional(o.error),
            .optional(o.errorKind), .int(now), .int(id))
        return db.changes == 1
    }

    /// Every delivery still pending fails with `reason`: at start, those a stop or a kill left
    /// in flight. None is ever sent again by itself.
    package func failPending(reason: String, at now: Int64) throws -> Int {
        try db.run(
            "UPDATE webhook_deliveries SET state = 'failed', error = ?, error_kind = 'interrupted', completed_at = ? WHERE state = 'pending'",
            .text(reason), .int(now))
        return db.changes
    }

    package struct DeliveryFilter: Sendable {
        package var activityID: String?
        package var notificationID: String?
        package var deviceID: String?
        package var tapID: Int64?
        package var state: WebhookDeliveryRecord.State?
        package var before: Int64?
        package var limit = 100
        package init() {}
    }

    private enum DeliveryColumn: String, ColumnSet {
        case id
        case tapID = "tap_id"
        case replayOf = "replay_of"
        case deviceID = "device_id"
        case activityID = "activity_id"
        case notificationID = "notification_id"
        case state, method, url
        case sentURL = "sent_url"
        case requestHeaders = "request_headers"
        case requestBody = "request_body"
        case status
        case responseHeaders = "response_headers"
        case responseBody = "response_body"
        case responseTruncated = "response_truncated"
        case durationMillis = "duration_ms"
        case error
        case errorKind = "error_kind"
        case createdAt = "created_at"
        case completedAt = "completed_at"
    }

    /// Newest first, each filter optional.
    package func list(_ f: DeliveryFilter) throws -> [WebhookDeliveryRecord] {
        try db.query(
            """
            SELECT \(DeliveryColumn.list) FROM webhook_deliveries
            WHERE (?1 IS NULL OR activity_id = ?1) AND (?2 IS NULL OR notification_id = ?2) AND (?3 IS NULL OR device_id = ?3)
              AND (?4 IS NULL OR state = ?4) AND (?5 IS NULL OR id < ?5) AND (?7 IS NULL OR tap_id = ?7)
            ORDER BY id DESC LIMIT ?6
            """, .optional(f.activityID), .optional(f.notificationID), .optional(f.deviceID), .optional(f.state?.rawValue),
            .optional(f.before), .int(Int64(f.limit)), .optional(f.tapID), map: Self.delivery)
    }

    package func get(id: Int64) throws -> WebhookDeliveryRecord? {
        try db.query("SELECT \(DeliveryColumn.list) FROM webhook_deliveries WHERE id = ?", .int(id), map: Self.delivery).first
    }

    private static func delivery(_ row: Row) throws -> WebhookDeliveryRecord {
        typealias C = DeliveryColumn
        var d = WebhookDeliveryRecord(
            tapID: row.int(C.tapID), replayOf: row.optionalInt(C.replayOf), deviceID: row.text(C.deviceID),
            activityID: row.optionalText(C.activityID), notificationID: row.optionalText(C.notificationID), method: row.text(C.method),
            url: row.text(C.url), sentURL: row.text(C.sentURL), requestHeaders: row.text(C.requestHeaders),
            requestBody: row.optionalText(C.requestBody), createdAt: row.int(C.createdAt))
        d.id = row.int(C.id)
        d.state = try row.known(C.state, WebhookDeliveryRecord.State.self)
        d.status = row.optionalInt(C.status)
        d.responseHeaders = row.optionalText(C.responseHeaders)
        d.responseBody = row.optionalText(C.responseBody)
        d.responseTruncated = row.bool(C.responseTruncated)
        d.durationMillis = row.optionalDouble(C.durationMillis)
        d.error = row.optionalText(C.error)
        d.errorKind = row.optionalText(C.errorKind)
        d.completedAt = row.optionalInt(C.completedAt)
        return d
    }
}
