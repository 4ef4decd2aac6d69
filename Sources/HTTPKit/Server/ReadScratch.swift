/// The 64 KiB a connection reads its socket into before its parser takes the bytes: one per lane
/// (`IOLane`), allocated once. A temporary allocation per read was a `posix_memalign` of 64 KiB, and
/// with it a consolidation of malloc's small free chunks, on every request.
///
/// Unchecked Sendable: confined to its lane's serial queue; only the read handlers of the lane's
/// connections, which run there one at a time, use it.
final class ReadScratch: @unchecked Sendable {
    static let size = 64 * 1024
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ReadScratch.size, alignment: 16)

    deinit { buffer.deallocate() }
}
