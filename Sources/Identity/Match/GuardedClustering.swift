import PipelineCore

/// A scored pair of records from two different exact-link groups.
public struct MatchEdge: Sendable, Equatable {
    /// Record numbers, `a < b`.
    public var a: Int32
    public var b: Int32
    public var weight: Double
    /// The blocking rule (index) that compared the pair.
    public var rule: UInt8
    public var pattern: ComparisonPattern

    public init(a: Int32, b: Int32, weight: Double, rule: UInt8, pattern: ComparisonPattern) {
        self.a = a
        self.b = b
        self.weight = weight
        self.rule = rule
        self.pattern = pattern
    }

    /// Strongest first; equal weights in record order, so the order never depends on threads.
    static func isStronger(_ x: MatchEdge, _ y: MatchEdge) -> Bool {
        if x.weight != y.weight { return x.weight > y.weight }
        if x.a != y.a { return x.a < y.a }
        return x.b < y.b
    }
}

/// Two records (numbers) whose pair joined two customers on an earlier night (`match_pair` decision `linked`).
public struct KeptPair: Sendable, Equatable {
    public var a: Int32
    public var b: Int32

    public init(a: Int32, b: Int32) {
        self.a = a
        self.b = b
    }
}

/// What clustering did with a pair.
public enum EdgeDecision: String, Sendable, CaseIterable {
    /// Accepted, and it joined two clusters.
    case linked
    /// Accepted; its records were already in one cluster through stronger pairs.
    case alreadyLinked = "already_linked"
    /// Accepted by weight, refused because the clusters have conflicting birth dates.
    case conflictBirthDate = "refused_birth_date"
    /// Accepted by weight, refused because the clusters have different customer numbers.
    case conflictCustomerNumber = "refused_customer_number"
    /// Accepted by weight, refused because the clusters have different loyalty cards.
    case conflictLoyaltyCard = "refused_loyalty_card"
    /// Accepted by weight, refused because the clusters have clearly different first names.
    case conflictFirstName = "refused_first_name"
    /// Accepted by weight, refused because the joined cluster would exceed the maximum size.
    case tooLarge = "refused_cluster_size"
    /// Accepted by weight on names and place alone, refused because the record could as well
    /// belong to another customer.
    case ambiguous = "refused_ambiguous"
    /// Accepted by weight on names and place alone, refused because the other records of the two
    /// clusters disagree (e-mail, phone, address, birth date) enough to fall below the threshold.
    case disagreeingRecords = "refused_disagreeing_records"
    /// Below the match threshold: kept for review only.
    case belowThreshold = "below_threshold"
    /// A person decided (reviewed-decisions file) that these records are one customer.
    case reviewedLink = "reviewed_link"
    /// Refused because a person decided (reviewed-decisions file) that records of the two clusters
    /// are different customers: the decided pair itself, or any other pair that would join them.
    case reviewedApart = "reviewed_apart"
}

/// Connected components over accepted pairs, strongest pair first, that never join two clusters
/// holding conflicting strong identifiers, never grow a cluster past a maximum size, and join on
/// names and place alone only where the rest of both clusters does not disagree and no other
/// cluster fits as well.
///
/// Why guards: plain connected components over-merge, because one wrong link (a household's shared
/// e-mail, two namesakes in one town) joins two people and everything linked to either. Taking
/// pairs strongest first means the weakest joins are the ones refused.
/// - Complexity: O(e log e) for the order plus O(e · s²) guard checks, s the (small, capped) number
///   of distinct identifier values per cluster, plus O(w · r²) comparisons for the w pairs on names
///   and place, r the records per cluster (at most `Summary.recordCap` are compared).
public struct GuardedClustering {
    public struct Result: Sendable {
        /// Cluster of each exact-link group; clusters numbered by their first group.
        public var clusterOfNode: [Int32]
        public var clusterCount: Int
        /// Decision for each edge, in the order given.
        public var decisions: [EdgeDecision]
        /// What became of each reviewed decision, in the order given.
        public var reviewed: [ReviewedPair.Outcome]
    }

    /// Distinct identifier values of a cluster that guards compare.
    struct Summary {
        var birthDates: [Int32] = []
        var customerNumbers: [Int32] = []
        var loyaltyCards: [Int32] = []
        var firstNames: [Int32] = []
        /// Some record of the cluster has an e-mail address or a phone number.
        var hasContact = false
        /// Records of the cluster (the first `recordCap`), for scoring a weak pair against them all.
        var records: [Int32] = []
        var size = 1
        /// Sides of reviewed `keep_apart` decisions in this cluster: +k for the first record of
        /// decision k, -k for the second; a cluster holding +k never joins one holding -k.
        var apart: [Int32] = []

        static let cap = 16
        static let recordCap = 64

        mutating func absorb(_ other: Summary) {
            Self.merge(&birthDates, other.birthDates)
            Self.merge(&customerNumbers, other.customerNumbers)
            Self.merge(&loyaltyCards, other.loyaltyCards)
            Self.merge(&firstNames, other.firstNames)
            records += other.records.prefix(Self.recordCap - min(Self.recordCap, records.count))
            size += other.size
            hasContact = hasContact || other.hasContact
            apart += other.apart
        }

        /// True when a reviewed decision keeps the two clusters apart.
        func isKeptApart(from other: Summary) -> Bool {
            !apart.isEmpty && !other.apart.isEmpty && apart.contains { other.apart.contains(-$0) }
        }

        static func merge(_ values: inout [Int32], _ more: [Int32]) {
            for value in more where values.count < cap && !values.contains(value) { values.append(value) }
        }
    }

    /// The summaries of the exact-link groups an accepted pair touches, by group number: an array
    /// with a flag per group, not a dictionary, which would take half as much again at a million
    /// records.
    struct SummaryTable {
        private var summaries: [Summary]
        private var present: [Bool]

        init(count: Int) {
            summaries = Array(repeating: Summary(), count: count)
            present = Array(repeating: false, count: count)
        }

        func has(_ node: Int32) -> Bool { present[Int(node)] }

        mutating func add(_ node: Int32) { present[Int(node)] = true }

        /// Drops a summary (absorbed by another), freeing its lists.
        mutating func remove(_ node: Int32) {
            present[Int(node)] = false
            summaries[Int(node)] = Summary()
        }

        /// A present group's summary.
        subscript(node: Int32) -> Summary {
            get { summaries[Int(node)] }
            _modify { yield &summaries[Int(node)] }
        }
    }

    let guards: Set<ClusterGuard>
    let maxSize: Int
    let firstNames: Comparison
    let comparisons: ComparisonSet
    let ambiguityMargin: Double
    let keepMargin: Double

    public init(guards: [ClusterGuard], maxSize: Int, firstNames: Comparison, comparisons: ComparisonSet,
                ambiguityMargin: Double, keepMargin: Double = 0) {
        self.keepMargin = keepMargin
        self.guards = Set(guards)
        self.maxSize = maxSize
        self.firstNames = firstNames
        self.comparisons = comparisons
        self.ambiguityMargin = ambiguityMargin
    }

    /// Clusters exact-link groups by `edges` (already strongest first) with weight ≥ `threshold`.
    /// - Parameter kept: record pairs linked last night; a pair between the same exact-link
    ///   groups keeps its link down to `keepMargin` bits below `threshold`.
    /// - Parameter reviewed: people's decisions, applied before any edge: `link`s join first,
    ///   `keep_apart`s refuse every join that would put their two records in one cluster.
    public func cluster(table: FeatureTable, links: ExactLinks, edges: [MatchEdge], threshold: Double,
                        scorer: MatchScorer, kept: [KeptPair] = [], reviewed: [ReviewedPair] = []) -> Result {
        var parent = Array(0..<Int32(links.nodeCount))
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        /// The weight an edge must reach: a pair accepted last night (between the same exact-link
        /// groups) keeps its link down to `keepMargin` bits below the threshold, so a little drift in
        /// the model's term frequencies never splits a customer; a new link must clear the threshold.
        /// The same inputs give the same weights, so a rerun decides exactly as the night before.
        let keptNodes = Set(kept.map { IdentityResolver.nodePair(links.nodeOf[Int($0.a)], links.nodeOf[Int($0.b)]) })
        func required(_ edge: MatchEdge) -> Double {
            guard !keptNodes.isEmpty,
                  keptNodes.contains(IdentityResolver.nodePair(links.nodeOf[Int(edge.a)], links.nodeOf[Int(edge.b)])) else { return threshold }
            return threshold - keepMargin
        }
        // Summaries only for groups an accepted pair touches; the others never join anything.
        var summaries = SummaryTable(count: links.nodeCount)
        for edge in edges where edge.weight >= required(edge) {
            for record in [edge.a, edge.b] {
                let node = links.nodeOf[Int(record)]
                summaries.add(node)
            }
        }
        for pair in reviewed {
            for record in [pair.a, pair.b] { summaries.add(links.nodeOf[Int(record)]) }
        }
        for record in 0..<table.count {
            let node = links.nodeOf[record]
            guard summaries.has(node) else { continue }
            let r = table.records[record]
            if r.birthDate >= 0 { Summary.merge(&summaries[node].birthDates, [r.birthDate]) }
            if r.customerNumber >= 0 { Summary.merge(&summaries[node].customerNumbers, [r.customerNumber]) }
            if r.loyaltyCard >= 0 { Summary.merge(&summaries[node].loyaltyCards, [r.loyaltyCard]) }
            if r.firstName >= 0 { Summary.merge(&summaries[node].firstNames, [r.firstName]) }
            if r.email >= 0 || r.phone >= 0 { summaries[node].hasContact = true }
            if summaries[node].records.count < Summary.recordCap { summaries[node].records.append(Int32(record)) }
        }

        var decisions = [EdgeDecision](repeating: .belowThreshold, count: edges.count)
        /// Puts cluster `y` under `x` (or the other way round).
        func union(_ x: Int32, _ y: Int32) {
            // The lower group number becomes the root, so roots do not depend on edge order ties.
            let (root, child) = x < y ? (x, y) : (y, x)
            parent[Int(child)] = root
            summaries[root].absorb(summaries[child])
            summaries.remove(child)
        }
        /// Marks the sides of every `keep_apart`, then joins every `link` that no `keep_apart` forbids,
        /// in the order given; a `keep_apart` whose records end up in one cluster anyway (an exact link,
        /// or other `link`s) is contradicted.
        func applyReviewed() -> [ReviewedPair.Outcome] {
            var outcomes = [ReviewedPair.Outcome](repeating: .applied, count: reviewed.count)
            for (index, pair) in reviewed.enumerated() where pair.verdict == .keepApart {
                let side = Int32(index + 1)
                let x = links.nodeOf[Int(pair.a)], y = links.nodeOf[Int(pair.b)]
                if x == y {
                    outcomes[index] = .contradicted
                    continue
                }
                summaries[x].apart.append(side)
                summaries[y].apart.append(-side)
            }
            for (index, pair) in reviewed.enumerated() where pair.verdict == .link {
                let x = find(links.nodeOf[Int(pair.a)]), y = find(links.nodeOf[Int(pair.b)])
                guard x != y else { continue }
                if summaries[x].isKeptApart(from: summaries[y]) {
                    outcomes[index] = .contradicted
                    continue
                }
                union(x, y)
            }
            return outcomes
        }
        let outcomes = applyReviewed()
        var reviewedNodes: [UInt64: ReviewedPair.Verdict] = [:]
        for (pair, outcome) in zip(reviewed, outcomes) where outcome == .applied {
            reviewedNodes[IdentityResolver.nodePair(links.nodeOf[Int(pair.a)], links.nodeOf[Int(pair.b)])] = pair.verdict
        }

        /// Joins the clusters of `edge` unless a guard or the size limit forbids it.
        func join(_ index: Int) {
            let edge = edges[index]
            let x = find(links.nodeOf[Int(edge.a)]), y = find(links.nodeOf[Int(edge.b)])
            if x == y {
                decisions[index] = .alreadyLinked
                return
            }
            let left = summaries[x], right = summaries[y]
            if left.isKeptApart(from: right) {
                decisions[index] = .reviewedApart
                return
            }
            if let conflict = self.conflict(left, right, table, edge: edge, threshold: required(edge), scorer: scorer) {
                decisions[index] = conflict
                return
            }
            if left.size + right.size > maxSize {
                decisions[index] = .tooLarge
                return
            }
            union(x, y)
            decisions[index] = .linked
        }

        // Phase 1: pairs with evidence beyond names and place, strongest first.
        var weak: [Int] = []
        for (index, edge) in edges.enumerated() where edge.weight >= required(edge) {
            if comparisons.isWeak(edge.pattern) { weak.append(index) } else { join(index) }
        }

        // Phase 2: pairs that agree only on names and place. Such a pair says little by itself, so
        // it is weighed with the rest of both clusters (`clusterWeight`): a namesake whose ticket
        // carries another phone, or whose purchases another address, falls below the threshold
        // and is refused. A pair still above it joins only where that is unambiguous: it is refused
        // when either side has another such pair, nearly as strong (within `ambiguityMargin` bits),
        // to a cluster that could not join the other side. So a `Helga Herrmann` known only by
        // name is not attached while two different Helga Herrmanns exist, but a rare name in one
        // postcode is.
        comparisons.withComparer(table) { comparer in
            scorer.withWeights { weights in
                var targets: [Int32: [Int32: Double]] = [:]
                var compatible = Set<UInt64>()
                var weighed: [Double] = []
                weighed.reserveCapacity(weak.count)
                for index in weak {
                    let edge = edges[index]
                    let x = find(links.nodeOf[Int(edge.a)]), y = find(links.nodeOf[Int(edge.b)])
                    guard x != y else {
                        weighed.append(edge.weight)
                        continue
                    }
                    let weight = clusterWeight(edge, summaries[x], summaries[y], comparer, weights)
                    weighed.append(weight)
                    guard weight >= required(edge) else { continue }
                    targets[x, default: [:]][y] = max(targets[x]?[y] ?? -.infinity, weight)
                    targets[y, default: [:]][x] = max(targets[y]?[x] ?? -.infinity, weight)
                    compatible.insert(IdentityResolver.nodePair(x, y))
                }
                func canJoin(_ p: Int32, _ q: Int32) -> Bool {
                    compatible.contains(IdentityResolver.nodePair(p, q)) && !summaries[p].isKeptApart(from: summaries[q])
                        && contradiction(summaries[p], summaries[q], agreement(summaries[p], summaries[q], table, pattern: nil)) == nil
                        && !(guards.contains(.loyaltyCard) && Self.differ(summaries[p].loyaltyCards, summaries[q].loyaltyCards))
                }
                /// True when `from` has another weak pair, nearly as strong as `weight`, to a cluster that cannot join `to`.
                func hasRival(from: Int32, to: Int32, weight: Double) -> Bool {
                    guard let candidates = targets[from] else { return false }
                    for (other, otherWeight) in candidates where other != to && otherWeight > weight - ambiguityMargin {
                        if !canJoin(to, other) { return true }
                    }
                    return false
                }
                let isAmbiguous = weak.enumerated().map { position, index -> Bool in
                    let edge = edges[index]
                    let x = find(links.nodeOf[Int(edge.a)]), y = find(links.nodeOf[Int(edge.b)])
                    guard x != y, weighed[position] >= required(edge) else { return false }
                    return hasRival(from: x, to: y, weight: weighed[position]) || hasRival(from: y, to: x, weight: weighed[position])
                }
                for (position, index) in weak.enumerated() {
                    if isAmbiguous[position] {
                        decisions[index] = .ambiguous
                        continue
                    }
                    let edge = edges[index]
                    let x = find(links.nodeOf[Int(edge.a)]), y = find(links.nodeOf[Int(edge.b)])
                    if x != y, clusterWeight(edge, summaries[x], summaries[y], comparer, weights) < required(edge) {
                        decisions[index] = .disagreeingRecords
                        continue
                    }
                    join(index)
                }
            }
        }

        // A decided pair is shown as decided, whatever its weight made of it.
        if !reviewedNodes.isEmpty {
            for (index, edge) in edges.enumerated() {
                switch reviewedNodes[IdentityResolver.nodePair(links.nodeOf[Int(edge.a)], links.nodeOf[Int(edge.b)])] {
                case .link?: decisions[index] = .reviewedLink
                case .keepApart?: decisions[index] = .reviewedApart
                case nil: break
                }
            }
        }

        var clusterOfRoot = [Int32](repeating: -1, count: links.nodeCount)
        var clusterOfNode = [Int32](repeating: 0, count: links.nodeCount)
        var next: Int32 = 0
        for node in 0..<Int32(links.nodeCount) {
            let root = find(node)
            if clusterOfRoot[Int(root)] < 0 {
                clusterOfRoot[Int(root)] = next
                next += 1
            }
            clusterOfNode[Int(node)] = clusterOfRoot[Int(root)]
        }
        return Result(clusterOfNode: clusterOfNode, clusterCount: Int(next), decisions: decisions, reviewed: outcomes)
    }


    /// The weight of a weak pair with the rest of both clusters: its names, plus for every other
    /// comparison the best level any record of one cluster reaches with any record of the other
    /// (missing only where no such pair has both values); the address comparisons (nested) from
    /// the one record pair whose address agrees best.
    func clusterWeight(_ edge: MatchEdge, _ x: Summary, _ y: Summary, _ comparer: PairComparer, _ weights: WeightView) -> Double {
        let rules = comparer.rules
        let record = comparer.view.records[Int(edge.a)]
        var total = weights.prior(rule: Int(edge.rule))
        var best = [Double](repeating: -.infinity, count: rules.count)
        var bestAddress = -Double.infinity
        for (index, rule) in rules.enumerated() where rule.field == .firstName || rule.field == .lastName {
            total += weights.weight(comparison: index, level: edge.pattern.level(index), record: record)
        }
        for r in x.records {
            for s in y.records {
                let pattern = comparer.pattern(Int(r), Int(s))
                let left = comparer.view.records[Int(r)]
                var address = 0.0, addressKnown = false
                for (index, rule) in rules.enumerated() {
                    let level = pattern.level(index)
                    guard level != Int(rule.missingLevel) else { continue }
                    switch rule.field {
                    case .firstName, .lastName: continue
                    case .street, .postcode, .city:
                        address += weights.weight(comparison: index, level: level, record: left)
                        addressKnown = true
                    case .email, .phone, .birthDate:
                        best[index] = max(best[index], weights.weight(comparison: index, level: level, record: left))
                    }
                }
                if addressKnown { bestAddress = max(bestAddress, address) }
            }
        }
        for value in best where value > -.infinity { total += value }
        if bestAddress > -.infinity { total += bestAddress }
        return total
    }

    /// Why two clusters may not be joined by `edge`, or nil.
    ///
    /// Guards weigh, they do not veto, but for the contradictions of `contradiction(_:_:_:)`
    /// (different customer numbers; incompatible first names without agreeing birth dates where
    /// either customer has contact data, as in a household):
    /// - with agreeing birth dates (same, swapped or a typo of a date already in the other cluster),
    ///   different first names are evidence: the pair's weight with the first names at `far` must
    ///   still reach the threshold (a first name replaced or keyed in the wrong field);
    /// - birth dates that no date of the other cluster is compatible with are weighed the same way:
    ///   the pair's weight with the birth date at the best level the two clusters reach must stay
    ///   above the threshold, so a namesake with another birth date and nothing else in common stays
    ///   apart while a record whose date was mistyped twice still joins on its address;
    /// - two loyalty cards join only on strong evidence: agreeing birth dates, compatible first
    ///   names and more than names and place in the pair itself. One card is one exact-link group,
    ///   so a card never spans two people.
    func conflict(_ x: Summary, _ y: Summary, _ table: FeatureTable, edge: MatchEdge, threshold: Double,
                  scorer: MatchScorer) -> EdgeDecision? {
        let agreement = self.agreement(x, y, table, pattern: edge.pattern)
        if let contradiction = contradiction(x, y, agreement) { return contradiction }
        if guards.contains(.loyaltyCard), Self.differ(x.loyaltyCards, y.loyaltyCards) {
            let strong = agreement.birthDates == .agree && agreement.firstNames != .disagree && !comparisons.isWeak(edge.pattern)
            if !strong { return .conflictLoyaltyCard }
        }
        var weight = edge.weight
        var refusal: EdgeDecision?
        let record = table.records[Int(edge.a)]
        for (index, comparison) in comparisons.comparisons.enumerated() {
            let level: Int
            switch comparison.field {
            case .firstName where guards.contains(.firstName) && agreement.firstNames == .disagree:
                level = Int(comparison.farLevel)
                refusal = refusal ?? .conflictFirstName
            case .birthDate where guards.contains(.birthDate) && agreement.birthDates == .disagree:
                level = agreement.bestBirthDateLevel
                refusal = .conflictBirthDate
            default: continue
            }
            // The pair's own level already weighs the disagreement unless its records lack the value.
            guard edge.pattern.level(index) == Int(comparison.missingLevel) else { continue }
            weight += scorer.weight(comparison: index, level: level, record: record)
        }
        return weight < threshold ? refusal : nil
    }

    /// How two clusters' first names and birth dates relate; with the pattern of the pair that would
    /// join them, its own first names count too: names keyed into each other's fields
    /// (`Bloomfield Jaiden` / `Jaiden Bloomfield`) agree where the clusters' first names do not.
    func agreement(_ x: Summary, _ y: Summary, _ table: FeatureTable, pattern: ComparisonPattern?) -> Agreement {
        var agreement = Agreement(x, y, table, firstNames: firstNames)
        if let pattern, let index = comparisons.comparisons.firstIndex(where: { $0.field == .firstName }),
           pattern.level(index) < Int(comparisons.comparisons[index].farLevel) {
            agreement.firstNames = .agree
        }
        return agreement
    }

    /// Contradictions no weight overrides: different customer numbers; incompatible first names
    /// without agreeing birth dates, as in a household (one surname, address, e-mail and landline),
    /// unless neither customer has any e-mail or phone: then nothing tells a household from one
    /// person whose first name and birth date were mistyped (data without contact details, such as
    /// FEBRL), and the names are weighed instead.
    func contradiction(_ x: Summary, _ y: Summary, _ agreement: Agreement) -> EdgeDecision? {
        if guards.contains(.customerNumber), Self.differ(x.customerNumbers, y.customerNumbers) { return .conflictCustomerNumber }
        if guards.contains(.firstName) && agreement.firstNames == .disagree && agreement.birthDates != .agree
            && (x.hasContact || y.hasContact) {
            return .conflictFirstName
        }
        return nil
    }

    static func differ(_ a: [Int32], _ b: [Int32]) -> Bool {
        a.contains { value in b.contains { $0 != value } }
    }

    /// How two clusters' first names and birth dates relate.
    struct Agreement {
        enum State { case agree, disagree, unknown }
        var firstNames = State.unknown
        var birthDates = State.unknown
        /// The strongest birth-date level of any date of one cluster with any of the other.
        var bestBirthDateLevel = Int(DateComparison.Level.missing.rawValue)

        init(_ x: Summary, _ y: Summary, _ table: FeatureTable, firstNames comparison: Comparison) {
            if !x.firstNames.isEmpty && !y.firstNames.isEmpty {
                // Compatible: the same, a typo, a sound-alike, a short form or an initial.
                let compatible = x.firstNames.contains { a in
                    y.firstNames.contains { b in comparison.nameLevel(a, b, table.firstNames) < comparison.farLevel }
                }
                firstNames = compatible ? .agree : .disagree
            }
            // Dates speak first: a year alone (`birth_year`, yyyy0000) counts only where one side
            // has no date, so a survey's year never hides two dates that disagree.
            var bestWithYear = Int(DateComparison.Level.missing.rawValue)
            for a in x.birthDates {
                for b in y.birthDates {
                    let level = DateComparison.level(yyyymmdd: a, b).rawValue
                    if a % 10_000 == 0 || b % 10_000 == 0 {
                        bestWithYear = min(bestWithYear, level)
                    } else {
                        bestBirthDateLevel = min(bestBirthDateLevel, level)
                    }
                }
            }
            if bestBirthDateLevel == Int(DateComparison.Level.missing.rawValue) { bestBirthDateLevel = bestWithYear }
            if bestBirthDateLevel <= DateComparison.Level.oneTypo.rawValue {
                birthDates = .agree
            } else if bestBirthDateLevel == DateComparison.Level.sameYear.rawValue {
                birthDates = .unknown   // compatible, but a year says too little to vouch for a first name
            } else if bestBirthDateLevel < DateComparison.Level.missing.rawValue {
                birthDates = .disagree
            }
        }
    }
}
