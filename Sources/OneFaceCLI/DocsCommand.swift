import ArgumentParser
import Foundation
import Warehouse

struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the warehouse data dictionary (every table, column and KPI formula) as Markdown.",
        discussion: """
        The same descriptions are in every warehouse's `dw_catalog` table.
        Examples: oneface docs --out docs/data-dictionary.md
                  oneface docs --datasette metadata.json --warehouse out/warehouse.sqlite
                  datasette serve out/warehouse.sqlite -m metadata.json
        """)

    @Option(name: .long, help: "Write to this file instead of standard output.") var out: String?
    @Option(name: .long, help: "Write a Datasette metadata.json here instead: table and column descriptions and docs/queries as canned queries.")
    var datasette: String?
    @Option(name: .long, help: "With --datasette: the warehouse file Datasette will serve (its name, without .sqlite, keys the metadata).")
    var warehouse: String = "warehouse.sqlite"
    @Option(name: .long, help: "With --datasette: the folder of analyst queries (*.sql).")
    var queries: String = "docs/queries"

    func run() throws {
        if let datasette {
            try writeDatasette(to: datasette)
            return
        }
        let markdown: String
        do {
            markdown = try WarehouseCatalog.markdown()
        } catch {
            StandardError.write("oneface: \(error)\n")
            throw ExitCode(70)
        }
        guard let out else {
            FileHandle.standardOutput.write(Data(markdown.utf8))
            return
        }
        do {
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            StandardError.write("oneface: cannot write \(out): \(error.localizedDescription)\n")
            throw ExitCode(73)
        }
    }

    private func writeDatasette(to path: String) throws {
        let database = ((warehouse as NSString).lastPathComponent as NSString).deletingPathExtension
        var canned: [WarehouseCatalog.CannedQuery] = []
        let files = (try? FileManager.default.contentsOfDirectory(atPath: queries))?.filter { $0.hasSuffix(".sql") }.sorted() ?? []
        if files.isEmpty { StandardError.write("oneface: warning: no *.sql files in \(queries); the metadata has no canned queries (pass --queries DIR)\n") }
        for file in files {
            guard let sql = try? String(contentsOfFile: (queries as NSString).appendingPathComponent(file), encoding: .utf8) else { continue }
            canned.append(.init(name: (file as NSString).deletingPathExtension, sql: sql.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        do {
            let json = try WarehouseCatalog.datasetteMetadata(database: database, queries: canned)
            try Data(json.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            StandardError.write("oneface: cannot write \(path): \(error)\n")
            throw ExitCode(73)
        }
    }
}
