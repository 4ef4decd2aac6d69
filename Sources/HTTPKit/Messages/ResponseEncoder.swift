/// Serializes a response head and body into one buffer, so it goes out in one write.
enum ResponseEncoder {
    static func encode(
        _ response: Response, version: Request.Version, keepAlive: Bool, isHead: Bool,
        streaming: Bool = false
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.body.count + response.headers.count * 32)
        out.append(contentsOf: version.rawValue.utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: String(response.status.code).utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: response.status.reason.utf8)
        out.append(contentsOf: crlf)
        var hasType = false
        for field in response.headers {
            switch field.lowercasedName {
            case "content-length", "connection", "date", "transfer-encoding": continue
            case "content-type": hasType = true
            default: break
            }
            appendField(&out, field.name, field.value)
        }
        let bodyAllowed = !response.status.forbidsBody
        if streaming {
            if version == .http11 { appendField(&out, "Transfer-Encoding", "chunked") }
            appendField(&out, "Cache-Control", "no-cache")
        } else if bodyAllowed {
            if !hasType && !response.body.isEmpty { appendField(&out, "Content-Type", "application/octet-stream") }
            appendField(&out, "Content-Length", String(response.body.count))
        }
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: HTTPDate.now())
        out.append(contentsOf: crlf)
        if !keepAlive {
            appendField(&out, "Connection", "close")
        } else if version == .http10 {
            appendField(&out, "Connection", "keep-alive")
        }
        out.append(contentsOf: crlf)
        if bodyAllowed && !isHead && !streaming { out.append(contentsOf: response.body) }
        return out
    }

    private static let crlf: [UInt8] = [13, 10]

    private static func appendField(_ out: inout [UInt8], _ name: String, _ value: String) {
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
        // Never let a handler's value split the head: drop CR and LF.
        for b in value.utf8 where b != 13 && b != 10 { out.append(b) }
        out.append(contentsOf: crlf)
    }
}
