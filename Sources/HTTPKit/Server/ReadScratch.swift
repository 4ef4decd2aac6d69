/// The 64 KiB a connection reads its socket into before its parser takes the bytes: one per I/O
/// queue, allocated once. A temporary allocation per read was a `posix_memalign` of 64 KiB, and
/// with it a consolidation of malloc's small free chunks, on every request.
///
/// Unchecked Sendable: confined to its I/O queue. Every connection queue targeting that serial
/// queue runs on it one at a time, and only `Connection`'s read handlers, which run there, use it.
final class ReadScratch: @unchecked Sendable {
    static let size = 64 * 1024
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ReadScratch.size, alignment: 16)

    deinit { buffer.deallocate() }
}
