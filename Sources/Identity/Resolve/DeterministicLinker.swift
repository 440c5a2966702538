/// Clusters records that share an exact identifier (e-mail, phone, loyalty card, customer number),
/// transitively.
///
/// - Complexity: O(n · rules) with hashing and a union-find; no pairwise comparisons.
public enum DeterministicLinker {
    public struct Clustering: Sendable, Equatable {
        /// Cluster index of each record (clusters numbered by their first record, in input order).
        public var clusterOf: [Int]
        /// The rule that linked each record to its cluster: the first rule, in configured order, on
        /// which it shares a value with another member; `unique` for a record alone.
        public var matchRule: [String]
        public var clusterCount: Int
    }

    public static func cluster(_ records: [IdentityRecord], rules: [String]) -> Clustering {
        var sets = UnionFind(count: records.count)
        var linkedBy = [String?](repeating: nil, count: records.count)
        for rule in rules {
            var firstWith: [String: Int] = [:]
            for (index, record) in records.enumerated() {
                guard let key = record.key(for: rule) else { continue }
                if let first = firstWith[key] {
                    sets.union(first, index)
                    if linkedBy[index] == nil { linkedBy[index] = rule }
                    if linkedBy[first] == nil { linkedBy[first] = rule }
                } else {
                    firstWith[key] = index
                }
            }
        }
        var clusterOfRoot: [Int: Int] = [:]
        var clusterOf = [Int](repeating: 0, count: records.count)
        for index in records.indices {
            let root = sets.find(index)
            if let cluster = clusterOfRoot[root] {
                clusterOf[index] = cluster
            } else {
                clusterOfRoot[root] = clusterOfRoot.count
                clusterOf[index] = clusterOfRoot.count - 1
            }
        }
        return Clustering(clusterOf: clusterOf, matchRule: linkedBy.map { $0 ?? "unique" }, clusterCount: clusterOfRoot.count)
    }
}

/// Disjoint sets with path halving and union by size.
public struct UnionFind: Sendable {
    private var parent: [Int]
    private var size: [Int]

    public init(count: Int) {
        parent = Array(0..<count)
        size = Array(repeating: 1, count: count)
    }

    public mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    /// Joins the sets of `a` and `b`; returns false when they were already one.
    @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> Bool {
        var ra = find(a), rb = find(b)
        if ra == rb { return false }
        if size[ra] < size[rb] || (size[ra] == size[rb] && rb < ra) { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
        return true
    }
}
