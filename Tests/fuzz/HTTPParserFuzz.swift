// libFuzzer target for HTTPKit's RequestParser, compiled together with HTTPKit's parsing sources
// by scripts/fuzz (not part of the SwiftPM package).
//
// Input: the first byte picks a split offset; the rest is fed to one parser whole and to another
// in two pieces. Both must produce the same events (requests or the same failure status), and
// neither may crash, hang or grow without bound.

private func drain(_ parser: inout RequestParser, into events: inout [String]) {
    for _ in 0..<10_000 {
        switch parser.next() {
        case .needMore: return
        case .expectContinue: continue
        case .failure(let error):
            events.append("fail \(error.status)")
            return
        case .request(let r):
            events.append("\(r.method) \(r.target) \(r.version) \(r.headers.count) \(r.body.count)")
        }
    }
    fatalError("parser did not settle")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var limits = ParserLimits()
    limits.maxBodyBytes = 4096
    var whole = RequestParser(limits: limits)
    var wholeEvents: [String] = []
    whole.append(input)
    drain(&whole, into: &wholeEvents)

    let split = input.isEmpty ? 0 : Int(data[0]) % (input.count + 1)
    var pieces = RequestParser(limits: limits)
    var pieceEvents: [String] = []
    pieces.append(input[..<split])
    drain(&pieces, into: &pieceEvents)
    if pieceEvents.last?.hasPrefix("fail") != true {
        pieces.append(input[split...])
        drain(&pieces, into: &pieceEvents)
    }
    // A failure may surface earlier with less data (a limit hit before the rest arrived), but
    // every request parsed from the whole input must come out identically from the pieces.
    let common = min(wholeEvents.count, pieceEvents.count)
    if Array(wholeEvents.prefix(common)).filter({ !$0.hasPrefix("fail") }) != Array(pieceEvents.prefix(common)).filter({ !$0.hasPrefix("fail") }) {
        fatalError("split at \(split) changed the result: \(wholeEvents) vs \(pieceEvents)")
    }
    return 0
}
