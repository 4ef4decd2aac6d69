@preconcurrency import Dispatch

/// Suspending, resuming and cancelling a connection's read and write sources (on its queue only).
/// A write source is made on the first short write.
extension Connection {
    func suspendReading() {
        guard let readSource, !readSuspended else { return }
        readSource.suspend()
        readSuspended = true
    }

    func resumeReading() {
        guard let readSource, readSuspended, !state.peerClosed else { return }
        readSource.resume()
        readSuspended = false
    }

    func suspendWriting() {
        guard let writeSource, !writeSuspended else { return }
        writeSource.suspend()
        writeSuspended = true
    }

    func resumeWriting() {
        if writeSource == nil {
            let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [unowned self] in self.onWritable() }
            writeSource = source
            writeSuspended = true
        }
        guard let writeSource, writeSuspended else { return }
        writeSource.resume()
        writeSuspended = false
    }

    /// Cancels both sources; the group is done once neither watches the descriptor any more. A
    /// suspended source must be resumed before it is cancelled and released.
    func cancelSources() -> DispatchGroup {
        var sources: [(DispatchSourceProtocol, Bool)] = []
        if let readSource { sources.append((readSource, readSuspended)) }
        if let writeSource { sources.append((writeSource, writeSuspended)) }
        let group = DispatchGroup()
        for (source, suspended) in sources {
            group.enter()
            source.setCancelHandler { group.leave() }
            source.cancel()
            if suspended { source.resume() }
        }
        readSuspended = false
        writeSuspended = false
        return group
    }
}
