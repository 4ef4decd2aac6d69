import COpenSSL
import Glibc

/// The BIO a TLS connection reads and writes its socket through: `recv`, and `send` with
/// `MSG_NOSIGNAL`. OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE when the
/// peer is gone; the only defence there would be ignoring SIGPIPE for the whole process, which a
/// library must not do. Here a gone peer is an EPIPE like any other failed write.
enum SocketBIO {
    /// The method table, made once (Swift's lazy static initialization is thread-safe) and
    /// never changed after: OpenSSL only reads it, from any connection's queue. Not a value the
    /// compiler can see is immutable (a C pointer), hence `nonisolated(unsafe)`.
    private nonisolated(unsafe) static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "httpkit socket") else { return nil }
        BIO_meth_set_write(method, socketWrite)
        BIO_meth_set_read(method, socketRead)
        BIO_meth_set_ctrl(method, socketControl)
        BIO_meth_set_create(method, socketCreate)
        return method
    }()

    /// A BIO over `fd`, which stays the connection's to close; nil if OpenSSL cannot make one.
    static func make(fd: Int32) -> OpaquePointer? {
        guard let method, let bio = BIO_new(method) else { return nil }
        // The descriptor rides in the BIO's data pointer (+1, so that 0 is not a null pointer).
        BIO_set_data(bio, UnsafeMutableRawPointer(bitPattern: Int(fd) + 1))
        return bio
    }
}

private func descriptor(_ bio: OpaquePointer?) -> Int32 {
    Int32(Int(bitPattern: BIO_get_data(bio)) - 1)
}

private func wouldBlock() -> Bool { errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR }

private func socketWrite(_ bio: OpaquePointer?, _ data: UnsafePointer<CChar>?, _ length: Int32) -> Int32 {
    copenssl_bio_clear_retry(bio)
    let n = send(descriptor(bio), data, Int(length), Int32(MSG_NOSIGNAL))
    if n < 0 && wouldBlock() { copenssl_bio_set_retry_write(bio) }
    return Int32(n)
}

private func socketRead(_ bio: OpaquePointer?, _ data: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    copenssl_bio_clear_retry(bio)
    let n = recv(descriptor(bio), data, Int(length), 0)
    if n < 0 && wouldBlock() { copenssl_bio_set_retry_read(bio) }
    return Int32(n)
}

/// Only a flush means something to a socket; every other control is "not supported" (0).
private func socketControl(_ bio: OpaquePointer?, _ command: Int32, _ number: Int, _ pointer: UnsafeMutableRawPointer?) -> Int {
    command == BIO_CTRL_FLUSH ? 1 : 0
}

private func socketCreate(_ bio: OpaquePointer?) -> Int32 {
    BIO_set_init(bio, 1)
    return 1
}
