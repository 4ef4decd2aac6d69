import COpenSSL

/// A TLS setup failure, with OpenSSL's own reasons (its error queue) after what was being done.
public struct TLSError: Error, CustomStringConvertible {
    public let description: String

    init(_ what: String) {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        description = reasons.isEmpty ? what : what + ": " + reasons.joined(separator: "; ")
    }
}
