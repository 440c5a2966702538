import PipelineCore

/// What the last transform decided, in tonight's record numbers: the input of an incremental night.
public struct PreviousResolution: Sendable {
    /// Per record: new tonight, changed in a value matching reads, or a customer-mate of such a
    /// record or of a record gone since (the caller's part of the touched records).
    public var touched: [Bool]
    /// Per record: its customer last night, numbered densely; -1 for a record new tonight.
    public var cluster: [Int32]
    /// Last night's scored pairs (`match_pair`) whose both records are still staged.
    public var edges: [MatchEdge]
    /// What clustering did with each of `edges`.
    public var decisions: [EdgeDecision]

    public init(touched: [Bool], cluster: [Int32], edges: [MatchEdge], decisions: [EdgeDecision]) {
        self.touched = touched
        self.cluster = cluster
        self.edges = edges
        self.decisions = decisions
    }
}

extension IdentityResolver {
    /// Why `resolveIncrementally` cannot be used with these settings (nil: it can). It needs last
    /// night's pairs down to tonight's cutoff, and every blocking rule with a `max_block_size` after
    /// every rule without: see `resolveIncrementally`.
    public func incrementalBlocker(reviewed: Int) -> String? {
        if reviewed > 0 { return "reviewed decisions are in force" }
        if config.keepMargin > config.reviewMargin { return "keep_margin is wider than review_margin" }
        let limited = config.blocking.map { $0.maxBlockSize != nil }
        if let firstLimited = limited.firstIndex(of: true), limited[firstLimited...].contains(false) {
            return "a blocking rule without max_block_size follows one with it"
        }
        return nil
    }

    /// Resolves tonight's records from last night's resolution, comparing and clustering only what
    /// the changes reach; the result equals `resolve` over all records with the same model, kept
    /// term frequencies, kept pairs and previous clusters.
    ///
    /// Why it is exact:
    /// - The touched records are the new and changed ones, closed over last night's customers and
    ///   tonight's exact-link groups: an untouched record's group and last-night customer hold
    ///   untouched records only, so a pair of two untouched records has the weight, rule and
    ///   pattern it had last night (same values, same model, the same kept term frequencies).
    /// - Rules with a `max_block_size` drop a block that grows past it, so their pairs are all
    ///   compared every night (they come last, so they never decide which rule came first for a
    ///   pair of another rule). Last night's pair between two groups can be one of them; where it
    ///   is not compared tonight the groups' other pairs are unknown, so both groups are touched.
    /// - Pairs with a touched record are compared against everything in their blocks.
    /// - Clustering is local to a connected component of the pairs above the cutoff: it joins
    ///   strongest first, and its guards read only the two clusters of a pair. Every component
    ///   holding a touched group, or a pair that differs from last night's in weight, records or
    ///   acceptance, is clustered again; every other component is last night's, decisions and all.
    ///
    /// Returns nil where last night's resolution does not fit tonight's records (a pair outside
    /// the components clustered again without last night's decision): the caller resolves every
    /// record instead.
    public func resolveIncrementally(_ table: FeatureTable, links: ExactLinks, plan: consuming BlockingPlan, model: MatchModel,
                                     termFrequencies: TermFrequencies, kept: [KeptPair], previous: PreviousResolution,
                                     itemTarget: Int = 250_000) -> Outcome? {
        let comparisons = self.comparisons
        let plan = consume plan
        let items = plan.workItems(target: itemTarget)
        let scorer = MatchScorer(model: model, comparisons: comparisons, table: table, termFrequency: config.termFrequency,
                                 rules: plan.rules, frozen: termFrequencies)
        let threshold = MatchScorer.weight(probability: config.matchThreshold)
        let cutoff = threshold - max(config.reviewMargin, kept.isEmpty ? 0 : config.keepMargin)
        let nodeOf = links.nodeOf
        let limited = plan.rules.map { $0.maxBlockSize != nil }

        // The records of each exact-link group and of each last-night customer, for closing the
        // touched set over both.
        let inNode = Members(groupOf: nodeOf, groups: links.nodeCount)
        let inCluster = Members(groupOf: previous.cluster, groups: Int((previous.cluster.max() ?? -1) + 1))
        var touched = [Bool](repeating: false, count: table.count)
        var touchedNode = [Bool](repeating: false, count: links.nodeCount)
        var touchedCluster = [Bool](repeating: false, count: inCluster.groups)
        /// Touches `seeds`, their groups and last-night customers, to closure.
        func touch(_ seeds: [Int32]) {
            var stack = seeds
            while let record = stack.popLast() {
                guard !touched[Int(record)] else { continue }
                touched[Int(record)] = true
                let node = Int(nodeOf[Int(record)])
                if !touchedNode[node] {
                    touchedNode[node] = true
                    inNode.forEach(of: node) { stack.append($0) }
                }
                let cluster = Int(previous.cluster[Int(record)])
                if cluster >= 0 && !touchedCluster[cluster] {
                    touchedCluster[cluster] = true
                    inCluster.forEach(of: cluster) { stack.append($0) }
                }
            }
        }
        touch(previous.touched.indices.filter { previous.touched[$0] }.map(Int32.init))

        // Compare: every pair of a limited rule, and the pairs of the other rules with a record
        // touched since they were last compared; again for the records touched by a pair of a
        // limited rule that went missing, until nothing more is touched.
        var scoredFor = [Bool](repeating: false, count: table.count)
        var fresh: [MatchEdge] = []
        var compared = 0
        var firstRound = true
        while true {
            let round = Self.score(plan: plan, items: items, table: table, nodeOf: nodeOf, comparisons: comparisons, scorer: scorer,
                                   cutoff: cutoff, touched: TouchedPairs(now: touched, was: scoredFor), limited: limited,
                                   allLimited: firstRound)
            fresh += round.edges
            compared += round.compared
            scoredFor = touched
            firstRound = false
            // Last night's strongest pair of two untouched groups from a limited rule, not found
            // again tonight: the groups' other pairs were not kept, so both are compared in full.
            var limitedTonight = Set<ScoredPair>()
            for edge in fresh where limited[Int(edge.rule)] { limitedTonight.insert(ScoredPair(edge)) }
            var lost: [Int32] = []
            for edge in previous.edges where limited[Int(edge.rule)] && !touched[Int(edge.a)] && !touched[Int(edge.b)] {
                if !limitedTonight.contains(ScoredPair(edge)) { lost += [edge.a, edge.b] }
            }
            guard !lost.isEmpty else { break }
            touch(lost)
            guard touched != scoredFor else { break }
        }
        _ = consume plan

        // Tonight's pairs: those compared, and last night's of two untouched records from the other rules.
        var edges = fresh
        fresh = []
        // Last night's pairs of two untouched groups by group pair (at most one each), sorted for
        // look-ups: a list, not a dictionary, at a few million pairs.
        var lastNight: [(key: UInt64, index: Int32)] = []
        // A group that lost a pair to a touched record (it changed, or went) is clustered again too.
        var seeds = touchedNode
        for (index, edge) in previous.edges.enumerated() {
            guard !touched[Int(edge.a)] && !touched[Int(edge.b)] else {
                seeds[Int(nodeOf[Int(edge.a)])] = true
                seeds[Int(nodeOf[Int(edge.b)])] = true
                continue
            }
            lastNight.append((Self.nodePair(nodeOf[Int(edge.a)], nodeOf[Int(edge.b)]), Int32(index)))
            if !limited[Int(edge.rule)] { edges.append(edge) }
        }
        lastNight.sort { $0.key < $1.key }
        /// The position in `lastNight` of last night's pair of the groups `key`.
        func lastNightPosition(_ key: UInt64) -> Int? {
            var low = 0, high = lastNight.count
            while low < high {
                let middle = (low + high) / 2
                if lastNight[middle].key < key { low = middle + 1 } else { high = middle }
            }
            return low < lastNight.count && lastNight[low].key == key ? low : nil
        }
        Self.keepStrongestPerGroupPair(&edges, nodeOf: nodeOf)

        // Components to cluster again: those with a touched group, or with a pair of untouched groups
        // that is not last night's (another pair, weight or acceptance), or that lost one.
        let keptNodes = Set(kept.map { Self.nodePair(nodeOf[Int($0.a)], nodeOf[Int($0.b)]) })
        func accepted(_ edge: MatchEdge, _ key: UInt64) -> Bool { edge.weight >= threshold - (keptNodes.contains(key) ? config.keepMargin : 0) }
        var foundTonight = [Bool](repeating: false, count: lastNight.count)
        // Each pair's last night's counterpart (its position in `lastNight`; -1: none).
        var lastNightOf = [Int32](repeating: -1, count: edges.count)
        for (edgeIndex, edge) in edges.enumerated() {
            let x = nodeOf[Int(edge.a)], y = nodeOf[Int(edge.b)]
            guard !touchedNode[Int(x)] && !touchedNode[Int(y)] else { continue }
            let key = Self.nodePair(x, y)
            if let position = lastNightPosition(key) {
                foundTonight[position] = true
                lastNightOf[edgeIndex] = Int32(position)
                let index = Int(lastNight[position].index)
                let before = previous.edges[index]
                if before.a == edge.a, before.b == edge.b, before.weight == edge.weight, before.rule == edge.rule,
                   before.pattern == edge.pattern, (previous.decisions[index] != .belowThreshold) == accepted(edge, key) {
                    continue
                }
            }
            seeds[Int(x)] = true
            seeds[Int(y)] = true
        }
        for (position, entry) in lastNight.enumerated() where !foundTonight[position] {
            seeds[Int(entry.key >> 32)] = true
            seeds[Int(entry.key & 0xFFFF_FFFF)] = true
        }
        var components = UnionFind(count: links.nodeCount)
        for edge in edges { components.union(Int(nodeOf[Int(edge.a)]), Int(nodeOf[Int(edge.b)])) }
        var again = [Bool](repeating: false, count: links.nodeCount)
        var seededRoot = Set<Int>()
        for node in 0..<links.nodeCount where seeds[node] { seededRoot.insert(components.find(node)) }
        for node in 0..<links.nodeCount where seededRoot.contains(components.find(node)) { again[node] = true }

        var regionEdges: [MatchEdge] = []
        var position: [Int] = []
        for (index, edge) in edges.enumerated() where again[Int(nodeOf[Int(edge.a)])] {
            regionEdges.append(edge)
            position.append(index)
        }
        let clustering = GuardedClustering(guards: config.guards, maxSize: config.maxClusterSize,
                                           firstNames: Comparison(config.comparisons.first { $0.field == .firstName } ?? .standard(.firstName)),
                                           comparisons: comparisons, ambiguityMargin: config.ambiguityMargin,
                                           keepMargin: config.keepMargin)
        let result = clustering.cluster(table: table, links: links, edges: regionEdges, threshold: threshold, scorer: scorer, kept: kept)
        var decisions = [EdgeDecision](repeating: .belowThreshold, count: edges.count)
        for (index, edge) in edges.enumerated() where !again[Int(nodeOf[Int(edge.a)])] {
            guard lastNightOf[index] >= 0 else { return nil }
            decisions[index] = previous.decisions[Int(lastNight[Int(lastNightOf[index])].index)]
        }
        for (slot, index) in position.enumerated() { decisions[index] = result.decisions[slot] }

        // Clusters numbered by their first group, as `GuardedClustering` numbers them: groups
        // clustered again by tonight's clusters, the others by last night's customer.
        var number: [Int64: Int32] = [:]
        var clusterOfNode = [Int32](repeating: 0, count: links.nodeCount)
        for node in 0..<links.nodeCount {
            let cluster = previous.cluster[Int(inNode.first(of: node))]
            guard again[node] || cluster >= 0 else { return nil }
            let key = again[node] ? Int64(result.clusterOfNode[node]) : -1 - Int64(cluster)
            if let known = number[key] {
                clusterOfNode[node] = known
            } else {
                let next = Int32(number.count)
                number[key] = next
                clusterOfNode[node] = next
            }
        }
        let clusterOfRecord = nodeOf.map { clusterOfNode[Int($0)] }
        return Outcome(links: links, edges: edges, decisions: decisions, reviewed: [], clusterOfRecord: clusterOfRecord,
                       clusterCount: number.count, model: model, wasTrained: false, scorer: scorer, comparedPairs: compared,
                       thresholdWeight: threshold, countedTermFrequencies: nil,
                       incremental: Incremental(touchedRecords: touched.lazy.filter { $0 }.count,
                                                reclusteredGroups: again.lazy.filter { $0 }.count))
    }

}

/// The records of each group (an exact-link group, a last-night customer) as linked lists in two
/// arrays: a million groups would make a dictionary of lists the comparison's largest structure.
private struct Members {
    let groups: Int
    private var first: [Int32]
    private var next: [Int32]

    /// `groupOf[record]` is the record's group, or negative for none.
    init(groupOf: [Int32], groups: Int) {
        self.groups = groups
        first = [Int32](repeating: -1, count: groups)
        next = [Int32](repeating: -1, count: groupOf.count)
        for record in stride(from: groupOf.count - 1, through: 0, by: -1) where groupOf[record] >= 0 {
            let group = Int(groupOf[record])
            next[record] = first[group]
            first[group] = Int32(record)
        }
    }

    /// The group's first record (-1: it has none).
    func first(of group: Int) -> Int32 { first[group] }

    /// Every record of the group, in record order.
    func forEach(of group: Int, _ body: (Int32) -> Void) {
        var member = first[group]
        while member >= 0 {
            body(member)
            member = next[Int(member)]
        }
    }
}

/// A compared pair by its records and weight, to find last night's among tonight's.
private struct ScoredPair: Hashable {
    let a: Int32, b: Int32
    let weight: UInt64

    init(_ edge: MatchEdge) {
        a = edge.a
        b = edge.b
        weight = edge.weight.bitPattern
    }
}
