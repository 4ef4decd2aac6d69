import XCTest
import TestSupport
import Dispatch
@testable import HTTPKit

/// Starts an HTTPServer on 127.0.0.1:0 with a few demo routes; stopped by `stop()`.
final class ServerFixture: @unchecked Sendable {
    let server: HTTPServer
    var port: Int { server.port }
    let handled = Counter()

    init(configure: (inout ServerConfiguration) -> Void = { _ in }, host: String = "127.0.0.1") throws {
        var config = ServerConfiguration(host: host, port: 0)
        config.idleTimeout = .seconds(5)
        configure(&config)
        let builder = RouterBuilder()
        let router = builder.group(mounts: ["", "/api"])
        let handled = self.handled
        router.add("GET", "/hello/:name") { request in
            handled.increment()
            return Response.text(200, "hello \(request.parameters["name"] ?? "")")
        }
        router.add("POST", "/echo") { request in
            handled.increment()
            return Response(status: 200, body: request.body)
        }
        router.add("POST", "/secret") { request in
            handled.increment()
            guard request.headers["Authorization"] == "Bearer ok" else {
                return Response.jsonError(401, error: "Unauthorized", message: "no")
            }
            return Response.text(200, "secret")
        }
        // Answered on the connection's queue before the responder returns, as the mock's API is.
        router.addAsync("GET", "/inline/:name") { request, respond in
            handled.increment()
            respond(Response.text(200, "inline \(request.parameters["name"] ?? "")"))
        }
        router.addAsync("GET", "/slow/:ms") { request, respond in
            handled.increment()
            let ms = Int(request.parameters["ms"] ?? "0") ?? 0
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                respond(Response.text(200, "slept \(ms)"))
            }
        }
        server = HTTPServer(configuration: config, responder: try builder.buildResponder().responder)
        try server.start()
    }

    func stop() { server.shutdown(timeout: .seconds(2)) }
}
