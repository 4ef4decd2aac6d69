import HTTPKit
import APIModel
import MockStore
import Locking

/// Resolves `Authorization: Bearer <key>` to a stored key, comparing in constant time.
final class Authenticator: Sendable {
    /// Each key with its bytes, converted once here rather than on every request.
    private let keys = Locked<[(record: APIKeyRecord, bytes: [UInt8])]>([])

    /// Replaces the known keys (after fixtures load or a reset).
    func reload(_ keys: [APIKeyRecord]) {
        let converted = keys.map { ($0, Array($0.key.utf8)) }
        self.keys.withLock { $0 = converted }
    }

    func authenticate(_ request: Request) throws(APIError) -> APIKeyRecord {
        guard let header = request.headers["Authorization"] else {
            throw APIError(status: 401, error: "Unauthorized", message: "Missing API key. Send Authorization: Bearer <api key>.")
        }
        // `Bearer <key>`, the scheme in any case (RFC 9110 §11.1), then everything after one space;
        // read in place (three arrays per request otherwise).
        let scheme = Self.bearer
        guard header.utf8.count > scheme.count,
            zip(header.utf8, scheme).allSatisfy({ a, b in ((a &- 65) < 26 ? a | 0x20 : a) == b })
        else {
            throw APIError(status: 401, error: "Unauthorized", message: "Authorization must use the Bearer scheme.")
        }
        let known = keys.withLock { $0 }
        var text = header
        let match: APIKeyRecord? = text.withUTF8 { value in
            let presented = UnsafeBufferPointer(rebasing: value[scheme.count...])
            var match: APIKeyRecord?
            // Visit every key and compare every byte, so timing says nothing about how close a guess was.
            for key in known where key.bytes.withUnsafeBufferPointer({ Self.constantTimeEquals($0, presented) }) {
                match = key.record
            }
            return match
        }
        guard let match else { throw APIError(status: 401, error: "Unauthorized", message: "Invalid API key.") }
        return match
    }

    private static let bearer = Array("bearer ".utf8)

    /// `constantTimeEquals` of two arrays.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in constantTimeEquals(a, b) } }
    }

    /// Equal bytes and equal lengths, in time that depends only on the longer length. The
    /// whole length difference takes part (not its low byte: 300 and 44 bytes differ by 256).
    static func constantTimeEquals(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var diff = UInt(bitPattern: a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            diff |= UInt(x ^ y)
        }
        return diff == 0
    }

    /// Whatever credential the request presented (validated or not), for masked logging.
    static func presentedKey(_ request: Request) -> String? {
        guard let header = request.headers["Authorization"] else { return nil }
        // The credential follows the scheme and a space; a value without one is all credential.
        guard let space = header.utf8.firstIndex(of: 0x20), header.utf8.index(after: space) < header.utf8.endIndex else {
            return header
        }
        return String(header[header.utf8.index(after: space)...])
    }

    /// A secret as it may appear in logs and the journal: its last characters only, at most 3
    /// and at most a quarter of it (`…OK` for a 9-character admin token). An API key keeps its
    /// public type prefix: `ask_…789`.
    static func mask(_ secret: String) -> String {
        let prefix = secret.hasPrefix("ask_") ? "ask_" : ""
        let shown = min(3, secret.count / 4)
        return prefix + "…" + secret.suffix(shown)
    }
}
