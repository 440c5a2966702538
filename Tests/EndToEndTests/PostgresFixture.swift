import Foundation
import TestSupport

/// The PostgreSQL server of the publish tests: `ONEFACE_TEST_PG` (scripts/test starts one on
/// loopback and sets it). Under CI a missing server fails the tests; locally they are skipped.
enum PostgresServer {
    static let environment = ProcessInfo.processInfo.environment
    static var url: String? { environment["ONEFACE_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 } }
    /// Run the tests: a server is there, or CI requires one (they then fail at `requireURL`).
    static var isEnabled: Bool { url != nil || environment["CI"] != nil }

    static func requireURL() throws -> String {
        guard let url else {
            throw FixtureError(message: "CI is set but ONEFACE_TEST_PG is not: run the suite with scripts/test, which starts PostgreSQL 15 on loopback")
        }
        return url
    }

    /// psql, as an analyst or an operator would use it: unaligned, `|` between values, stop at the first error.
    static func psql(_ url: String, _ arguments: [String]) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/psql", ["-X", "-q", "-At", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d", url] + arguments)
        guard result.status == 0 else { throw FixtureError(message: "psql exited \(result.status): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .newlines)
    }
}

/// A database of its own for one test on the test server, dropped when the value goes away.
final class TemporaryPostgresDatabase: @unchecked Sendable {
    // @unchecked: every property is immutable after init; deinit only drops the database.
    let name: String
    let url: String
    private let serverURL: String

    init() throws {
        serverURL = try PostgresServer.requireURL()
        name = "oneface_test_" + UUID().uuidString.prefix(8).lowercased()
        _ = try PostgresServer.psql(serverURL, ["-c", "CREATE DATABASE \(name)"])
        let base = serverURL[..<(serverURL.lastIndex(of: "/") ?? serverURL.endIndex)]
        url = "\(base)/\(name)"
    }

    deinit { drop() }

    func drop() {
        _ = try? PostgresServer.psql(serverURL, ["-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
    }

    /// The output of `sql` (one statement or several) in this database.
    func query(_ sql: String) throws -> String { try PostgresServer.psql(url, ["-c", sql]) }

    /// `oneface publish` of `warehouse` into this database.
    func publish(_ warehouse: String, extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.oneface(["publish", "--warehouse", warehouse, "--target", url, "--quiet"] + extra)
    }
}

/// One SampleData warehouse for all publish tests (a run takes a while in a debug build), made
/// by `oneface run` with a `publish:` section, so its database also shows that a run publishes.
final class PublishedSample: @unchecked Sendable {
    // @unchecked: immutable after init; the folder and database go with the process.
    let dir: TemporaryDirectory
    let warehouse: String
    let database: TemporaryPostgresDatabase
    let runResult: ProcessResult

    static let shared = Result { try PublishedSample() }

    private init() throws {
        dir = try TemporaryDirectory("oneface-publish")
        database = try TemporaryPostgresDatabase()
        warehouse = dir.file("warehouse.sqlite")
        let sample = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml"), encoding: .utf8)
        let pipeline = sample
            .replacingOccurrences(of: "warehouse: ../out/warehouse.sqlite", with: "warehouse: \(warehouse)")
            .replacingOccurrences(of: "staging: ../out/staging.sqlite", with: "staging: \(dir.file("staging.sqlite"))")
            .replacingOccurrences(of: "input_root: ../SampleData", with: "input_root: \(RepositoryPaths.root.appendingPathComponent("SampleData").path)")
            + "\npublish:\n  target: \(database.url)\n  schema: oneface\n"
        let file = try dir.write("pipeline.yml", text: pipeline)
        // A static is never deinitialised: remove the folder and the database when the test process ends.
        atexit {
            guard case let .success(sample) = PublishedSample.shared else { return }
            try? FileManager.default.removeItem(at: sample.dir.url)
            sample.database.drop()
        }
        runResult = try ProcessRunner.oneface(["run", "--pipeline", file])
        guard runResult.status == 0 else { throw FixtureError(message: "oneface run exited \(runResult.status): \(runResult.stderr)") }
    }
}
