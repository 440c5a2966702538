extension StringSimilarity {
    /// Winkler's prefix scale: how much each common leading character lifts the Jaro similarity.
    static let winklerPrefixScale = 0.1
    /// At most this many common leading characters count for the Winkler boost.
    static let winklerMaxPrefix = 4
    /// The boost is applied only when the Jaro similarity exceeds this (Winkler's original threshold).
    static let winklerBoostThreshold = 0.7

    /// Jaro-Winkler similarity in 0...1 (prefix scale 0.1, prefix up to 4 characters, boost above 0.7).
    ///
    /// Known values (DOMAIN.md): MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
    /// Two empty strings are identical (1); an empty and a non-empty one share nothing (0).
    /// Transpositions are half the out-of-order matches rounded down, as in Winkler's strcmp95.
    /// Characters are Unicode scalars and compared exactly.
    /// - Complexity: O(n·w) with w = max(n, m)/2 the match window; no allocation for ASCII strings
    ///   up to 64 characters.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        if let result = withASCII(a, b, { jaroWinkler($0, $1) }) { return result }
        return jaroWinkler(scalars(a), scalars(b))
    }

    /// Jaro-Winkler similarity on Unicode scalar values (see `scalars(_:)`); same rules as the `String` form.
    public static func jaroWinkler(_ a: [UInt32], _ b: [UInt32]) -> Double {
        a.withUnsafeBufferPointer { bufferA in
            b.withUnsafeBufferPointer { bufferB in jaroWinkler(bufferA, bufferB) }
        }
    }

    /// Jaro similarity in 0...1, without the Winkler prefix boost.
    public static func jaro(_ a: String, _ b: String) -> Double {
        if let result = withASCII(a, b, { jaro($0, $1) }) { return result }
        return scalars(a).withUnsafeBufferPointer { bufferA in
            scalars(b).withUnsafeBufferPointer { bufferB in jaro(bufferA, bufferB) }
        }
    }

    // MARK: - Core

    static func jaroWinkler<Unit: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<Unit>, _ b: UnsafeBufferPointer<Unit>
    ) -> Double {
        let similarity = jaro(a, b)
        guard similarity > winklerBoostThreshold else { return similarity }
        var prefix = 0
        let limit = min(winklerMaxPrefix, a.count, b.count)
        while prefix < limit, a[prefix] == b[prefix] { prefix += 1 }
        return similarity + Double(prefix) * winklerPrefixScale * (1 - similarity)
    }

    static func jaro<Unit: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<Unit>, _ b: UnsafeBufferPointer<Unit>
    ) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        let (matches, transpositions): (Int, Int)
        if a.count <= 64 && b.count <= 64 {
            (matches, transpositions) = jaroCountsBitmask(a, b)
        } else {
            (matches, transpositions) = withUnsafeTemporaryAllocation(of: Bool.self, capacity: a.count + b.count) {
                flags in
                flags.initialize(repeating: false)
                return jaroCountsFlags(a, b, flags)
            }
        }
        guard matches > 0 else { return 0 }
        let m = Double(matches)
        // Half the out-of-order matches, rounded down as in Winkler's strcmp95 and in rapidfuzz/jellyfish
        // (so scores agree with Splink's), not the half-integer some textbooks use.
        let t = Double(transpositions / 2)
        return (m / Double(a.count) + m / Double(b.count) + (m - t) / m) / 3
    }

    /// Matches and out-of-order matched pairs (the caller halves them into transpositions) for
    /// strings of at most 64 units,
    /// with matched positions kept in two 64-bit masks.
    @inline(__always)
    private static func jaroCountsBitmask<Unit: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<Unit>, _ b: UnsafeBufferPointer<Unit>
    ) -> (Int, Int) {
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var matchedA: UInt64 = 0
        var matchedB: UInt64 = 0
        var matches = 0
        for i in 0..<a.count {
            let low = max(0, i - window)
            let high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            let unit = a[i]
            for j in low...high where matchedB & (1 << UInt64(j)) == 0 && b[j] == unit {
                matchedA |= 1 << UInt64(i)
                matchedB |= 1 << UInt64(j)
                matches += 1
                break
            }
        }
        guard matches > 0 else { return (0, 0) }
        var transpositions = 0
        var remainingA = matchedA
        var remainingB = matchedB
        while remainingA != 0 {
            let i = remainingA.trailingZeroBitCount
            let j = remainingB.trailingZeroBitCount
            if a[i] != b[j] { transpositions += 1 }
            remainingA &= remainingA - 1
            remainingB &= remainingB - 1
        }
        return (matches, transpositions)
    }

    /// The same counts for longer strings, with flags in caller-provided scratch memory
    /// (`a.count` flags for `a`, then `b.count` for `b`).
    private static func jaroCountsFlags<Unit: FixedWidthInteger>(
        _ a: UnsafeBufferPointer<Unit>, _ b: UnsafeBufferPointer<Unit>, _ flags: UnsafeMutableBufferPointer<Bool>
    ) -> (Int, Int) {
        let window = max(0, max(a.count, b.count) / 2 - 1)
        let offsetB = a.count
        var matches = 0
        for i in 0..<a.count {
            let low = max(0, i - window)
            let high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !flags[offsetB + j] && b[j] == a[i] {
                flags[i] = true
                flags[offsetB + j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return (0, 0) }
        var transpositions = 0
        var j = 0
        for i in 0..<a.count where flags[i] {
            while !flags[offsetB + j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        return (matches, transpositions)
    }
}
