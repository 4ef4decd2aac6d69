import Foundation

/// A fresh database path in the temporary directory; the test removes its files.
public enum TemporaryDatabase {
    public static func path() -> String { NSTemporaryDirectory() + "asmock-store-\(UUID().uuidString).sqlite" }

    public static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
