import COpenSSL

/// PEM text in and out of OpenSSL objects, through memory BIOs (no files).
enum PEM {
    /// What `write` puts into a memory BIO, as text.
    static func text(_ what: String, _ write: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw TLSError("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw TLSError(what) }
        var data: UnsafeMutablePointer<CChar>?
        let count = copenssl_bio_mem_data(bio, &data)
        guard let data, count > 0 else { throw TLSError(what) }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    static func certificate(_ cert: OpaquePointer) throws -> String {
        try text("PEM_write_bio_X509") { PEM_write_bio_X509($0, cert) }
    }

    static func privateKey(_ key: OpaquePointer) throws -> String {
        try text("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
    }

    /// Runs `body` with a read-only memory BIO over `pem`.
    private static func reading<T>(_ pem: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        var bytes = Array(pem.utf8)
        return try bytes.withUnsafeMutableBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { throw TLSError("BIO_new_mem_buf") }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Every certificate in `pem`, in order (a leaf, then its chain). The caller frees them.
    static func certificates(_ pem: String) throws -> [OpaquePointer] {
        try reading(pem) { bio in
            var out: [OpaquePointer] = []
            while let cert = PEM_read_bio_X509(bio, nil, nil, nil) { out.append(cert) }
            ERR_clear_error()  // the loop ends on "no start line"
            guard !out.isEmpty else { throw TLSError("no certificate in the PEM text") }
            return out
        }
    }

    /// The private key in `pem`. The caller frees it.
    static func privateKey(_ pem: String) throws -> OpaquePointer {
        try reading(pem) { bio in
            guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { throw TLSError("no private key in the PEM text") }
            return key
        }
    }
}
