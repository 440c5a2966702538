import Foundation
import PipelineCore
import Report

/// `oneface report`, and the report a run writes when the pipeline asks for one (`report:`):
/// the pipeline's warehouse, model and threshold, and the truth file read here (as `oneface
/// evaluate` reads it), handed to `NightReport`.
public enum ReportRun {
    /// Where the report goes when no `--out` is given: the pipeline's `report.out`, else
    /// `report.html` next to the warehouse.
    public static func defaultOut(_ config: PipelineConfig) -> String {
        config.report?.out ?? ((config.warehousePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.html")
    }

    /// Writes the report of `config`'s warehouse to `out`; returns its size in bytes.
    @discardableResult
    public static func write(config: PipelineConfig, out: String, truthPath: String?) throws -> Int {
        var truth: TruthLabels?
        if let truthPath {
            let file = try TruthFile(path: truthPath)
            var entities: [String: String] = [:], unlabelled = Set<String>()
            for row in file.rows {
                // As `oneface evaluate`: an empty entity labels nobody; a record named twice keeps its first row.
                if row.entity.isEmpty {
                    if entities[row.key] == nil { unlabelled.insert(row.key) }
                } else if entities[row.key] == nil && !unlabelled.contains(row.key) {
                    entities[row.key] = row.entity
                }
            }
            truth = TruthLabels(name: (truthPath as NSString).lastPathComponent, entityByRecord: entities, unlabelled: unlabelled)
        }
        let input = ReportInput(warehousePath: config.warehousePath, modelPath: config.identityModelPath,
                                matchThreshold: config.identity.matchThreshold, truth: truth)
        do {
            return try NightReport.write(input, to: out)
        } catch {
            throw PipelineError.report(error)
        }
    }
}
