import ArgumentParser
import Foundation
import Pipeline

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the night report: one self-contained HTML page of KPIs, identity quality and the night's runs.",
        discussion: """
        Reads the published warehouse and the saved identity model only. The page
        loads nothing from the network and shows no customer names or addresses.
        Without --out it goes to the pipeline's `report.out`, else to report.html
        next to the warehouse. With --truth the clustering is also scored against
        a labelled CSV (as `oneface evaluate`), with precision and recall over
        thresholds. A run writes it too when the pipeline has
          report: {out: ../out/report.html}
        Examples: oneface report
                  oneface report --out /srv/www/report.html --truth SampleData/truth.csv
        """)

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "Write the HTML here (default: the pipeline's report.out, else report.html next to the warehouse).")
    var out: String?
    @Option(name: .long, help: "A truth CSV (system, source_record_id, and entity_id, person_id or cluster_id; optionally source) to score the clustering against.")
    var truth: String?

    func validate() throws {
        if let out, out.isEmpty || out.hasSuffix("/") { throw ValidationError("--out must name a file, e.g. out/report.html") }
    }

    func run() throws {
        do {
            let config = try options.loadConfig()
            let path = out.map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 } ?? ReportRun.defaultOut(config)
            let started = Date()
            let bytes = try ReportRun.write(config: config, out: path, truthPath: truth ?? config.report?.truth)
            if !options.quiet {
                StandardError.write("oneface: report written in \(String(format: "%.2f", Date().timeIntervalSince(started))) s (\(bytes / 1024) KiB)\n")
            }
            print(path)
        } catch {
            throw Failure.report(error)
        }
    }
}
