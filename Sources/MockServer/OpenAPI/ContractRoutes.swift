import HTTPKit

/// The operations registered while one server is wired, in order: the OpenAPI document is built
/// from them. Used on the wiring thread only, before the responder is built.
final class Contract {
    private(set) var operations: [OperationDoc] = []

    fileprivate func record(_ operation: OperationDoc) { operations.append(operation) }
}

/// Routes registered with their published operations: the method and path come from the
/// operation, so the mock serves no route without its contract and publishes none it does not
/// serve. The mock's routes are added through this, never on a `RouteGroup` directly
/// (`OpenAPIDocumentTests` compares the router's list with the contract's).
struct ContractRoutes {
    let contract: Contract
    /// The path the underlying group adds to its routes (`/_mock`), cut from each operation's path.
    private let prefix: String
    private let register: (Method, String, @escaping Responder) -> Void

    /// The routes of `group`, which answers under `prefix`.
    init(_ group: RouteGroup, prefix: String = "", contract: Contract) {
        self.contract = contract
        self.prefix = prefix
        register = { group.addAsync($0, $1, $2) }
    }

    /// Routes at the root of `builder`, behind no group's steps.
    init(root builder: RouterBuilder, contract: Contract) {
        self.contract = contract
        prefix = ""
        register = { builder.addAsync($0, $1, $2) }
    }

    /// A route answered through its callback on the connection's I/O queue (it must not block).
    func addAsync(_ operation: OperationDoc, _ responder: @escaping Responder) {
        precondition(operation.path.hasPrefix(prefix), "\(operation.id) is not under \(prefix)")
        register(operation.method, String(operation.path.dropFirst(prefix.count)), responder)
        contract.record(operation)
    }

    /// A synchronous route (it may block; it runs on `HandlerQueue.shared`).
    func add(_ operation: OperationDoc, _ handler: @escaping RouterBuilder.Handler) {
        addAsync(operation, RouterBuilder.onHandlerQueue(handler))
    }
}
