import XCTest
import Foundation
@testable import MockServer

/// The published document: every route documented, every reference resolvable, ids unique.
final class OpenAPIDocumentTests: XCTestCase {
    var mock: MockFixture!
    var document: [String: Any] = [:]

    override func setUpWithError() throws {
        mock = try MockFixture()
        document = try XCTUnwrap(try mock.control("GET", "/openapi.json").json)
    }

    override func tearDown() { mock.stop() }

    private var operations: [(key: String, operation: [String: Any])] {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return paths.flatMap { path, item in
            item.compactMap { method, value in (value as? [String: Any]).map { ("\(method.uppercased()) \(path)", $0) } }
        }
    }

    func testEveryRouteIsRegisteredWithItsOperationAndEveryOperationHasItsRoute() throws {
        let (builder, contract) = mock.server.makeRouter(faults: FaultBook())
        let routed = builder.routeList.map { "\($0.method) \($0.pattern)" }
        let registered = contract.operations.map { "\($0.method) \($0.path)" }
        XCTAssertEqual(routed, registered, "every route of the router came through ContractRoutes, with its operation")
        let published = Set(OpenAPIDocument.published.map(\.id))
        XCTAssertEqual(published.subtracting(contract.operations.map(\.id)), [], "a published operation without its route")
        XCTAssertEqual(published.count, OpenAPIDocument.published.count, "operationIds are unique")
        XCTAssertEqual(operations.count, published.count, "the served document lists each operation once")
        XCTAssertNoThrow(try builder.buildResponder(), "no route twice")
    }

    func testAPIPathsCarryThePrefixAndTheRestDoNot() throws {
        let keys = Set(operations.map(\.key))
        for key in [
            "POST /api/live-activity/update", "PUT /api/live-activity/stream/{stream_key}", "POST /api/metrics/{key}/value",
            "POST /mcp", "GET /_mock/requests", "POST /_mock/devices/{id}/tokens/{activity_id}", "GET /_mock/health"
        ] {
            XCTAssertTrue(keys.contains(key), key)
        }
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
    }

    func testEveryReferenceResolves() throws {
        let schemas = try XCTUnwrap((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        var references: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { references.append(ref) }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(document)
        XCTAssertGreaterThan(references.count, 50)
        let missing = references.filter { !$0.hasPrefix("#/components/schemas/") || schemas[String($0.dropFirst(21))] == nil }
        XCTAssertEqual(Set(missing), [])
    }

    func testAPIOperationsHaveRequestAndAnswerExamples() throws {
        for (key, operation) in operations where key.contains(" /api/") {
            let body = (operation["requestBody"] as? [String: Any])?["content"] as? [String: [String: Any]]
            XCTAssertNotNil(body?["application/json"]?["examples"], "\(key) has request examples")
            let ok = ((operation["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: [String: Any]]
            XCTAssertNotNil(ok?["application/json"]?["schema"], "\(key) has a success schema")
            XCTAssertNotNil((operation["responses"] as? [String: Any])?["401"], "\(key) documents 401")
        }
    }

    func testSchemasUseTheDecodersBounds() throws {
        let schemas = try XCTUnwrap((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let start = try XCTUnwrap(schemas["ContentStateStart"]?["properties"] as? [String: [String: Any]])
        XCTAssertEqual(start["title"]?["maxLength"] as? Int, 1024)
        XCTAssertEqual(schemas["LiveActivityType"]?["enum"] as? [String], ["segmented_progress", "progress", "metrics", "stats", "alert", "timer", "value"])
        XCTAssertEqual(schemas["ContentStateStart"]?["required"] as? [String], ["title", "type"])
        let end = try XCTUnwrap(schemas["ContentStateEnd"]?["properties"] as? [String: Any])
        XCTAssertNotNil(end["auto_dismiss_seconds"])
        XCTAssertNil(
            (schemas["ContentStateUpdate"]?["properties"] as? [String: Any])?["auto_dismiss_minutes"],
            "update refuses auto_dismiss, so its schema has none")
    }
}
