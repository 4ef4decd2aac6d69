import HTTPKit
import APIModel
import Dispatch

/// Records every API request (not the control plane) in SQLite, newest kept up to `retention`.
final class Journal: @unchecked Sendable {
    let store: Store
    let clock: MockClock
    let retention: Int

    init(store: Store, clock: MockClock, retention: Int) {
        self.store = store
        self.clock = clock
        self.retention = retention
    }

    func wrap(_ responder: @escaping Responder) -> Responder {
        { [self] request, respond in
            let started = DispatchTime.now().uptimeNanoseconds
            let at = clock.nowMillis()
            responder(request) { [self] response in
                let micros = Int((DispatchTime.now().uptimeNanoseconds - started) / 1000)
                record(request, response, at: at, micros: micros)
                respond(response)
            }
        }
    }

    private func record(_ request: Request, _ response: Response, at: Int64, micros: Int) {
        let entry = JournalEntry(
            at: at, method: request.method, path: request.path, status: response.dropConnection ? 0 : response.status,
            keyID: Authenticator.presentedKey(request).map(Authenticator.mask), activityID: activityID(request, response),
            requestBody: Self.text(request.body), responseBody: Self.text(response.body), durationMicros: micros,
            fault: response.headers["X-Mock-Fault"])
        _ = try? store.write { try $0.appendJournal(entry, retention: retention) }
    }

    /// The activity a request was about: from its body, else from the answer.
    private func activityID(_ request: Request, _ response: Response) -> String? {
        for body in [request.body, response.body] where !body.isEmpty {
            if case .string(let id)? = (try? JSONParser.parse(body))?["activity_id"] { return id }
        }
        return nil
    }


    /// Bodies are kept as text, capped so a large request cannot bloat the journal.
    static func text(_ bytes: [UInt8]) -> String {
        let capped = bytes.count > 65_536 ? Array(bytes[0..<65_536]) : bytes
        return String(decoding: capped, as: UTF8.self)
    }
}
