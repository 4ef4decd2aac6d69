import HTTPKit
import APIModel

/// Resolves `Authorization: Bearer <key>` to a stored key, comparing in constant time.
final class Authenticator: @unchecked Sendable {
    private let lock = Lock()
    private var keys: [APIKeyRecord] = []

    /// Replaces the known keys (after fixtures load or a reset).
    func reload(_ keys: [APIKeyRecord]) {
        lock.withLock { self.keys = keys }
    }

    func authenticate(_ request: Request) throws(APIError) -> APIKeyRecord {
        guard let header = request.headers["Authorization"] else {
            throw APIError(status: 401, error: "Unauthorized", message: "Missing API key. Send Authorization: Bearer <api key>.")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(status: 401, error: "Unauthorized", message: "Authorization must use the Bearer scheme.")
        }
        let presented = Array(parts[1].utf8)
        let known = lock.withLock { keys }
        var match: APIKeyRecord?
        // Visit every key and compare every byte, so timing says nothing about how close a guess was.
        for key in known where Self.constantTimeEquals(Array(key.key.utf8), presented) {
            match = key
        }
        guard let match else { throw APIError(status: 401, error: "Unauthorized", message: "Invalid API key.") }
        return match
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(truncatingIfNeeded: a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            diff |= x ^ y
        }
        return diff == 0
    }

    /// Whatever credential the request presented (validated or not), for masked logging.
    static func presentedKey(_ request: Request) -> String? {
        guard let header = request.headers["Authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        return parts.count == 2 ? String(parts[1]) : header
    }

    /// A key as it may appear in logs: `ask_…789`.
    static func mask(_ key: String) -> String {
        guard key.count > 8 else { return String(repeating: "*", count: key.count) }
        return "\(key.prefix(4))…\(key.suffix(3))"
    }
}
