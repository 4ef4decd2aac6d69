@preconcurrency import Glibc
setvbuf(stdout, nil, _IOLBF, 0)
import HTTPKit
import Dispatch
let router = Router(prefixes: ["", "/api"])
router.add("GET", "/hello/:name") { r in Response.text(200, "hi \(r.parameters["name"] ?? "")\n") }
router.add("POST", "/echo") { r in Response(status: 200, body: r.body) }
var c = ServerConfiguration(host: "127.0.0.1", port: 0)
c.onRequest = { l in print(l.method, l.path, l.status, l.bytes, l.durationMicros) }
let s = HTTPServer(configuration: c, responder: router.responder)
try s.start()
print("port", s.port)
dispatchMain()
