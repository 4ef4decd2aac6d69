import XCTest
import TestSupport
import Foundation
import Glibc
import Locking
@testable import MockServer

/// Secrets stay secret: logs show at most a short suffix (never a quarter of a secret), the
/// database and its lock are readable by their owner only, and key comparison covers the full
/// length in constant time.
final class SecretsTests: XCTestCase {
    func testMasksShowAtMostAQuarterOfASecret() {
        XCTAssertEqual(Authenticator.mask("ask_123456789"), "ask_…789", "the public key-type prefix and 3 of 13")
        XCTAssertEqual(Authenticator.mask("s3cretTOK"), "…OK", "2 of 9 characters")
        XCTAssertEqual(Authenticator.mask("short"), "…t")
        XCTAssertEqual(Authenticator.mask("abc"), "…")
        XCTAssertEqual(Authenticator.mask(""), "…")
        for secret in ["s3cretTOK", "ask_123456789", "a-very-long-admin-token-0123456789", "12345678"] {
            let shown = Authenticator.mask(secret).replacingOccurrences(of: "…", with: "")
                .replacingOccurrences(of: "ask_", with: "")
            XCTAssertLessThanOrEqual(shown.count * 4, secret.count, "\(secret) → \(Authenticator.mask(secret))")
            XCTAssertLessThanOrEqual(shown.count, 3)
        }
    }

    func testTheRequestLogNeverPrintsMoreThanTheMask() throws {
        let lines = Locked<[String]>([])
        let mock = try MockFixture { config in
            config.adminToken = "s3cretTOK"
            config.log = { line in lines.withLock { $0.append(line) } }
        }
        defer { mock.stop() }
        _ = try mock.control("GET", "/_mock/health", token: "s3cretTOK")
        _ = try mock.post("/push-notification", key: "ask_123456789", #"{"title":"t"}"#)
        let log = lines.withLock { $0 }.joined(separator: "\n")
        XCTAssertTrue(log.contains("key=…OK"), log)
        XCTAssertFalse(log.contains("s3cr") || log.contains("TOK") || log.contains("123456"), log)
    }

    func testKeysCompareOverTheirFullLength() {
        let key = Array("ask_123456789".utf8)
        XCTAssertTrue(Authenticator.constantTimeEquals(key, key))
        XCTAssertFalse(Authenticator.constantTimeEquals(key, key + [0]), "a trailing NUL is a different key")
        // Lengths that differ by a multiple of 256 with equal bytes where both have them: the low
        // 8 bits of the length difference are 0.
        XCTAssertFalse(Authenticator.constantTimeEquals([UInt8](repeating: 0, count: 300), [UInt8](repeating: 0, count: 44)))
        XCTAssertFalse(Authenticator.constantTimeEquals([], [UInt8](repeating: 0, count: 256)))
    }

    func testTheDatabaseAndItsFilesAreTheOwnersAlone() throws {
        let path = TemporaryDatabase.path()
        let mock = try MockFixture(databasePath: path)
        XCTAssertEqual(try mock.post("/push-notification", #"{"title":"t"}"#).status, 200)
        for file in [path, path + "-wal", path + ".lock"] where FileManager.default.fileExists(atPath: file) {
            var info = stat()
            XCTAssertEqual(stat(file, &info), 0, file)
            XCTAssertEqual(info.st_mode & 0o777, 0o600, "\(file) is \(String(info.st_mode & 0o777, radix: 8))")
        }
        mock.stop()
    }
}
