import Extract
import Foundation
import Identity
import PipelineCore
import SQLiteDB

/// `oneface evaluate`: the current clustering measured against a labelled truth file.
public enum IdentityEvaluationRun {
    /// Where the clustering is read from.
    public enum Clustering: String, Sendable, CaseIterable {
        /// `id_record` in staging (what the last transform decided).
        case staging
        /// `bridge_customer_source` in the published warehouse.
        case warehouse
    }

    /// The header names the truth file's entity column may have: `oneface sample` writes
    /// `entity_id`; labelled files from elsewhere often say `person_id` or `cluster_id`.
    public static var entityColumnNames: [String] { TruthFile.entityColumnNames }

    public struct Report: Sendable {
        public var evaluation: ClusterEvaluation
        /// Where the clustering was read from.
        public var clustering: Clustering
        /// The truth file's entity column, one of `entityColumnNames`.
        public var entityColumn: String
        public var truthRows: Int
        public var clusteredRecords: Int
        /// Truth rows whose record the clustering does not have, by system.
        public var onlyInTruth: [String: Int]
        /// Clustered records the truth does not label, by system.
        public var onlyInClustering: [String: Int]
        /// Truth rows with an empty entity (labelled with nobody), by system: not evaluated.
        public var emptyEntity: [String: Int]
        /// Truth rows naming a record a second time (ignored after the first).
        public var duplicateTruthRows: Int

        /// The report as a person reads it.
        public func text() -> String {
            func format(_ value: Double) -> String { String(format: "%.5f", value) }
            func bySystem(_ counts: [String: Int]) -> String {
                let total = counts.values.reduce(0, +)
                guard total > 0 else { return "0" }
                return "\(total) (" + counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", ") + ")"
            }
            let e = evaluation
            let table = clustering == .staging ? "staging id_record" : "warehouse bridge_customer_source"
            var lines = [
                "records: \(truthRows) truth rows (entity column \(entityColumn)), \(clusteredRecords) clustered, \(e.records) compared",
                "skipped, so not in the figures below:",
                "  only in the truth file (not evaluated): \(bySystem(onlyInTruth)); truth rows whose record is not in \(table)",
                "  only in the clustering (not evaluated): \(bySystem(onlyInClustering)); records the truth file does not label",
                "  empty \(entityColumn) (not evaluated): \(bySystem(emptyEntity)); truth rows that name no entity",
            ]
            if duplicateTruthRows > 0 { lines.append("  duplicate truth rows (ignored after the first): \(duplicateTruthRows)") }
            lines += [
                "",
                "            precision  recall     F1",
                "pairwise    \(format(e.pairwise.precision))    \(format(e.pairwise.recall))    \(format(e.pairwise.f1))",
                "b-cubed     \(format(e.bCubed.precision))    \(format(e.bCubed.recall))    \(format(e.bCubed.f1))",
                "",
                "pairs: \(e.predictedPairs) predicted, \(e.truePairs) true, \(e.correctPairs) correct",
            ]
            return lines.joined(separator: "\n")
        }

        /// The figures as one JSON object, for scripts.
        public func json() -> String {
            let e = evaluation
            let fields: [(String, String)] = [
                ("truth_rows", "\(truthRows)"), ("clustered_records", "\(clusteredRecords)"), ("records", "\(e.records)"),
                ("only_in_truth", "\(onlyInTruth.values.reduce(0, +))"),
                ("only_in_clustering", "\(onlyInClustering.values.reduce(0, +))"),
                ("empty_entity", "\(emptyEntity.values.reduce(0, +))"), ("duplicate_truth_rows", "\(duplicateTruthRows)"),
                ("predicted_pairs", "\(e.predictedPairs)"), ("true_pairs", "\(e.truePairs)"), ("correct_pairs", "\(e.correctPairs)"),
                ("pairwise_precision", "\(e.pairwise.precision)"), ("pairwise_recall", "\(e.pairwise.recall)"),
                ("pairwise_f1", "\(e.pairwise.f1)"), ("bcubed_precision", "\(e.bCubed.precision)"),
                ("bcubed_recall", "\(e.bCubed.recall)"), ("bcubed_f1", "\(e.bCubed.f1)"),
            ]
            return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
    }

    /// Reads the clustering and the truth CSV (`system`, `source_record_id`, optionally `source`, and
    /// one of `entityColumnNames`) and scores the records both know. Every other row or record is counted
    /// in the report by why it was skipped: its record is not clustered, the truth does not label it,
    /// its entity is empty, or the truth names it twice.
    /// - Complexity: O(n) hashing over both; no pair enumeration.
    public static func run(config: PipelineConfig, truthPath: String, from clustering: Clustering) throws -> Report {
        var clusterOf: [String: Int32] = [:]
        var customerNumber: [String: Int32] = [:]
        let (database, sql): (String, String) = clustering == .staging
            ? (config.stagingPath, "SELECT source_system, source, source_record_id, customer_id FROM id_record")
            : (config.warehousePath, "SELECT source_system, source_name, source_record_id, customer_id FROM bridge_customer_source")
        guard FileManager.default.fileExists(atPath: database) else {
            throw PipelineError.input("no \(clustering.rawValue) database at \(database) yet; run `oneface \(clustering == .staging ? "transform" : "run")` first")
        }
        let db = try Database(path: database, mode: .readOnly)
        guard try db.hasTable(clustering == .staging ? "id_record" : "bridge_customer_source") else {
            throw PipelineError.input("\(database) holds no clustering yet; run `oneface transform` first")
        }
        var records: [(system: String, source: String, id: String)] = []
        var systemOf: [String: String] = [:]
        try db.prepare(sql).forEachRow { row in
            guard let system = row.string(0), let source = row.string(1), let id = row.string(2), let customer = row.string(3) else { return }
            let number: Int32
            if let known = customerNumber[customer] {
                number = known
            } else {
                number = Int32(customerNumber.count)
                customerNumber[customer] = number
            }
            clusterOf[RecordDirectory.key(source: source, id: id)] = number
            records.append((system, source, id))
            systemOf[source] = system
        }
        let directory = RecordDirectory(records)
        records = []

        let file = try TruthFile(path: truthPath)
        var predicted: [Int32] = [], truth: [Int32] = []
        var entityNumber: [String: Int32] = [:]
        var matched = Set<String>()
        var onlyInTruth: [String: Int] = [:], emptyEntity: [String: Int] = [:]
        // Records labelled with an empty entity: skipped as such, not again as "only in the clustering".
        var unlabelled = Set<String>()
        var truthRows = 0, duplicates = 0
        for row in file.rows {
            truthRows += 1
            let entity = row.entity
            let key = try directory.key(of: row, in: file)
            guard !entity.isEmpty else {
                emptyEntity[row.system, default: 0] += 1
                if let key { unlabelled.insert(key) }
                continue
            }
            guard let key, let cluster = clusterOf[key] else {
                onlyInTruth[row.system, default: 0] += 1
                continue
            }
            guard matched.insert(key).inserted else {
                duplicates += 1
                continue
            }
            let number: Int32
            if let known = entityNumber[entity] {
                number = known
            } else {
                number = Int32(entityNumber.count)
                entityNumber[entity] = number
            }
            predicted.append(cluster)
            truth.append(number)
        }
        var onlyInClustering: [String: Int] = [:]
        for key in clusterOf.keys where !matched.contains(key) && !unlabelled.contains(key) {
            onlyInClustering[systemOf[String(key.prefix { $0 != "\u{1F}" })] ?? "?", default: 0] += 1
        }
        return Report(evaluation: ClusterEvaluation(predicted: predicted, truth: truth), clustering: clustering,
                      entityColumn: file.entityColumn, truthRows: truthRows, clusteredRecords: clusterOf.count,
                      onlyInTruth: onlyInTruth, onlyInClustering: onlyInClustering, emptyEntity: emptyEntity,
                      duplicateTruthRows: duplicates)
    }
}
