/// A job submitted to the store: what the batch asks of it, whatever its result type. One object
/// per job (three closures around a boxed result were four allocations per request).
protocol StoreJob: AnyObject {
    /// The batch must include the deferred writes (the job may read them).
    var readsDeferred: Bool { get }
    /// Runs the body; true when it succeeded (its savepoint is kept).
    func run(_ db: Database) -> Bool
    /// Its batch failed after it ran, or it never ran: this is its result.
    func fail(_ error: Error)
    /// Hands the result to the submitter's completion; once, after the batch's commit.
    func finish()
}

/// A job whose body answers a `T`. Touched by one thread at a time: the submitter, then the batch's
/// runner (the writer or the submitter itself, under the store's lock hand-over), then `finish`.
final class TypedJob<T>: StoreJob {
    let readsDeferred: Bool
    private let body: (Database) throws -> T
    private let completion: (Result<T, Error>) -> Void
    private var result: Result<T, Error>?

    init(_ body: @escaping (Database) throws -> T, readsDeferred: Bool, completion: @escaping (Result<T, Error>) -> Void) {
        self.body = body
        self.readsDeferred = readsDeferred
        self.completion = completion
    }

    func run(_ db: Database) -> Bool {
        do {
            result = .success(try body(db))
            return true
        } catch {
            result = .failure(error)
            return false
        }
    }

    func fail(_ error: Error) { result = .failure(error) }

    func finish() { completion(result ?? .failure(StorageError("job did not run"))) }
}
