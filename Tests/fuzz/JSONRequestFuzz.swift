// libFuzzer target for APIModel: strict JSON, and the decoding and validation of every request
// type, compiled together with APIModel's sources by scripts/fuzz.
//
// Any input must end in a value or an APIError, never a crash; a document that parses must
// encode and parse back to the same value.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONRequests(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let value = try? JSONParser.parse(bytes) {
        let again = try? JSONParser.parse(JSONWriter.encode(value))
        if again != value { fatalError("JSON round trip changed the value") }
    }
    _ = try? StartRequest.decode(bytes)
    for phase in [Phase.update, .end] {
        if let change = try? ChangeRequest.decode(bytes, phase: phase) {
            for type in ActivityType.allCases {
                _ = try? change.validated(against: ContentStateRules.Stored(type: type, numberOfSteps: 3))
                _ = try? change.validated(against: ContentStateRules.Stored(type: type, numberOfSteps: nil))
            }
        }
    }
    if let stream = try? StreamPutRequest.decode(bytes), let type = stream.contentState.type {
        _ = try? ContentStateRules.validate(stream.contentState, type: type, phase: .start, stored: nil)
    }
    _ = try? StreamDeleteRequest.decode(bytes)
    _ = try? PushRequest.decode(bytes, replace: false)
    _ = try? PushRequest.decode(bytes, replace: true)
    _ = try? MetricValueRequest.decode(bytes)
    _ = try? BadgeRequest.decode(bytes)
    if let text = String(validating: bytes, as: UTF8.self) {
        _ = Timestamp.parse(text)
        _ = try? StreamKey.validate(text)
        _ = try? MetricValueRequest.validateKey(text)
    }
    return 0
}
