extension StringSimilarity {
    /// Edit distance counting insertions, deletions, substitutions and adjacent transpositions.
    ///
    /// This is the optimal string alignment (restricted Damerau-Levenshtein) distance: a swap of two
    /// neighbours costs 1, but no substring is edited twice, so `CA`→`ABC` is 3 (true Damerau: 2).
    /// For typo detection on names and dates the difference does not matter, and OSA needs no
    /// alphabet-sized table.
    /// With `maxDistance`, the answer is exact up to `maxDistance`; any larger distance is reported as
    /// `maxDistance + 1`, and the computation stops as soon as that is certain.
    /// - Complexity: O(n·m) time, O(m) scratch memory on the stack for short strings.
    public static func damerauLevenshtein(_ a: String, _ b: String, maxDistance: Int? = nil) -> Int {
        if let result = withASCII(a, b, { damerauLevenshtein($0, $1, maxDistance: maxDistance) }) {
            return result
        }
        return damerauLevenshtein(scalars(a), scalars(b), maxDistance: maxDistance)
    }

    /// The same distance on Unicode scalar values (see `scalars(_:)`).
    public static func damerauLevenshtein(_ a: [UInt32], _ b: [UInt32], maxDistance: Int? = nil) -> Int {
        a.withUnsafeBufferPointer { bufferA in
            b.withUnsafeBufferPointer { bufferB in damerauLevenshtein(bufferA, bufferB, maxDistance: maxDistance) }
        }
    }

    static func damerauLevenshtein<Unit: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<Unit>, _ b: UnsafeBufferPointer<Unit>, maxDistance: Int?
    ) -> Int {
        let limit = maxDistance.map { max(0, $0) } ?? Int.max
        let capped = limit == Int.max ? Int.max : limit + 1
        if abs(a.count - b.count) > limit { return capped }
        if a.isEmpty { return min(b.count, capped) }
        if b.isEmpty { return min(a.count, capped) }

        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            // Three rolling rows: two rows back (for transpositions), previous, current.
            var older = UnsafeMutableBufferPointer(rebasing: rows[0..<width])
            var previous = UnsafeMutableBufferPointer(rebasing: rows[width..<(2 * width)])
            var current = UnsafeMutableBufferPointer(rebasing: rows[(2 * width)...])
            for j in 0..<width { previous[j] = j }
            older.initialize(repeating: 0)

            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                let unitA = a[i - 1]
                for j in 1...b.count {
                    let unitB = b[j - 1]
                    let cost = unitA == unitB ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, unitA == b[j - 2], a[i - 2] == unitB {
                        value = min(value, older[j - 2] + 1)
                    }
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                // A later cell is at least this row's minimum (match, insertion) or the previous row's
                // minimum + 1 (transposition), and the previous row's minimum is at least this one's - 1:
                // once this row is beyond the limit, so is the answer.
                if rowMinimum > limit { return capped }
                (older, previous, current) = (previous, current, older)
            }
            return min(previous[b.count], capped)
        }
    }
}
