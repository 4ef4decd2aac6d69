import MockServer
@preconcurrency import Dispatch
import Glibc
import Synchronization

/// Gives the heap a storm of connections left back to the system once the server is idle again.
/// glibc keeps freed memory in its arenas: 11 storms of 1,000 stalled TLS connections took RSS
/// from 20 to 118 MB, and `malloc_trim(0)` brought it back to 29. Trimming is a process-wide
/// decision, so the executable makes it, not the library.
enum IdleMemory {
    /// Open connections that make a storm, and what counts as idle after it.
    static let storm = 100
    static let idle = 2

    /// The most connections open at once since the last trim.
    private static let peak = Atomic<Int>(0)
    private static let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
    /// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module leaves out).
    private static let trim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
        unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
    }

    static func watch(_ server: MockServer) {
        timer.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(200))
        timer.setEventHandler {
            let open = server.openConnections
            // The server's own high-water mark (those open now included): a storm opened and
            // closed between two ticks (1,000 TLS handshakes take a fraction of a second) counts.
            let highest = max(peak.load(ordering: .relaxed), server.takePeakConnections())
            if highest >= storm && open <= idle {
                _ = trim?(0)
                peak.store(open, ordering: .relaxed)
            } else {
                peak.store(highest, ordering: .relaxed)
            }
        }
        timer.resume()
    }
}
