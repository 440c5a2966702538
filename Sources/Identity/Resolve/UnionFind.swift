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
