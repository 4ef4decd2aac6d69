import HTTPKit
import APIModel

/// The mock's contract as an OpenAPI 3.1 document: the operations registered with the routes
/// (`ContractRoutes`): their paths, words and examples, schemas from APIModel's (built from the decoders' own
/// bounds and enums). Served at `GET /openapi.json`.
enum OpenAPIDocument {
    /// Every operation the mock publishes; each is registered with its route (`ContractRoutes`).
    static var published: [OperationDoc] { LiveActivityDocs.all + PushAndWidgetDocs.all + ControlDocs.all }

    /// The document of the operations registered, in their order.
    static func build(_ operations: [OperationDoc]) -> JSONValue {
        var paths = JSONObject()
        for doc in operations {
            let openAPIPath =
                (doc.tag.isAPI ? "/api/" : "/")
                + doc.path.split(separator: "/")
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            var item = paths[openAPIPath]?.objectValue ?? JSONObject()
            item[doc.method.rawValue.lowercased()] = operation(doc, pattern: doc.path)
            paths[openAPIPath] = .object(item)
        }
        return .object([
            ("openapi", "3.1.0"),
            (
                "info",
                .object([
                    ("title", "ActivitySmith API (activitysmith-mock)"), ("version", .string(MockServer.version)),
                    (
                        "description",
                        """
                        The ActivitySmith API as this mock serves it: the same routes, rules and answers, with simulated \
                        devices. Every API path also answers without its /api prefix. The control plane (/_mock) lets \
                        tests read and steer the mock's state; /mcp is the MCP server. Where the mock chooses between \
                        sources (the newer SDK over the older spec, what a released client sends), docs/mock-choices.md \
                        of the repository says so.
                        """
                    )
                ])
            ),
            ("servers", .array([.object([("url", "/"), ("description", "This mock")])])),
            ("tags", .array(OperationDoc.Tag.allCases.map { .object([("name", .string($0.rawValue)), ("description", .string($0.description))]) })),
            ("paths", .object(paths)),
            (
                "components",
                .object([
                    (
                        "securitySchemes",
                        .object([
                            (
                                "apiKeyAuth",
                                .object([("type", "http"), ("scheme", "bearer"), ("description", "An API key of the fixtures, e.g. ask_123456789.")])
                            ),
                            (
                                "adminToken",
                                .object([("type", "http"), ("scheme", "bearer"), ("description", "The --admin-token, when the mock was started with one.")])
                            )
                        ])
                    ),
                    ("schemas", .object(RequestSchemas.components + ResponseSchemas.components))
                ])
            )
        ])
    }

    private static func operation(_ doc: OperationDoc, pattern: String) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("operationId", .string(doc.id)), ("summary", .string(doc.summary)),
            ("tags", .array([.string(doc.tag.rawValue)]))
        ]
        if let description = doc.description { m.append(("description", .string(description))) }
        let parameters =
            pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { pathParameter(String($0.dropFirst())) }
            + doc.query.map { query in
                JSONValue.object([
                    ("name", .string(query.name)), ("in", "query"), ("required", false),
                    ("description", .string(query.description)), ("schema", query.schema)
                ])
            }
        if !parameters.isEmpty { m.append(("parameters", .array(parameters))) }
        if let body = doc.body {
            var media: [(String, JSONValue)] = [("schema", body)]
            if !doc.bodyExamples.isEmpty { media.append(("examples", examples(doc.bodyExamples))) }
            m.append(
                (
                    "requestBody",
                    .object([
                        ("required", .bool(doc.bodyRequired)),
                        ("content", .object([("application/json", .object(media))]))
                    ])
                ))
        }
        m.append(("responses", .object(doc.answers.map { answer in (String(answer.status), response(answer, links: answer.status == 200 ? doc.links : [])) })))
        switch doc.tag {
        case .control, .dashboard:
            m.append(("security", .array([.object([]), .object([("adminToken", .array([]))])])))
        default:
            m.append(("security", .array([.object([("apiKeyAuth", .array([]))])])))
        }
        return .object(m)
    }

    private static func response(_ answer: OperationDoc.Answer, links: [(String, JSONValue)]) -> JSONValue {
        var m: [(String, JSONValue)] = [("description", .string(answer.description))]
        if !answer.headers.isEmpty {
            m.append(
                (
                    "headers",
                    .object(
                        answer.headers.map { name, text in
                            (name, .object([("description", .string(text)), ("schema", Schema.integer(minimum: 0))]))
                        })
                ))
        }
        if let schema = answer.schema {
            var media: [(String, JSONValue)] = [("schema", schema)]
            if !answer.examples.isEmpty { media.append(("examples", examples(answer.examples))) }
            m.append(("content", .object([(answer.contentType, .object(media))])))
        }
        if !links.isEmpty { m.append(("links", .object(links))) }
        return .object(m)
    }

    private static func examples(_ list: [OperationDoc.Example]) -> JSONValue {
        .object(list.map { ($0.name, .object([("summary", .string($0.summary)), ("value", $0.value)])) })
    }

    private static func pathParameter(_ name: String) -> JSONValue {
        let schema: JSONValue
        switch name {
        case "stream_key": schema = Schema.string(minLength: 1, maxLength: Limits.streamKey, pattern: Limits.streamKeyPattern)
        case "key": schema = Schema.string(pattern: Limits.metricKeyPattern)
        default: schema = Schema.string(minLength: 1)
        }
        return .object([("name", .string(name)), ("in", "path"), ("required", true), ("schema", schema)])
    }
}
