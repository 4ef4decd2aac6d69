import HTTPKit
import Locking

/// Activity and notification ids: 32 characters of `[A-Za-z0-9_-]`, like upstream's.
/// Random by default; with a seed, the same sequence on every run (`--seed N`).
final class IDGenerator: Sendable {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private struct State {
        /// The SplitMix64 state when seeded; nil draws from the system generator.
        var seeded: UInt64?
        var system = SystemRandomNumberGenerator()

        /// SplitMix64 when seeded: tiny, fast and well distributed; the system generator otherwise.
        mutating func next() -> UInt64 {
            guard var s = seeded else { return system.next() }
            s &+= 0x9E37_79B9_7F4A_7C15
            seeded = s
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private let state: Locked<State>

    init(seed: UInt64? = nil) { state = Locked(State(seeded: seed)) }

    func next() -> String {
        state.withLock { state in
            var bytes = [UInt8](repeating: 0, count: 32)
            for i in 0..<32 { bytes[i] = Self.alphabet[Int(state.next() & 63)] }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Restarts a seeded sequence (reset with a seed gives the same ids again).
    func reseed(_ seed: UInt64) { state.withLock { $0.seeded = seed } }
}
