import Foundation
import Locking
import XCTest
@testable import ProcessScheduling

/// The adaptive scheduling: its rule as a value, its /proc arithmetic, and the policy switch.
final class SchedulingGovernorTests: XCTestCase {
    func testTheRuleBatchesWhileOthersLeaveRoomWithHysteresis() {
        var rule = SchedulingGovernor.Rule(cores: 2)
        XCTAssertEqual(rule.policy, .normal)
        XCTAssertEqual(rule.enterBelow, 0.7, accuracy: 1e-9)
        XCTAssertEqual(rule.leaveAbove, 0.9, accuracy: 1e-9)
        XCTAssertNil(rule.next(othersCores: 1.5), "busy machine: stays normal")
        XCTAssertNil(rule.next(othersCores: 0.8), "between the thresholds: no change")
        XCTAssertEqual(rule.next(othersCores: 0.4), .batch, "a load generator's share: batch")
        XCTAssertNil(rule.next(othersCores: 0.8), "between the thresholds: stays batch")
        XCTAssertEqual(rule.next(othersCores: 1.0), .normal, "one core kept busy by others: normal")
        XCTAssertEqual(rule.policy, .normal)
    }

    func testOthersCoresComeFromTheMachinesBusyTimeMinusOurOwn() throws {
        let selfStat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 60 0 0 20 0 9 0 1 2 3"
        let earlier = try XCTUnwrap(
            CPUSample.parse(stat: "cpu  100 0 50 800 10 0 0 0 0 0", selfStat: selfStat))
        XCTAssertEqual(earlier, CPUSample(machineBusy: 150, machineTotal: 960, own: 210))
        // 1,000 ticks later on 2 cores: the machine was busy 600 of them, 260 of those ours.
        let later = CPUSample(machineBusy: 750, machineTotal: 1960, own: 470)
        XCTAssertEqual(later.othersCores(since: earlier, cores: 2), 0.68, accuracy: 1e-9)
        // Our own ticks counted past the machine's (they are sampled apart): never below zero.
        XCTAssertEqual(CPUSample(machineBusy: 160, machineTotal: 1960, own: 900).othersCores(since: earlier, cores: 2), 0)
        XCTAssertEqual(earlier.othersCores(since: earlier, cores: 2), 0, "an empty interval")
        XCTAssertNil(CPUSample.parse(stat: "intr 1 2 3", selfStat: selfStat))
        XCTAssertNil(CPUSample.parse(stat: "cpu  100 0 50 800 10 0 0 0", selfStat: "4242 (x) S 1"), "a short stat line")
        XCTAssertNotNil(CPUSample.read(), "/proc is readable here")
    }

    func testThePolicyReachesEveryThreadAndComesBack() throws {
        XCTAssertEqual(ThreadPolicy.current, .normal)
        XCTAssertGreaterThanOrEqual(ThreadPolicy.batch.applyToProcess(), 1)
        XCTAssertEqual(ThreadPolicy.current, .batch)
        // A thread started now inherits it from this one.
        let inherited = Locked<ThreadPolicy?>(nil)
        let done = expectation(description: "thread ran")
        let child = Thread {
            inherited.withLock { $0 = ThreadPolicy.current }
            done.fulfill()
        }
        child.start()
        wait(for: [done], timeout: 5)
        XCTAssertEqual(inherited.withLock { $0 }, .batch)
        // Started under a policy other than the default, the governor leaves it alone.
        let governor = SchedulingGovernor(cores: 2)
        governor.start()
        governor.stop()
        XCTAssertEqual(ThreadPolicy.current, .batch)
        ThreadPolicy.normal.applyToProcess()
        XCTAssertEqual(ThreadPolicy.current, .normal)
    }
}
