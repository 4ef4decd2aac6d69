@preconcurrency import Dispatch

/// A streaming response (server-sent events): its head, then each piece as the producer sends
/// it, chunked on HTTP/1.1, on the connection's queue.
extension Connection {
    func startStream(
        _ request: Request, _ response: Response, start: @escaping @Sendable (ResponseStream) -> Void,
        received: DispatchTime
    ) {
        streamChunked = request.version == .http11
        let head = ResponseEncoder.encode(
            response, version: request.version, keepAlive: streamChunked, isHead: false,
            streaming: true)
        config.logRequest(method: request.method, path: request.path, status: response.status, bytes: 0, since: received)
        let stream = ResponseStream { [weak self] bytes, finish in
            guard let self else { return }
            self.queue.async { self.streamWrite(bytes, finish: finish) }
        }
        self.stream = stream
        state.streamStarted()
        resumeReading()
        send(head, thenClose: false)
        HandlerQueue.shared.async { start(stream) }
    }

    private func streamWrite(_ bytes: [UInt8], finish: Bool) {
        guard !state.closed else { return }
        let unsent = pending.count - pendingOffset
        if unsent > 0 && unsent + bytes.count > ResponseStream.maxPendingBytes {
            close()  // a peer that stopped reading: drop it rather than buffer without bound
            return
        }
        if finish {
            send(streamChunked ? Array("0\r\n\r\n".utf8) : [], thenClose: true)
            if pending.isEmpty { close() }
            return
        }
        if streamChunked {
            var chunk = Array(String(bytes.count, radix: 16).utf8) + [13, 10]
            chunk.append(contentsOf: bytes)
            chunk.append(contentsOf: [13, 10])
            send(chunk, thenClose: false)
        } else {
            send(bytes, thenClose: false)
        }
    }
}
