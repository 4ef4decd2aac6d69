/// Activity and notification ids: 32 characters of `[A-Za-z0-9_-]`, like upstream's.
final class IDGenerator: @unchecked Sendable {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private let lock = Lock()
    private var generator = SystemRandomNumberGenerator()

    func next() -> String {
        lock.withLock {
            var bytes = [UInt8](repeating: 0, count: 32)
            for i in 0..<32 { bytes[i] = Self.alphabet[Int(generator.next() & 63)] }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
