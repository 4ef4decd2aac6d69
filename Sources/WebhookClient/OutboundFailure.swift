import CCurl

/// Why an outbound request got no HTTP answer, in words a tester can act on.
public struct OutboundFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case nameNotResolved = "name_not_resolved"
        case connectionRefused = "connection_refused"
        case connectFailed = "connect_failed"
        case untrustedCertificate = "untrusted_certificate"
        case tlsFailed = "tls_failed"
        case timeout
        case noAnswer = "no_answer"
        case interrupted
        case badURL = "bad_url"
        case other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The words for a libcurl result: `code` as curl returned it, `osErrno` from
    /// `CURLINFO_OS_ERRNO`, `detail` curl's error buffer, `curlWords` curl's own text for a code
    /// this has no words of its own for (`curl_easy_strerror`; without it, the code's number).
    static func classify(
        code: CURLcode, osErrno: Int, detail: String, host: String, timeoutSeconds: Double,
        curlWords: (CURLcode) -> String? = { _ in nil }
    ) -> OutboundFailure {
        let more = detail.isEmpty ? "" : " (\(detail))"
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return .init(.nameNotResolved, "name not resolved: \(host)")
        case CURLE_COULDNT_CONNECT where osErrno == 111:  // ECONNREFUSED
            return .init(.connectionRefused, "connection refused by \(host)")
        case CURLE_COULDNT_CONNECT:
            return .init(.connectFailed, "could not connect to \(host)\(more)")
        case CURLE_OPERATION_TIMEDOUT:
            return .init(.timeout, "timeout after \(Self.seconds(timeoutSeconds)) s")
        case CURLE_PEER_FAILED_VERIFICATION:
            return .init(.untrustedCertificate, "certificate not trusted for \(host)\(more)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            return .init(.tlsFailed, "TLS handshake with \(host) failed\(more)")
        case CURLE_GOT_NOTHING:
            return .init(.noAnswer, "\(host) closed the connection without an answer")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            return .init(.noAnswer, "the connection to \(host) broke\(more)")
        case CURLE_ABORTED_BY_CALLBACK:
            return .init(.interrupted, "interrupted: the mock stopped while the delivery was in flight")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .init(.badURL, "the URL cannot be called\(more)")
        default:
            return .init(.other, (curlWords(code) ?? "libcurl error \(code.rawValue)") + more)
        }
    }

    /// `10`, `0.5`: a timeout as the flag gave it.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
