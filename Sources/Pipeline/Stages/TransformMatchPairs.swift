import Identity
import PipelineCore
import SQLiteDB

/// The `match_pair` table: why records were linked, in SQL.
///
/// One row per scored pair at or above the review cutoff (threshold minus `review_margin`), the
/// strongest pair per two exact-link groups: both source records, the total match weight and
/// probability, each comparison's level and weight, the blocking rule that compared them, whether
/// the weight reached the threshold, and what clustering did with it.
enum MatchPairTable {
    static var ddl: String {
        let perField = ComparisonField.allCases.map { "\($0.rawValue)_level TEXT, \($0.rawValue)_weight REAL" }
            .joined(separator: ",\n    ")
        return """

            CREATE TABLE match_pair (
                pair_id INTEGER PRIMARY KEY,          -- strongest first
                source_system_a TEXT NOT NULL, source_record_id_a TEXT NOT NULL,
                source_system_b TEXT NOT NULL, source_record_id_b TEXT NOT NULL,
                customer_id_a TEXT NOT NULL, customer_id_b TEXT NOT NULL,
                blocking_rule TEXT NOT NULL,          -- the first rule that put both records in one block
                match_weight REAL NOT NULL,           -- log2(lambda/(1-lambda)) + the comparison weights below
                match_probability REAL NOT NULL,      -- 2^w / (1 + 2^w)
                accepted INTEGER NOT NULL,            -- 1: reached identity.match_threshold (or kept: linked last night, within keep_margin)
                decision TEXT NOT NULL,               -- linked, already_linked, refused_*, below_threshold
                \(perField));
            """
    }

    static let indexes = """

        CREATE INDEX match_pair_customer_a ON match_pair(customer_id_a);
        CREATE INDEX match_pair_customer_b ON match_pair(customer_id_b);
        """

    static func write(db: Database, records: [IdentityRecord], table: FeatureTable, outcome: IdentityResolver.Outcome,
                      customerOf: [String], rules: [BlockingRuleConfig]) throws {
        let fields = ComparisonField.allCases
        let columns = fields.flatMap { ["\($0.rawValue)_level", "\($0.rawValue)_weight"] }
        let insert = try db.prepare("""
            INSERT INTO match_pair(pair_id, source_system_a, source_record_id_a, source_system_b, source_record_id_b,
              customer_id_a, customer_id_b, blocking_rule, match_weight, match_probability, accepted, decision,
              \(columns.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: 12 + columns.count).joined(separator: ",")))
            """)
        let comparisons = outcome.scorer.comparisons.comparisons
        let position = fields.map { field in comparisons.firstIndex { $0.field == field } }
        for (index, edge) in outcome.edges.enumerated() {
            let a = Int(edge.a), b = Int(edge.b)
            var values: [SQLValue] = [
                .integer(Int64(index + 1)), .text(records[a].system.rawValue), .text(records[a].sourceRecordID),
                .text(records[b].system.rawValue), .text(records[b].sourceRecordID), .text(customerOf[a]), .text(customerOf[b]),
                .text(rules[Int(edge.rule)].name), .real(edge.weight), .real(MatchScorer.probability(edge.weight)),
                .integer(outcome.decisions[index] == .belowThreshold ? 0 : 1), .text(outcome.decisions[index].rawValue),
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
}
