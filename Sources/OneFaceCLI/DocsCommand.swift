import ArgumentParser
import Foundation
import Warehouse

struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the warehouse data dictionary (every table, column and KPI formula) as Markdown.",
        discussion: """
        The same descriptions are in every warehouse's `dw_catalog` table.
        Example: oneface docs --out docs/data-dictionary.md
        """)

    @Option(name: .long, help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
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
}
