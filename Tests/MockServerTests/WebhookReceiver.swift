import Foundation
import Dispatch
import Glibc
import HTTPKit
import HTTPKitTLS
import Locking

/// A webhook receiver on 127.0.0.1 for the tests: records every request and answers by path:
/// `/status/N` with N, `/redirect` 302, `/slow/MS` after MS ms, `/big` 200 KiB, anything else 200
/// `{"received":true}`. With `tls`, HTTPS only, on a certificate of its own test CA.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let method: String
        let target: String
        let headers: [String: String]
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let server: HTTPServer
    /// The CA that signed an HTTPS receiver's certificate, as a PEM file.
    let caFile: String?
    private let received = Locked<[Received]>([])

    init(tls: Bool = false) throws {
        var config = ServerConfiguration(host: "127.0.0.1", port: 0)
        if tls {
            let ca = try CertificateAuthority.makeCA(commonName: "webhook test CA")
            let identity = try CertificateAuthority.makeServerCertificate(names: ["localhost", "127.0.0.1"], signedBy: ca)
            let file = NSTemporaryDirectory() + "webhook-ca-\(UUID().uuidString).pem"
            try ca.certificate.write(toFile: file, atomically: true, encoding: .utf8)
            caFile = file
            config.listeners = [Listener(host: "127.0.0.1", port: 0, transport: try TLSTransportFactory(identity: identity))]
        } else {
            caFile = nil
        }
        let builder = RouterBuilder()
        let received = self.received
        // Any path of one to five segments: the answer is chosen by path below.
        let patterns = (1...5).map { n in (1...n).map { "/:s\($0)" }.joined() }
        for method in [Method.get, .post] {
            for pattern in patterns {
                builder.addAsync(method, pattern) { request, respond in
                    var headers: [String: String] = [:]
                    for field in request.headers.fields { headers[field.lowercasedName] = field.value }
                    received.withLock {
                        $0.append(Received(method: request.method.rawValue, target: request.target, headers: headers, body: request.body))
                    }
                    Self.answer(request.path, respond)
                }
            }
        }
        server = HTTPServer(configuration: config, responder: try builder.buildResponder().responder)
        try server.start()
    }

    private static func answer(_ path: String, _ respond: @escaping @Sendable (Response) -> Void) {
        let parts = path.split(separator: "/")
        if parts.first == "status", parts.count == 2, let status = Int(parts[1]) {
            return respond(Response.json(Status(status), Array(#"{"status":\#(status)}"#.utf8)))
        }
        if parts.first == "redirect" {
            var response = Response(status: 302)
            response.headers.add("Location", "/elsewhere")
            return respond(response)
        }
        if parts.first == "big" { return respond(Response(status: 200, body: [UInt8](repeating: 65, count: 200 * 1024))) }
        if parts.first == "slow", parts.count == 2, let ms = Int(parts[1]) {
            return DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                respond(Response.json(200, Array(#"{"slow":true}"#.utf8)))
            }
        }
        respond(Response.json(200, Array(#"{"received":true}"#.utf8)))
    }

    /// `http://127.0.0.1:PORT` (or https), the receiver's base for `--webhook-route`.
    var base: String { "\(caFile == nil ? "http" : "https")://127.0.0.1:\(server.ports.last ?? server.port)" }

    var requests: [Received] { received.withLock { $0 } }

    func stop() {
        server.shutdown(timeout: .seconds(1))
        if let caFile { try? FileManager.default.removeItem(atPath: caFile) }
    }

    /// A port where nothing listens (bound, then closed): connecting is refused.
    static func closedPort() -> Int {
        let listener = BlackHole()
        let port = listener.port
        listener.close()
        return port
    }
}

/// A socket that listens and never accepts: connections complete in the kernel's backlog, and
/// nothing ever answers.
final class BlackHole: Sendable {
    let fd: Int32
    let port: Int

    init() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        listen(fd, 16)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(fd) }
}
