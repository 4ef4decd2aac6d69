import XCTest
import Dispatch
import Locking
@testable import MockServer

/// Start-up work run beside the database's opening: its value, or its error, where it is needed.
final class StartupTaskTests: XCTestCase {
    struct Refused: Error, Equatable {}

    func testTheValueIsWaitedForAndTheWorkRunsOnce() throws {
        let runs = Locked(0)
        let gate = DispatchSemaphore(value: 0)
        let task = StartupTask { () -> Int in
            _ = gate.wait(timeout: .now() + 5)
            runs.withLock { $0 += 1 }
            return 42
        }
        gate.signal()  // the caller goes on meanwhile; the work finishes after
        XCTAssertEqual(try task.value(), 42)
        XCTAssertEqual(try task.value(), 42, "a second read gives the same value without waiting")
        XCTAssertEqual(runs.withLock { $0 }, 1)
    }

    func testAnErrorReachesTheCaller() {
        let task = StartupTask { () throws -> Int in throw Refused() }
        XCTAssertThrowsError(try task.value()) { XCTAssertEqual($0 as? Refused, Refused()) }
    }
}
