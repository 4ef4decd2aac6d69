import CCurl

/// libcurl for this process: loaded by the first transfer rather than linked, so a server that
/// never delivers a webhook never pays for loading it and its libraries (Sources/CCurl/shim.h).
enum CurlLibrary {
    /// libcurl's functions, loaded and `curl_global_init`-ed once (thread-safe); or, when the
    /// library is missing or unusable, a failure naming why, which the delivery then reports.
    static func shared() -> Result<UnsafePointer<ccurl_library>, OutboundFailure> {
        var failure: UnsafePointer<CChar>?
        if let library = ccurl_shared(&failure) { return .success(library) }
        return .failure(OutboundFailure(.other, failure.map { String(cString: $0) } ?? "libcurl could not be loaded"))
    }
}
