import CCurl
import Glibc
import Locking

/// Sends one `OutboundRequest` through libcurl's easy interface, on the calling thread (it
/// blocks until the answer, a failure or the timeout). libcurl does the TLS (host names checked
/// against the system's store plus `extraCAFile`), honours `HTTPS_PROXY` and friends, and speaks
/// IPv6; redirects are answers, never followed.
///
/// The first transfer loads libcurl and initializes it once for the process (`CurlLibrary`);
/// transfers set `CURLOPT_NOSIGNAL`, so libcurl installs no signal handler.
public enum CurlTransfer {
    /// Set to abandon every transfer in flight: they end as `interrupted` within about a second.
    public static func perform(_ request: OutboundRequest, _ settings: OutboundSettings, cancelled: Locked<Bool> = Locked(false))
        -> OutboundResult
    {
        let curl: UnsafePointer<ccurl_library>
        switch CurlLibrary.shared() {
        case .success(let library): curl = library
        case .failure(let failure): return OutboundResult(sentHeaders: [], outcome: .failed(failure), durationMillis: 0)
        }
        guard let handle = curl.pointee.easy_init() else {
            return OutboundResult(sentHeaders: [], outcome: .failed(.init(.other, "libcurl could not start a transfer")), durationMillis: 0)
        }
        defer { curl.pointee.easy_cleanup(handle) }
        let context = TransferContext(bodyCap: settings.bodyCap, cancelled: cancelled)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        let pointer = unmanaged.toOpaque()

        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl.pointee.slist_free_all(headerList) }
        // A header with no value removes curl's own: `Expect: 100-continue` on larger bodies, and
        // the form type it gives a POST (a body's type is the caller's to say, or none).
        var suppressed = [("Expect", "")]
        if !request.headers.contains(where: { $0.name.lowercased() == "content-type" }) { suppressed.append(("Content-Type", "")) }
        for (name, value) in request.headers + suppressed {
            headerList = curl.pointee.slist_append(headerList, value.isEmpty ? "\(name):" : "\(name): \(value)")
        }
        let body = request.body ?? []
        // A pointer for POSTFIELDS even when the body is empty (an empty array has none).
        let storage = body.isEmpty ? [0] : body
        let code: CURLcode = request.url.withCString { url in
            storage.withUnsafeBufferPointer { bytes in
                errorBuffer.withUnsafeMutableBufferPointer { errors in
                    ccurl_set_pointer(curl, handle, CURLOPT_URL, url)
                    ccurl_set_pointer(curl, handle, CURLOPT_ERRORBUFFER, errors.baseAddress)
                    ccurl_set_long(curl, handle, CURLOPT_NOSIGNAL, 1)
                    ccurl_set_long(curl, handle, CURLOPT_FOLLOWLOCATION, 0)
                    ccurl_set_long(curl, handle, CURLOPT_TIMEOUT_MS, max(1, Int(settings.timeoutSeconds * 1000)))
                    ccurl_set_long(curl, handle, CURLOPT_NOPROGRESS, 0)  // the progress callback checks `cancelled`
                    "http,https".withCString { _ = ccurl_set_pointer(curl, handle, CURLOPT_PROTOCOLS_STR, $0) }
                    if let ca = settings.extraCAFile {
                        // CAINFO replaces the system bundle; CAPATH brings the system's store back.
                        ca.withCString { _ = ccurl_set_pointer(curl, handle, CURLOPT_CAINFO, $0) }
                        systemCAPath(curl).withCString { _ = ccurl_set_pointer(curl, handle, CURLOPT_CAPATH, $0) }
                    }
                    ccurl_set_pointer(curl, handle, CURLOPT_HTTPHEADER, headerList)
                    if request.method == .POST {
                        ccurl_set_long(curl, handle, CURLOPT_POST, 1)
                        ccurl_set_pointer(curl, handle, CURLOPT_POSTFIELDS, bytes.baseAddress)
                        ccurl_set_offset(curl, handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                    } else {
                        ccurl_set_long(curl, handle, CURLOPT_HTTPGET, 1)
                    }
                    ccurl_set_data_callback(curl, handle, CURLOPT_WRITEFUNCTION, TransferContext.onBody)
                    ccurl_set_pointer(curl, handle, CURLOPT_WRITEDATA, pointer)
                    ccurl_set_data_callback(curl, handle, CURLOPT_HEADERFUNCTION, TransferContext.onHeader)
                    ccurl_set_pointer(curl, handle, CURLOPT_HEADERDATA, pointer)
                    // The debug callback is the only way to see the headers as curl sent them.
                    ccurl_set_long(curl, handle, CURLOPT_VERBOSE, 1)
                    ccurl_set_debug_callback(curl, handle, TransferContext.onDebug)
                    ccurl_set_pointer(curl, handle, CURLOPT_DEBUGDATA, pointer)
                    ccurl_set_progress_callback(curl, handle, TransferContext.onProgress)
                    ccurl_set_pointer(curl, handle, CURLOPT_XFERINFODATA, pointer)
                    return curl.pointee.easy_perform(handle)
                }
            }
        }
        var micros: curl_off_t = 0
        ccurl_get_offset(curl, handle, CURLINFO_TOTAL_TIME_T, &micros)
        let duration = Double(micros) / 1000
        let sent = context.sentHeaders()
        var status = 0
        ccurl_get_long(curl, handle, CURLINFO_RESPONSE_CODE, &status)
        // A body cut at the cap ends the transfer on purpose: the answer stands.
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && context.truncated && status > 0) {
            let answer = OutboundAnswer(status: status, headers: context.answerHeaders, body: context.body, truncated: context.truncated)
            return OutboundResult(sentHeaders: sent, outcome: .answered(answer), durationMillis: duration)
        }
        var osErrno = 0
        ccurl_get_long(curl, handle, CURLINFO_OS_ERRNO, &osErrno)
        let detail = String(decoding: errorBuffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let failure = OutboundFailure.classify(
            code: code, osErrno: osErrno, detail: detail, host: Self.authority(of: request.url), timeoutSeconds: settings.timeoutSeconds,
            curlWords: { curl.pointee.easy_strerror($0).map { String(cString: $0) } })
        return OutboundResult(sentHeaders: sent, outcome: .failed(failure), durationMillis: duration)
    }

    /// `host:port` of a URL, for messages.
    static func authority(of url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        let rest = parts.count > 2 && parts[0].hasSuffix(":") && parts[1].isEmpty ? parts[2] : Substring(url)
        return String(rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" }))
    }

    /// The system's certificate directory as libcurl was built with it (Debian: /etc/ssl/certs).
    private static func systemCAPath(_ curl: UnsafePointer<ccurl_library>) -> String {
        guard let path = ccurl_system_ca_path(curl) else { return "/etc/ssl/certs" }
        return String(cString: path)
    }
}
