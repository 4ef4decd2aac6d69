/// Parses the request line and header fields once the parser has found their line bounds.
enum RequestHead {
    struct Line {
        var method: Method
        var target: String
        var version: Request.Version
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3).
    static func parseRequestLine(_ bytes: ArraySlice<UInt8>) -> Result<Line, HTTPError> {
        // `method SP target SP version`: exactly two spaces (found in place; `split` allocated an
        // array of the parts on every request).
        let space = UInt8(ascii: " ")
        guard let first = bytes.firstIndex(of: space),
            let second = bytes[(first + 1)...].firstIndex(of: space),
            !bytes[(second + 1)...].contains(space)
        else { return .failure(HTTPError(400, "malformed request line")) }
        let method = bytes[..<first], target = bytes[(first + 1)..<second], version = bytes[(second + 1)...]
        guard !method.isEmpty, method.allSatisfy(ByteClass.isToken) else {
            return .failure(HTTPError(400, "invalid method"))
        }
        guard !target.isEmpty, target.allSatisfy(ByteClass.isTargetByte) else {
            return .failure(HTTPError(400, "invalid request target"))
        }
        let parsedVersion: Request.Version
        switch String(decoding: version, as: UTF8.self) {
        case "HTTP/1.1": parsedVersion = .http11
        case "HTTP/1.0": parsedVersion = .http10
        case let v where isVersionShaped(v): return .failure(HTTPError(505, "unsupported HTTP version \(v)"))
        default: return .failure(HTTPError(400, "malformed HTTP version"))
        }
        var targetText = String(decoding: target, as: UTF8.self)
        if targetText.first != "/" {
            // absolute-form (RFC 9112 §3.2.2): keep only the path and query.
            if let schemeEnd = schemeSeparatorEnd(targetText) {
                let rest = targetText[schemeEnd...]
                targetText = rest.firstIndex(where: { $0 == "/" || $0 == "?" }).map { String(rest[$0...]) } ?? "/"
                if targetText.first == "?" { targetText = "/" + targetText }
            } else if targetText == "*" && method.elementsEqual("OPTIONS".utf8) {
                targetText = "*"
            } else {
                return .failure(HTTPError(400, "invalid request target"))
            }
        }
        return .success(Line(method: Method(String(decoding: method, as: UTF8.self)), target: targetText, version: parsedVersion))
    }

    /// Index just past `://` in an absolute-form target.
    private static func schemeSeparatorEnd(_ text: String) -> String.Index? {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix("://") { return text.index(i, offsetBy: 3) }
            i = text.index(after: i)
        }
        return nil
    }

    private static func isVersionShaped(_ v: String) -> Bool {
        let u = Array(v.utf8)
        return u.count == 8 && v.hasPrefix("HTTP/") && u[6] == UInt8(ascii: ".")
            && (48...57).contains(u[5]) && (48...57).contains(u[7])
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5); no space before the colon, no obs-fold.
    static func parseField(_ line: ArraySlice<UInt8>) -> Result<(String, String), HTTPError> {
        guard let first = line.first else { return .failure(HTTPError(400, "empty header line")) }
        if first == UInt8(ascii: " ") || first == 9 {
            return .failure(HTTPError(400, "obsolete line folding is not accepted"))
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(HTTPError(400, "header line without a colon"))
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(ByteClass.isToken) else {
            return .failure(HTTPError(400, "invalid header field name"))
        }
        var value = line[(colon + 1)...]
        while let f = value.first, f == 32 || f == 9 { value.removeFirst() }
        while let l = value.last, l == 32 || l == 9 { value.removeLast() }
        guard value.allSatisfy(ByteClass.isFieldValueByte) else {
            return .failure(HTTPError(400, "control character in header field value"))
        }
        return .success((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }
}
