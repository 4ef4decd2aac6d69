import XCTest
import Foundation

/// The module README's file table names every Swift file of MockStore.
final class ReadmeListTests: XCTestCase {
    func testTheReadmeListsEveryFile() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/MockStore").standardized
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        let table = readme.components(separatedBy: "## Files").last ?? ""
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        XCTAssertGreaterThan(files.count, 20)
        XCTAssertEqual(files.filter { !table.contains("`\($0)`") }.sorted(), [])
    }
}
