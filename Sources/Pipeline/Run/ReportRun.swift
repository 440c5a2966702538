import Foundation
import PipelineCore
import Report
import SQLiteDB

/// `oneface report`, and the report a run writes when the pipeline asks for one (`report:`):
/// the pipeline's warehouse, model and threshold, and the truth file read here (as `oneface
/// evaluate` reads it), handed to `NightReport`.
public enum ReportRun {
    /// Where the report goes when no `--out` is given: the pipeline's `report.out`, else
    /// `report.html` next to the warehouse.
    public static func defaultOut(_ config: PipelineConfig) -> String {
        config.report?.out ?? ((config.warehousePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.html")
    }

    /// The published source records, to find the records a truth file names (nothing when there is
    /// no warehouse yet: the report says so itself).
    static func publishedRecords(_ config: PipelineConfig) throws -> RecordDirectory {
        guard FileManager.default.fileExists(atPath: config.warehousePath) else { return RecordDirectory([]) }
        let db = try Database(path: config.warehousePath, mode: .readOnly)
        guard try db.hasTable("bridge_customer_source") else { return RecordDirectory([]) }
        var records: [(system: String, source: String, id: String)] = []
        try db.prepare("SELECT source_system, source_name, source_record_id FROM bridge_customer_source").forEachRow { row in
            if let system = row.string(0), let source = row.string(1), let id = row.string(2) { records.append((system, source, id)) }
        }
        return RecordDirectory(records)
    }

    /// Writes the report of `config`'s warehouse to `out`; returns its size in bytes.
    @discardableResult
    public static func write(config: PipelineConfig, out: String, truthPath: String?) throws -> Int {
        var truth: TruthLabels?
        if let truthPath {
            let file = try TruthFile(path: truthPath)
            let directory = try publishedRecords(config)
            var entities: [String: String] = [:], unlabelled = Set<String>()
            for row in file.rows {
                // As `oneface evaluate`: an empty entity labels nobody; a record named twice keeps its first
                // row; a row naming no published record counts as only in the truth.
                let key = try directory.key(of: row, in: file)
                    ?? TruthLabels.key(source: row.source.isEmpty ? "?" + row.system : row.source, recordID: row.recordID)
                if row.entity.isEmpty {
                    if entities[key] == nil { unlabelled.insert(key) }
                } else if entities[key] == nil && !unlabelled.contains(key) {
                    entities[key] = row.entity
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
