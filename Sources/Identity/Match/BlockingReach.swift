extension BlockingPlan {
    /// How many of the given true pairs the blocking rules bring to comparison.
    public struct Reach: Sendable, Equatable {
        /// True pairs each rule puts in one block (a pair may count for several rules).
        public var perRule: [Int]
        /// True pairs at least one rule puts in one block.
        public var anyRule: Int
        /// True pairs whose records are connected through reached true pairs: what clustering can
        /// still link, since a cluster needs a chain of compared pairs, not every pair.
        public var transitively: Int
        public var truePairs: Int
    }

    /// The reach of every rule over `truePairs` (record numbers of the plan's table).
    /// - Complexity: O(p · r) for p pairs and r rules, plus a union-find over the reached pairs.
    public func reach(truePairs: [(Int, Int)]) -> Reach {
        let ruleCount = rules.count
        var perRule = [Int](repeating: 0, count: ruleCount)
        var anyRule = 0
        var parent = Array(0..<(ruleCount == 0 ? 0 : keys.count / ruleCount))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for (a, b) in truePairs {
            var reached = false
            for rule in 0..<ruleCount {
                if shareBlock(a, b, rule: rule) {
                    perRule[rule] += 1
                    reached = true
                }
            }
            guard reached else { continue }
            anyRule += 1
            let x = find(a), y = find(b)
            if x != y { parent[max(x, y)] = min(x, y) }
        }
        var transitively = 0
        for (a, b) in truePairs where find(a) == find(b) { transitively += 1 }
        return Reach(perRule: perRule, anyRule: anyRule, transitively: transitively, truePairs: truePairs.count)
    }
}
