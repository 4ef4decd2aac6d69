/// How many pipelined requests one connection dispatches in one turn of its I/O queue. The
/// queue is serial and shared with other connections: a client that pipelines requests as fast
/// as it can would otherwise be served thousands at a time (a 256 KiB read of small GETs) while
/// the others on its queue wait. Past the budget the connection asks for a later turn.
struct TurnBudget {
    static let requestsPerTurn = 16

    private(set) var spent = 0
    /// A later turn is already asked for.
    var yieldScheduled = false

    /// Counts one dispatched request; false once the turn's budget is spent.
    mutating func spend() -> Bool {
        spent += 1
        return spent <= Self.requestsPerTurn
    }

    /// A new turn of the queue.
    mutating func renew() { spent = 0 }
}
