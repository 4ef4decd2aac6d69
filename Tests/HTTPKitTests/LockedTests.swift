import Dispatch
import Locking
import XCTest

/// `Locked`: one holder at a time, and a try that gives up at once while another holds it.
final class LockedTests: XCTestCase {
    func testConcurrentChangesAreAllKept() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1000 { counter.withLock { $0 += 1 } }
        }
        XCTAssertEqual(counter.withLock { $0 }, 8000)
    }

    func testATryGivesUpWhileAnotherThreadHoldsTheLock() {
        let value = Locked("free")
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            value.withLock { _ in
                held.signal()
                release.wait()
            }
            done.signal()
        }
        held.wait()
        XCTAssertNil(value.withLockIfAvailable { $0 }, "held elsewhere")
        release.signal()
        done.wait()
        XCTAssertEqual(value.withLockIfAvailable { $0 }, "free")
    }
}
