/// Pairwise and B-cubed precision, recall and F1 of a clustering against a ground truth, as
/// DOMAIN.md defines them.
///
/// Both are computed from the contingency table (how many records each predicted cluster shares
/// with each true entity), never by enumerating pairs: a cluster of n records holds n·(n−1)/2 pairs,
/// so pair counts are sums of C(n, 2).
public struct ClusterEvaluation: Sendable, Equatable {
    public struct Scores: Sendable, Equatable {
        public var precision: Double
        public var recall: Double
        public var f1: Double

        init(precision: Double, recall: Double) {
            self.precision = precision
            self.recall = recall
            f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        }
    }

    /// Records compared (in both the clustering and the truth).
    public var records: Int
    /// Unordered record pairs in one predicted cluster, in one true entity, and in both.
    public var predictedPairs: Int
    public var truePairs: Int
    public var correctPairs: Int
    public var pairwise: Scores
    public var bCubed: Scores

    /// - Parameters:
    ///   - predicted: the predicted cluster of each record.
    ///   - truth: the true entity of each record (same order and length).
    /// - Complexity: O(n) expected (hashing), no pair enumeration.
    public init<Cluster: Hashable, Entity: Hashable>(predicted: [Cluster], truth: [Entity]) {
        precondition(predicted.count == truth.count, "one predicted cluster and one true entity per record")
        var clusterSize: [Cluster: Int] = [:]
        var entitySize: [Entity: Int] = [:]
        var cellSize: [Pair<Cluster, Entity>: Int] = [:]
        for (cluster, entity) in zip(predicted, truth) {
            clusterSize[cluster, default: 0] += 1
            entitySize[entity, default: 0] += 1
            cellSize[Pair(first: cluster, second: entity), default: 0] += 1
        }
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        records = predicted.count
        predictedPairs = clusterSize.values.reduce(0) { $0 + pairs($1) }
        truePairs = entitySize.values.reduce(0) { $0 + pairs($1) }
        correctPairs = cellSize.values.reduce(0) { $0 + pairs($1) }
        // With no pair on one side, the score of that side is perfect by convention (nothing wrong claimed).
        pairwise = Scores(precision: predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs),
                          recall: truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs))
        // B-cubed: each record r in cell (C, T) has p(r) = |C∩T|/|C| and r(r) = |C∩T|/|T|; the n records
        // of one cell share their values, so each cell adds n·n/|C| and n·n/|T| to the sums.
        // Summed in sorted order: dictionary order changes from process to process, floating-point
        // sums depend on order, and the printed figures must not.
        var precisionParts: [Double] = [], recallParts: [Double] = []
        for (cell, n) in cellSize {
            let shared = Double(n) * Double(n)
            precisionParts.append(shared / Double(clusterSize[cell.first]!))
            recallParts.append(shared / Double(entitySize[cell.second]!))
        }
        let precisionSum = precisionParts.sorted().reduce(0, +), recallSum = recallParts.sorted().reduce(0, +)
        let count = Double(max(records, 1))
        bCubed = Scores(precision: records == 0 ? 1 : precisionSum / count, recall: records == 0 ? 1 : recallSum / count)
    }
}

/// Two hashable values as one dictionary key.
private struct Pair<First: Hashable, Second: Hashable>: Hashable {
    let first: First
    let second: Second
}
