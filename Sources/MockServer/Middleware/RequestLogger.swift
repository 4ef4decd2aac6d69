import HTTPKit
import APIModel
import Dispatch

/// One log line per request, with the presented key masked: `POST /api/live-activity/update 200 112B 0.41ms key=ask_…789`.
enum RequestLogger {
    /// The pipeline step that writes the line once the answer is known.
    static func middleware(_ log: @escaping @Sendable (String) -> Void) -> Middleware {
        Middleware { request, next, respond in
            let started = DispatchTime.now().uptimeNanoseconds
            next(request) { response in
                let micros = Double(DispatchTime.now().uptimeNanoseconds - started) / 1000
                var line = "\(request.method) \(request.path) \(response.status) \(response.body.count)B "
                line += String(Double(Int(micros / 10)) / 100) + "ms"
                if let key = Authenticator.presentedKey(request) { line += " key=\(Authenticator.mask(key))" }
                log(line)
                respond(response)
            }
        }
    }
}
