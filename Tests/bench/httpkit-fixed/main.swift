// The HTTP layer alone, for scripts/bench: HTTPKit answering a fixed body (the same bytes nginx
// answers there) on one route of its own, with the server's defaults. Its row in the table is
// what HTTPKit costs per request; the update's row minus it is what the mock adds.
//   httpkit-fixed PORT
import Dispatch
import Glibc
import HTTPKit
import ProcessScheduling

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8081
let answer = Array(
    #"{"success":true,"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","devices_notified":2,"devices_queued":0,"timestamp":"2026-01-28T09:57:26.056Z"}"#
        .utf8)
let builder = RouterBuilder()
builder.addAsync(.post, "/api/live-activity/update") { _, respond in
    var response = Response(status: 200, body: answer)
    response.headers.add("Content-Type", "application/json")
    respond(response)
}
let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: port), responder: try builder.buildResponder().responder)
do {
    try server.start()
} catch {
    print("httpkit-fixed: \(error)")
    exit(2)
}
// As the mock's command runs it (its default --scheduling adaptive), so the rows compare.
let governor = SchedulingGovernor()
governor.start()
print("httpkit-fixed listening on 127.0.0.1:\(server.port)")
signal(SIGTERM, SIG_IGN)
let stop = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .main)
stop.setEventHandler { exit(0) }
stop.resume()
dispatchMain()
