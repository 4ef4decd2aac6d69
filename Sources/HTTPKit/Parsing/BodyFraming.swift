/// How the body of a request is delimited, decided from its head (RFC 9112 §6).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked

    static func decide(headers: Headers, version: Request.Version, limits: ParserLimits) -> Result<BodyFraming, HTTPError> {
        let lengthFields = headers.count(of: "Content-Length")
        if headers.contains("Transfer-Encoding") {
            // Both framings at once is the classic smuggling vector: refuse, never guess.
            if lengthFields > 0 {
                return .failure(HTTPError(400, "both Content-Length and Transfer-Encoding"))
            }
            if version == .http10 {
                return .failure(HTTPError(400, "Transfer-Encoding in an HTTP/1.0 request"))
            }
            guard headers.tokens(for: "Transfer-Encoding") == ["chunked"] else {
                return .failure(HTTPError(501, "unsupported transfer coding"))
            }
            return .success(.chunked)
        }
        guard lengthFields > 0 else { return .success(.none) }
        var value: Int? = nil
        if lengthFields == 1, let n = headers["Content-Length"].flatMap(Self.digits) {
            value = n  // the usual case, one plain number, without gathering or splitting Strings
        } else {
            for field in headers.values(for: "Content-Length") {
                for item in field.split(separator: ",", omittingEmptySubsequences: false) {
                    let text = item.trimmingASCIIWhitespace()
                    guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (48...57).contains($0) }),
                        let n = Int(text)
                    else {
                        return .failure(HTTPError(400, "invalid Content-Length"))
                    }
                    if let v = value, v != n { return .failure(HTTPError(400, "conflicting Content-Length values")) }
                    value = n
                }
            }
        }
        guard let length = value else { return .failure(HTTPError(400, "invalid Content-Length")) }
        if length > limits.maxBodyBytes {
            return .failure(HTTPError(413, "request body exceeds \(limits.maxBodyBytes) bytes"))
        }
        return .success(length == 0 ? .none : .length(length))
    }

    /// 1 to 18 ASCII digits as an Int, else nil.
    private static func digits(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard (1...18).contains(utf8.count) else { return nil }
        var n = 0
        for c in utf8 {
            guard (48...57).contains(c) else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }
}
