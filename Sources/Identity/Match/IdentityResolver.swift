import Foundation
import PipelineCore

/// Probabilistic identity resolution over normalised records: exact links, blocking, Fellegi-Sunter
/// scoring (trained by EM unless a model is given), guarded clustering. Pure and deterministic:
/// the same records and settings give the same clusters on any number of cores.
public struct IdentityResolver: Sendable {
    public let config: IdentityConfig
    public let comparisons: ComparisonSet
    /// The seed of the random pairs u is estimated from.
    public static let seed: UInt64 = 0x0F0E_FACE_2026_0001

    public init(config: IdentityConfig) {
        self.config = config
        comparisons = ComparisonSet(config.comparisons)
    }

    public struct Outcome: Sendable {
        public var links: ExactLinks
        /// Pairs at or above the review cutoff, the strongest per pair of exact-link groups,
        /// strongest first.
        public var edges: [MatchEdge]
        public var decisions: [EdgeDecision]
        /// What became of each reviewed decision given to `resolve`, in its order.
        public var reviewed: [ReviewedPair.Outcome]
        public var clusterOfRecord: [Int32]
        public var clusterCount: Int
        public var model: MatchModel
        /// A model was estimated from these records (and should be saved); false when a given model
        /// was used, or the built-in one because there were too few pairs to train on.
        public var wasTrained: Bool
        public var scorer: MatchScorer
        /// Pairs compared (blocked pairs outside exact-link groups, each once).
        public var comparedPairs: Int
        public var thresholdWeight: Double
        /// The term frequencies counted among these records, when none were given to `resolve`
        /// (to be kept with the model); nil when given ones were used.
        public var countedTermFrequencies: TermFrequencies?
        /// What an incremental night touched (`resolveIncrementally`); nil for a full resolution.
        public var incremental: Incremental? = nil
    }

    /// How much of the population an incremental night compared and clustered again.
    public struct Incremental: Sendable {
        /// Records new, changed, or beside a change (their customers and exact-link groups), whose
        /// pairs were compared again.
        public var touchedRecords: Int
        /// Exact-link groups clustered again: the components of the pairs that hold a touched one.
        public var reclusteredGroups: Int
    }

    /// Refuses a plan whose rules exceed their caps, naming the first such rule.
    public func checkCaps(_ plan: BlockingPlan) throws(MatchError) {
        for (index, rule) in plan.rules.enumerated() {
            let cap = rule.maxComparisons ?? config.maxComparisonsPerRule
            if plan.comparisons[index] > cap {
                throw .tooManyComparisons(rule: rule.name, index: index, comparisons: plan.comparisons[index], cap: cap)
            }
        }
    }

    /// Resolves identities. With `model` nil (or not fitting the comparisons) a model is trained.
    /// - Complexity: O(p · c) for p compared pairs and c comparisons, twice when training; spread
    ///   over all cores in work items of about 250,000 pairs, merged in item order.
    /// - Parameter itemTarget: pairs per work item (tests vary it to show the result does not depend on it).
    /// - Parameter kept: record pairs linked last night; they keep their link down to
    ///   `keepMargin` bits below the threshold.
    /// - Parameter reviewed: people's decisions (link, keep apart), applied before clustering.
    /// - Parameter termFrequencies: the frequencies kept with `given` (nil: counted among these records;
    ///   ignored when a model is trained, or when they do not cover the configured fields).
    public func resolve(_ table: FeatureTable, links: ExactLinks, plan: consuming BlockingPlan, model given: MatchModel?,
                        kept: [KeptPair] = [], reviewed: [ReviewedPair] = [], termFrequencies: TermFrequencies? = nil,
                        itemTarget: Int = 250_000) -> Outcome {
        let comparisons = self.comparisons
        // A local that owns the plan: the pair loop's threads read it, and it is freed once they are done.
        let plan = consume plan
        let items = plan.workItems(target: itemTarget)
        var model: MatchModel
        var wasTrained = false
        var usedGiven = false
        if let given, given.fits(config.comparisons) {
            model = given
            usedGiven = true
        } else {
            model = ModelTraining.train(table, links: links, plan: plan, comparisons: comparisons, items: items,
                                        randomPairs: config.randomPairs, seed: Self.seed).model
            wasTrained = model.training.method == "em"
        }

        let frozen = !usedGiven ? nil : termFrequencies.flatMap { $0.covers(config.termFrequency) ? $0 : nil }
        let scorer = MatchScorer(model: model, comparisons: comparisons, table: table, termFrequency: config.termFrequency,
                                 rules: plan.rules, frozen: frozen)
        let threshold = MatchScorer.weight(probability: config.matchThreshold)
        let cutoff = threshold - max(config.reviewMargin, kept.isEmpty ? 0 : config.keepMargin)
        let nodeOf = links.nodeOf
        let scored = Self.score(plan: plan, items: items, table: table, nodeOf: nodeOf, comparisons: comparisons, scorer: scorer,
                                cutoff: cutoff)
        var edges = scored.edges
        let compared = scored.compared
        // The plan (a block key per record and rule) is done with: freed before clustering, whose
        // cluster summaries are the comparison's largest structure.
        _ = consume plan
        Self.keepStrongestPerGroupPair(&edges, nodeOf: nodeOf)
        let clustering = GuardedClustering(guards: config.guards, maxSize: config.maxClusterSize,
                                           firstNames: Comparison(config.comparisons.first { $0.field == .firstName } ?? .standard(.firstName)),
                                           comparisons: comparisons, ambiguityMargin: config.ambiguityMargin,
                                           keepMargin: config.keepMargin)
        let result = clustering.cluster(table: table, links: links, edges: edges, threshold: threshold,
                                         scorer: scorer, kept: kept, reviewed: reviewed)
        let clusterOfRecord = links.nodeOf.map { result.clusterOfNode[Int($0)] }
        return Outcome(links: links, edges: edges, decisions: result.decisions, reviewed: result.reviewed, clusterOfRecord: clusterOfRecord,
                       clusterCount: result.clusterCount, model: model, wasTrained: wasTrained, scorer: scorer,
                       comparedPairs: compared, thresholdWeight: threshold,
                       countedTermFrequencies: frozen == nil ? TermFrequencies.counted(in: table, fields: config.termFrequency) : nil)
    }

    /// Scores the pairs of `items` (those `include` accepts, given the rule and both records; all
    /// without it) and lists those at or above `cutoff`, in item order; with the number scored.
    /// Each part lists its edges above the cutoff; the strongest edge of each pair of exact-link
    /// groups is kept after all parts are in. Lists, not maps: the candidates are the largest thing
    /// the comparison holds, and a list holds an edge in 24 bytes.
    /// With `touched`, the items of rules in `limited` are scored whole when `allLimited` and left out
    /// otherwise, and the other rules' items only for the pairs `touched` selects (blocks without a
    /// touched record are skipped whole).
    static func score(plan: BlockingPlan, items: [BlockingPlan.WorkItem], table: FeatureTable, nodeOf: [Int32],
                      comparisons: ComparisonSet, scorer: MatchScorer, cutoff: Double,
                      touched: TouchedPairs? = nil, limited: [Bool] = [], allLimited: Bool = true) -> (edges: [MatchEdge], compared: Int) {
        let items = touched == nil ? items : items.filter { allLimited || !limited[$0.rule] }
        var scored = Parallel.map(items.count) { index -> (edges: [MatchEdge], pairs: Int) in
            var found: [MatchEdge] = []
            var pairs = 0
            let rule = UInt8(items[index].rule)
            comparisons.withComparer(table) { comparer in
                scorer.withWeights { weights in
                    let only = touched == nil || limited[Int(rule)] ? nil : touched
                    plan.forEachPair(items[index], nodeOf: nodeOf, includeEarlier: false, only: only) { a, b, _ in
                        pairs += 1
                        let pattern = comparer.pattern(a, b)
                        let weight = weights.weight(pattern, comparer.view.records[a], rule: Int(rule))
                        guard weight >= cutoff else { return }
                        found.append(MatchEdge(a: Int32(a), b: Int32(b), weight: weight, rule: rule, pattern: pattern))
                    }
                }
            }
            return (found, pairs)
        }
        var edges: [MatchEdge] = []
        var compared = 0
        edges.reserveCapacity(scored.reduce(0) { $0 + $1.edges.count })
        for index in scored.indices {
            compared += scored[index].pairs
            edges += scored[index].edges
            scored[index].edges = []
        }
        return (edges, compared)
    }

    /// Keeps the strongest edge between each two exact-link groups, strongest first, in place.
    /// Every record pair is compared once, so no two edges tie: the result does not depend on the
    /// order `edges` came in.
    static func keepStrongestPerGroupPair(_ edges: inout [MatchEdge], nodeOf: [Int32]) {
        edges.sort { x, y in
            let keyX = nodePair(nodeOf[Int(x.a)], nodeOf[Int(x.b)]), keyY = nodePair(nodeOf[Int(y.a)], nodeOf[Int(y.b)])
            return keyX != keyY ? keyX < keyY : MatchEdge.isStronger(x, y)
        }
        var kept = 0
        var lastKey: UInt64?
        for index in edges.indices {
            let key = nodePair(nodeOf[Int(edges[index].a)], nodeOf[Int(edges[index].b)])
            guard key != lastKey else { continue }
            lastKey = key
            edges[kept] = edges[index]
            kept += 1
        }
        edges.removeLast(edges.count - kept)
        edges.sort(by: MatchEdge.isStronger)
    }

    static func nodePair(_ x: Int32, _ y: Int32) -> UInt64 {
        let (low, high) = x < y ? (x, y) : (y, x)
        return UInt64(UInt32(low)) << 32 | UInt64(UInt32(high))
    }
}
