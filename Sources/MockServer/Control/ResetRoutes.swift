import HTTPKit
import APIModel
import MockStore

/// `POST /_mock/reset` (back to fixtures, atomically) and `GET /_mock/fixtures` (export).
struct ResetRoutes {
    let server: MockServer

    func register(on routes: ContractRoutes) {
        ControlRoute.add(routes, ControlDocs.reset, store: server.store) { request, db in
            var r = try ControlRoute.body(request)
            let path = try r.string("fixtures", minLength: 1, maxLength: 4096)
            let inline = r.raw("fixture_set")
            try r.finish()
            let fixtures: FixtureSet
            if let inline {
                fixtures = try FixtureSet.decode(JSONWriter.encode(inline))
            } else if let path {
                fixtures = try FixtureFiles(directory: server.configuration.fixturesDirectory).load(path)
            } else {
                fixtures = server.fixtures()
            }
            try server.reset(db, to: fixtures)
            return .object([
                ("reset", true), ("accounts", .int(Int64(fixtures.accounts.count))),
                ("devices", .int(Int64(fixtures.accounts.reduce(0) { $0 + $1.devices.count })))
            ])
        }
        ControlRoute.add(routes, ControlDocs.exportFixtures, store: server.store) { _, db in
            try FixtureJSON.export(db)
        }
    }
}
