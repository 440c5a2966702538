import Foundation
import Testing
import TestSupport

/// `oneface docs --datasette`: the metadata.json Datasette reads to show a documented warehouse.
@Suite("Datasette metadata")
struct DatasetteMetadataTests {
    @Test("every table and column the metadata names exists in a real warehouse, and every canned query runs there")
    func matchesTheWarehouse() throws {
        let mini = try TwoNights.setUp()
        try TwoNights.deliver(TwoNights.night1, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        let file = mini.dir.file("metadata.json")
        let queries = RepositoryPaths.root.appendingPathComponent("docs/queries").path
        let result = try ProcessRunner.oneface(["docs", "--datasette", file, "--warehouse", mini.warehouse, "--queries", queries])
        #expect(result.status == 0, "\(result.stderr)")
        let metadata = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let databases = try #require(metadata["databases"] as? [String: Any])
        #expect(Array(databases.keys) == ["warehouse"], "keyed by the file name Datasette shows")
        let database = try #require(databases["warehouse"] as? [String: Any])
        let tables = try #require(database["tables"] as? [String: [String: Any]])
        let existing = Set(try ProcessRunner.sqlite3(mini.warehouse, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").split(separator: "\n").map(String.init))
        #expect(tables.count >= 30)
        for (table, entry) in tables {
            #expect(existing.contains(table), "\(table) is not in the warehouse")
            #expect(!(entry["description"] as? String ?? "").isEmpty, "\(table) has a description")
            let columns = Set(try ProcessRunner.sqlite3(mini.warehouse, "SELECT name FROM pragma_table_info('\(table)')").split(separator: "\n").map(String.init))
            for column in (entry["columns"] as? [String: String] ?? [:]).keys {
                #expect(columns.contains(column), "\(table).\(column) is not in the warehouse")
            }
        }
        let canned = try #require(database["queries"] as? [String: [String: String]])
        #expect(canned.count == (try FileManager.default.contentsOfDirectory(atPath: queries).filter { $0.hasSuffix(".sql") }.count))
        for (name, query) in canned {
            #expect(!(query["title"] ?? "").isEmpty, "\(name) has a title")
            // A leading newline: the shell would take SQL starting with `--` for an option.
            let run = try ProcessRunner.run("/usr/bin/sqlite3", ["-batch", mini.warehouse, "\n" + (query["sql"] ?? "")])
            #expect(run.status == 0 && run.stderr.isEmpty, "\(name): \(run.stderr)")
        }
    }
}
