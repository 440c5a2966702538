import Identity
import PipelineCore
import SQLiteDB
import Staging

/// The rows of `match_pair` (created by the staging migrations): why records were linked, in SQL.
///
/// One row per scored pair at or above the review cutoff (threshold minus `review_margin`), the
/// strongest pair per two exact-link groups: both source records, the total match weight and
/// probability, each comparison's level and weight, the blocking rule that compared them, whether
/// the weight reached the threshold, and what clustering did with it.
enum MatchPairTable {
    static func write(db: Database, records: [IdentityRecord], table: FeatureTable, outcome: IdentityResolver.Outcome,
                      customerOf: CustomerOf, rules: [BlockingRuleConfig]) throws {
        let fields = ComparisonField.allCases
        // The table's columns are the staging schema's: a new comparison needs a migration.
        guard fields.map(\.rawValue) == IdentityTables.comparedFields else {
            throw PipelineError.failure("match_pair has columns for \(IdentityTables.comparedFields) but the matcher compares \(fields.map(\.rawValue)); add a staging migration")
        }
        let columns = fields.flatMap { ["\($0.rawValue)_level", "\($0.rawValue)_weight"] }
        let insert = try db.prepare("""
            INSERT INTO match_pair(pair_id, source_system_a, source_record_id_a, source_system_b, source_record_id_b,
              customer_id_a, customer_id_b, blocking_rule, match_weight, match_probability, accepted, decision, source_a, source_b,
              record_key_a, record_key_b, pattern, \(columns.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: 17 + columns.count).joined(separator: ",")))
            """)
        let comparisons = outcome.scorer.comparisons.comparisons
        let position = fields.map { field in comparisons.firstIndex { $0.field == field } }
        for (index, edge) in outcome.edges.enumerated() {
            let a = Int(edge.a), b = Int(edge.b)
            var values: [SQLValue] = [
                .integer(Int64(index + 1)), .text(records[a].system.rawValue), .text(records[a].sourceRecordID),
                .text(records[b].system.rawValue), .text(records[b].sourceRecordID), .text(customerOf[a]), .text(customerOf[b]),
                .text(rules[Int(edge.rule)].name), .real(edge.weight), .real(MatchScorer.probability(edge.weight)),
                .integer(Self.accepted(outcome.decisions[index], edge.weight, threshold: outcome.thresholdWeight) ? 1 : 0),
                .text(outcome.decisions[index].rawValue), .text(records[a].source), .text(records[b].source),
                // id_record's keys of the two records (`TransformOutput.writeRecords`: number + 1).
                .integer(Int64(a + 1)), .integer(Int64(b + 1)), .integer(Int64(edge.pattern)),
            ]
            for slot in position {
                guard let slot else {
                    values += [.null, .null]
                    continue
                }
                let level = edge.pattern.levelNumber(slot)
                values.append(.text(comparisons[slot].levels[level]))
                values.append(.real(outcome.scorer.weight(comparison: slot, level: level, record: table.records[a])))
            }
            try insert.insert(values)
        }
    }

    /// Whether a pair counts as accepted: it reached the threshold (or was kept), or a person linked it.
    static func accepted(_ decision: EdgeDecision, _ weight: Double, threshold: Double) -> Bool {
        switch decision {
        case .belowThreshold: return false
        case .reviewedLink: return true
        case .reviewedApart: return weight >= threshold
        default: return true
        }
    }
}
