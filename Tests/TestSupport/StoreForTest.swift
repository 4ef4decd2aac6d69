import XCTest
import MockStore

extension XCTestCase {
    /// A store that is closed when the test ends, whatever happens in it (closing twice is
    /// harmless): its writer thread, readers and file lock never outlive the test.
    package func openStore(_ path: String = ":memory:") throws -> Store {
        let store = try Store(path: path)
        addTeardownBlock { store.close() }
        return store
    }
}
