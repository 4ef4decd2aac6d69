import MockServer
import ProcessScheduling

/// What the program does beside serving, process-wide decisions the library leaves to it: give
/// memory back after a storm (`IdleMemory`), and, with `--scheduling adaptive`, batch the
/// threads while the machine has room (`SchedulingGovernor`).
enum Duties {
    @Sendable static func start(_ server: MockServer) {
        IdleMemory.watch(server)
        if server.configuration.adaptiveScheduling { governor.start() }
    }

    private static let governor = SchedulingGovernor()
}
