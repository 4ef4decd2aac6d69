import XCTest
import MockStore

extension XCTestCase {
    /// A store that is closed when the test ends, whatever happens in it (closing twice is
    /// harmless): its writer thread, readers and file lock never outlive the test. Held weakly
    /// here (XCTest keeps every test case, and its teardown blocks, until the whole run ends):
    /// the writer thread holds the store until it is closed, and once closed, the last test's
    /// reference frees it and its file descriptors.
    package func openStore(_ path: String = ":memory:") throws -> Store {
        let store = try Store(path: path)
        addTeardownBlock { [weak store] in store?.close() }
        return store
    }
}
