import Identity
import SQLiteDB

/// Pairwise and B-cubed precision, recall and F1 of the published clustering against a truth
/// file, and of the clustering each other threshold would give, scored by `ClusterEvaluation`
/// (the code behind `oneface evaluate`).
///
/// The clustering at threshold t joins the records of each customer's exact-link group (records
/// attached by customer number or loyalty card) and every pair in `match_pair` of weight ≥ t that
/// clustering linked, found already linked, or left below the threshold; pairs a guard refused stay
/// apart at every t. It is an estimate: guards are not re-run, a customer's exact-linked records
/// count as one group, and pairs below the review cutoff (threshold − review margin) are not kept,
/// so the curve starts at the weakest pair kept.
/// - Complexity: O((records + pairs) × thresholds) with union-find; no pair enumeration.
struct ThresholdCurve {
    struct Point {
        var threshold: Double
        var evaluation: ClusterEvaluation
    }

    /// The published clustering (`bridge_customer_source`) scored as it is.
    var published: ClusterEvaluation
    var points: [Point]
    /// Truth rows (with an entity) whose record is not in the warehouse, and bridge records the truth does not label.
    var onlyInTruth: Int
    var onlyInWarehouse: Int

    static func compute(db: Database, truth: TruthLabels, thresholds: [Double]) throws -> ThresholdCurve {
        var index: [String: Int] = [:]
        var customerOf: [Int32] = []
        var exactGroups: [String: Int] = [:]
        var unions: [(Int, Int)] = []
        var customerNumber: [String: Int32] = [:]
        try db.prepare("SELECT source_system, source_record_id, customer_id, match_rule FROM bridge_customer_source ORDER BY customer_id, source_system, source_record_id")
            .forEachRow { row in
                let record = index.count
                let key = (row.string(0) ?? "") + "\u{1F}" + (row.string(1) ?? "")
                index[key] = record
                let customer = row.string(2) ?? ""
                let number = customerNumber[customer] ?? Int32(customerNumber.count)
                customerNumber[customer] = number
                customerOf.append(number)
                let rule = row.string(3) ?? ""
                if rule != "probabilistic" && rule != "unique" {
                    if let first = exactGroups[customer] { unions.append((first, record)) } else { exactGroups[customer] = record }
                }
            }
        var pairs: [(a: Int, b: Int, weight: Double)] = []
        try db.prepare("""
            SELECT source_system_a, source_record_id_a, source_system_b, source_record_id_b, match_weight FROM match_pair
            WHERE decision IN ('linked', 'already_linked', 'below_threshold') ORDER BY pair_id
            """).forEachRow { row in
            guard let a = index[(row.string(0) ?? "") + "\u{1F}" + (row.string(1) ?? "")],
                  let b = index[(row.string(2) ?? "") + "\u{1F}" + (row.string(3) ?? "")] else { return }
            pairs.append((a, b, row.column(4).double ?? 0))
        }

        // The records both know, with their entity numbered in first-seen order.
        var labelled: [(record: Int, entity: Int32)] = []
        var entityNumber: [String: Int32] = [:]
        var onlyInTruth = 0
        for (key, entity) in truth.entityByRecord.sorted(by: { $0.key < $1.key }) {
            guard let record = index[key] else { onlyInTruth += 1; continue }
            let number = entityNumber[entity] ?? Int32(entityNumber.count)
            entityNumber[entity] = number
            labelled.append((record, number))
        }
        let entities = labelled.map(\.entity)
        let published = ClusterEvaluation(predicted: labelled.map { customerOf[$0.record] }, truth: entities)
        var points: [Point] = []
        for threshold in thresholds {
            var sets = UnionFind(count: index.count)
            for (a, b) in unions { sets.union(a, b) }
            for pair in pairs where pair.weight >= threshold { sets.union(pair.a, pair.b) }
            let predicted = labelled.map { sets.find($0.record) }
            points.append(Point(threshold: threshold, evaluation: ClusterEvaluation(predicted: predicted, truth: entities)))
        }
        return ThresholdCurve(published: published, points: points, onlyInTruth: onlyInTruth,
                              onlyInWarehouse: index.count - labelled.count - truth.unlabelledCount(in: index))
    }
}
