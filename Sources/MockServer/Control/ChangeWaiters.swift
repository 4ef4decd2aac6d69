import HTTPKit
import APIModel
import Dispatch
import Locking

/// Long polls of the control plane (`?wait=SECONDS`): a request that waits for a condition on the
/// store is answered as soon as a change makes it true, or when its time runs out, with
/// `"timed_out"` saying which. Woken by `changed()`, never by polling; no thread waits.
/// Bounded: at most `maxSeconds` each and `capacity` at once (past it, 503 with `Retry-After`).
final class ChangeWaiters: Sendable {
    static let maxSeconds = 30.0

    /// Reads the store and says whether the condition holds, with the answer's body either way.
    typealias Check = @Sendable (_ done: @escaping @Sendable (Result<(met: Bool, answer: JSONValue), Error>) -> Void) -> Void

    let capacity: Int
    private struct Room {
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
        var closed = false
    }
    private let room = Locked(Room())

    init(capacity: Int = 256) { self.capacity = capacity }

    /// `seconds` read from a `wait` query parameter: nil without one, a 400 naming it when out of range.
    static func seconds(_ request: Request) throws -> Double? {
        guard let text = request.queryValue("wait") else { return nil }
        guard let seconds = Double(text), seconds >= 0, seconds <= maxSeconds else {
            throw APIError.invalid("query parameter wait must be a number of seconds from 0 to \(Int(maxSeconds)), got \(text)")
        }
        return seconds
    }

    /// A read with an optional `wait` query parameter: without it one look (and no
    /// `timed_out`), with it a long poll.
    func answer(_ request: Request, check: @escaping Check, respond: @escaping @Sendable (Response) -> Void) throws {
        if let seconds = try Self.seconds(request) {
            return wait(seconds: seconds, check: check, respond: respond)
        }
        check { result in respond(ErrorResponse.answer { Response.json(200, JSONWriter.encode(try result.get().answer)) }) }
    }

    /// Answers through `respond` once `check` is met or `seconds` pass.
    func wait(seconds: Double, check: @escaping Check, respond: @escaping @Sendable (Response) -> Void) {
        let waiter = Waiter(check: check, respond: respond)
        let registered: Int? = room.withLock { room in
            guard !room.closed, room.waiters.count < capacity else { return nil }
            room.nextID += 1
            let id = room.nextID
            waiter.onFinish = { [weak self] in self?.room.withLock { _ = $0.waiters.removeValue(forKey: id) } }
            room.waiters[id] = waiter
            return id
        }
        guard registered != nil else {
            var response = APIError(
                status: 503, error: "Service Unavailable",
                message: "too many waits in progress (\(capacity)); retry, or wait for less"
            ).response
            response.headers.add("Retry-After", "1")
            return respond(response)
        }
        // Registered before the first look, so a change in between is not missed.
        waiter.attempt(final: seconds == 0)
        guard seconds > 0 else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { waiter.attempt(final: true) }
    }

    /// Something the waiters may be waiting for happened: each looks again. Cheap with none
    /// waiting (one lock), as it is called on every journaled request.
    func changed() {
        let waiters = room.withLock { $0.waiters.isEmpty ? [] : Array($0.waiters.values) }
        guard !waiters.isEmpty else { return }
        waiters.forEach { $0.attempt(final: false) }
    }

    /// At stop: every waiter gets its answer as it stands now.
    func finishAll() {
        let waiters = room.withLock { room in
            room.closed = true
            return Array(room.waiters.values)
        }
        waiters.forEach { $0.attempt(final: true) }
    }
}

/// One long poll. Looks are serialized; a change during a look asks for one more afterwards.
private final class Waiter: Sendable {
    private struct State {
        var answered = false
        var looking = false
        /// Another look was asked for during this one (`final` if any asked for the last).
        var again: Bool?
    }
    private let state = Locked(State())
    private let check: ChangeWaiters.Check
    private let respond: @Sendable (Response) -> Void
    private let finish = Locked<(@Sendable () -> Void)?>(nil)

    var onFinish: (@Sendable () -> Void)? {
        get { finish.withLock { $0 } }
        set { finish.withLock { $0 = newValue } }
    }

    init(check: @escaping ChangeWaiters.Check, respond: @escaping @Sendable (Response) -> Void) {
        self.check = check
        self.respond = respond
    }

    func attempt(final: Bool) {
        let go: Bool = state.withLock { s in
            guard !s.answered else { return false }
            if s.looking {
                s.again = (s.again ?? false) || final
                return false
            }
            s.looking = true
            return true
        }
        guard go else { return }
        check { [self] result in
            let answer: Response?
            switch result {
            case .failure(let error): answer = ErrorResponse.of(error)
            case .success(let look) where look.met || final:
                answer = Response.json(200, JSONWriter.encode(look.answer.merged([("timed_out", .bool(!look.met))])))
            case .success: answer = nil
            }
            let next: Bool? = state.withLock { s in
                s.looking = false
                if answer != nil {
                    s.answered = true
                    return nil
                }
                defer { s.again = nil }
                return s.again
            }
            if let answer {
                onFinish?()
                respond(answer)
            } else if let next {
                attempt(final: next)
            }
        }
    }
}
