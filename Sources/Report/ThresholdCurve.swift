import Identity
import SQLiteDB

/// Precision, recall and F1 of the published clustering against a truth file (scored by
/// `ClusterEvaluation`, the code behind `oneface evaluate`), and the pairwise scores of the
/// clustering each other threshold would give.
///
/// The clustering at threshold t joins the records of each customer's exact-link group (records
/// attached by customer number or loyalty card) and every pair in `match_pair` of weight ≥ t that
/// clustering linked, found already linked, or left below the threshold; pairs a guard refused stay
/// apart at every t. It is an estimate: guards are not re-run, a customer's exact-linked records
/// count as one group, and pairs below the review cutoff (threshold − review margin) are not kept,
/// so the curve starts at the weakest pair kept.
///
/// The curve is swept from the highest threshold down, adding pairs to one union-find: joining two
/// clusters adds |A|·|B| predicted pairs and Σₑ Aₑ·Bₑ correct ones (Aₑ: A's records of true entity
/// e), merging the smaller entity tally into the larger. The counts equal `ClusterEvaluation`'s on
/// the same clustering (a test checks it).
/// - Complexity: O((records + pairs) log records) for the whole curve, however many thresholds.
struct ThresholdCurve {
    /// Pairwise figures at one threshold, with `ClusterEvaluation`'s conventions (no predicted pair:
    /// precision 1; no true pair: recall 1).
    struct Point: Equatable {
        var threshold: Double
        var predictedPairs: Int
        var correctPairs: Int
        var truePairs: Int

        var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
        var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
        var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }
    }

    /// The published clustering (`bridge_customer_source`) scored as it is.
    var published: ClusterEvaluation
    /// In the order of the thresholds asked for.
    var points: [Point]
    /// Truth records (with an entity) not in the warehouse, and warehouse records the truth does not label.
    var onlyInTruth: Int
    var onlyInWarehouse: Int

    static func compute(db: Database, truth: TruthLabels, thresholds: [Double]) throws -> ThresholdCurve {
        var index: [String: Int] = [:]
        var customerOf: [Int32] = []
        var firstExact: [Int32: Int] = [:]
        var exactLinks: [(Int, Int)] = []
        var customerNumber: [String: Int32] = [:]
        try db.prepare("SELECT source_name, source_record_id, customer_id, match_rule FROM bridge_customer_source ORDER BY customer_id, source_system, source_record_id, source_name")
            .forEachRow { row in
                let record = index.count
                index[TruthLabels.key(source: row.string(0) ?? "", recordID: row.string(1) ?? "")] = record
                let customer = row.string(2) ?? ""
                let number = customerNumber[customer] ?? Int32(customerNumber.count)
                customerNumber[customer] = number
                customerOf.append(number)
                let rule = row.string(3) ?? ""
                if rule != "probabilistic" && rule != "unique" {
                    if let first = firstExact[number] { exactLinks.append((first, record)) } else { firstExact[number] = record }
                }
            }
        var pairs: [(a: Int, b: Int, weight: Double)] = []
        try db.prepare("""
            SELECT source_name_a, source_record_id_a, source_name_b, source_record_id_b, match_weight FROM match_pair
            WHERE decision IN ('linked', 'already_linked', 'below_threshold') ORDER BY match_weight DESC, pair_id
            """).forEachRow { row in
            guard let a = index[TruthLabels.key(source: row.string(0) ?? "", recordID: row.string(1) ?? "")],
                  let b = index[TruthLabels.key(source: row.string(2) ?? "", recordID: row.string(3) ?? "")] else { return }
            pairs.append((a, b, row.column(4).double ?? 0))
        }

        // The records both know, with their entity numbered in key order.
        var entityOf: [Int: Int32] = [:]
        var entityNumber: [String: Int32] = [:]
        var onlyInTruth = 0
        for (key, entity) in truth.entityByRecord.sorted(by: { $0.key < $1.key }) {
            guard let record = index[key] else { onlyInTruth += 1; continue }
            let number = entityNumber[entity] ?? Int32(entityNumber.count)
            entityNumber[entity] = number
            entityOf[record] = number
        }
        let labelled = entityOf.keys.sorted()
        let published = ClusterEvaluation(predicted: labelled.map { customerOf[$0] }, truth: labelled.map { entityOf[$0]! })

        var sweep = Sweep(count: index.count, entityOf: entityOf)
        for (a, b) in exactLinks { sweep.join(a, b) }
        var points: [Point] = []
        var next = 0
        for threshold in thresholds.sorted(by: >) {
            while next < pairs.count && pairs[next].weight >= threshold {
                sweep.join(pairs[next].a, pairs[next].b)
                next += 1
            }
            points.append(Point(threshold: threshold, predictedPairs: sweep.predictedPairs, correctPairs: sweep.correctPairs,
                                truePairs: published.truePairs))
        }
        let order = Dictionary(points.map { ($0.threshold, $0) }, uniquingKeysWith: { first, _ in first })
        return ThresholdCurve(published: published, points: thresholds.map { order[$0]! }, onlyInTruth: onlyInTruth,
                              onlyInWarehouse: index.count - labelled.count - truth.unlabelledCount(in: index))
    }

    /// Clusters growing by joins, with their pair counts kept up to date.
    struct Sweep {
        private var sets: UnionFind
        /// Per cluster root: labelled records per true entity (absent: no labelled record).
        private var tally: [Int: [Int32: Int]] = [:]
        private(set) var predictedPairs = 0
        private(set) var correctPairs = 0

        init(count: Int, entityOf: [Int: Int32]) {
            sets = UnionFind(count: count)
            for (record, entity) in entityOf { tally[record] = [entity: 1] }
        }

        mutating func join(_ a: Int, _ b: Int) {
            let ra = sets.find(a), rb = sets.find(b)
            guard ra != rb else { return }
            sets.union(ra, rb)
            let root = sets.find(ra)
            let left = tally.removeValue(forKey: ra) ?? [:], right = tally.removeValue(forKey: rb) ?? [:]
            var (large, small) = left.count >= right.count ? (left, right) : (right, left)
            predictedPairs += large.values.reduce(0, +) * small.values.reduce(0, +)
            for (entity, count) in small {
                correctPairs += count * (large[entity] ?? 0)
                large[entity, default: 0] += count
            }
            if !large.isEmpty { tally[root] = large }
        }
    }
}
