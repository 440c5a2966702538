import Foundation

/// Estimates m probabilities and λ by expectation-maximisation over distinct comparison patterns
/// with their counts, u held fixed (DOMAIN.md, Fellegi-Sunter).
///
/// Why patterns, not pairs: millions of compared pairs form a few thousand distinct patterns, so an
/// iteration costs the same for a thousand records as for a million, and the result does not depend
/// on the order pairs were found in.
public enum ExpectationMaximisation {
    public struct Result: Sendable, Equatable {
        /// m[j][l] over the non-missing levels of comparison j.
        public var m: [[Double]]
        public var lambda: Double
        public var iterations: Int
        public var converged: Bool
    }

    /// - Parameters:
    ///   - patterns: distinct patterns (4 bits per comparison) with how many pairs had each.
    ///   - levelCounts: levels of each comparison including `missing`, which is always the last.
    ///   - u: u[j][l] over the non-missing levels; fixed.
    /// - Complexity: O(iterations · patterns · comparisons).
    public static func run(patterns: [(pattern: ComparisonPattern, count: Int)], levelCounts: [Int], u: [[Double]],
                           initialLambda: Double = 0.05, maxIterations: Int = 500, tolerance: Double = 1e-9) -> Result {
        let comparisons = levelCounts.count
        var m = levelCounts.map { initialM(levels: $0 - 1) }
        var lambda = initialLambda
        let logU = u.map { $0.map { log(max($0, 1e-300)) } }
        let sorted = patterns.sorted { $0.pattern < $1.pattern }
        let total = Double(sorted.reduce(0) { $0 + $1.count })
        guard total > 0 else { return Result(m: m, lambda: lambda, iterations: 0, converged: false) }
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let logM = m.map { $0.map { log(max($0, 1e-300)) } }
            let logLambda = log(lambda), logNonMatch = log(1 - lambda)
            var matchMass = 0.0
            var levelMass = levelCounts.map { [Double](repeating: 0, count: $0 - 1) }
            for entry in sorted {
                var matchLog = logLambda, nonMatchLog = logNonMatch
                for j in 0..<comparisons {
                    let level = entry.pattern.level(j)
                    guard level < levelCounts[j] - 1 else { continue }
                    matchLog += logM[j][level]
                    nonMatchLog += logU[j][level]
                }
                let posterior = 1 / (1 + exp(nonMatchLog - matchLog))
                let mass = posterior * Double(entry.count)
                matchMass += mass
                for j in 0..<comparisons {
                    let level = entry.pattern.level(j)
                    if level < levelCounts[j] - 1 { levelMass[j][level] += mass }
                }
            }
            let newLambda = min(max(matchMass / total, 1e-12), 1 - 1e-12)
            var change = abs(newLambda - lambda)
            for j in 0..<comparisons {
                let sum = levelMass[j].reduce(0, +)
                guard sum > 0 else { continue }
                for level in levelMass[j].indices {
                    let value = levelMass[j][level] / sum
                    change = max(change, abs(value - m[j][level]))
                    m[j][level] = value
                }
            }
            lambda = newLambda
            if change < tolerance {
                converged = true
                break
            }
        }
        // A level no match ever showed still gets a tiny m, so its weight is finite.
        m = m.map { $0.map { max($0, 1e-6) } }
        return Result(m: m, lambda: lambda, iterations: iterations, converged: converged)
    }

    /// The expected share of matches among `patterns` under fixed m, u and λ: the mean posterior
    /// match probability, weighted by count.
    public static func matchShare(patterns: [(pattern: ComparisonPattern, count: Int)], levelCounts: [Int], m: [[Double]],
                                  u: [[Double]], lambda: Double) -> Double {
        let sorted = patterns.sorted { $0.pattern < $1.pattern }
        var mass = 0.0, total = 0.0
        for entry in sorted {
            var matchLog = log(lambda), nonMatchLog = log(1 - lambda)
            for j in levelCounts.indices {
                let level = entry.pattern.level(j)
                guard level < levelCounts[j] - 1 else { continue }
                matchLog += log(max(m[j][level], 1e-300))
                nonMatchLog += log(max(u[j][level], 1e-300))
            }
            mass += Double(entry.count) / (1 + exp(nonMatchLog - matchLog))
            total += Double(entry.count)
        }
        return total > 0 ? mass / total : 0
    }

    /// Starting m: most matches agree exactly, fewer at each weaker level.
    static func initialM(levels: Int) -> [Double] {
        guard levels > 1 else { return [1] }
        var values = [0.8]
        var rest = 0.2
        for level in 1..<levels {
            let share = level == levels - 1 ? rest : rest / 2
            values.append(share)
            rest -= share
        }
        return values
    }
}

/// u probabilities from random record pairs: almost all of them are non-matches.
enum RandomPairs {
    /// Level frequencies of each comparison over `count` random pairs drawn from `seed`, among pairs
    /// where the comparison is not `missing`. A level never seen gets one observation, so no u is 0.
    /// - Complexity: O(count · comparisons); the draw is split into a fixed number of streams, so
    ///   the result does not depend on the number of cores.
    static func estimateU(_ table: FeatureTable, comparisons: ComparisonSet, count: Int, seed: UInt64) -> [[Double]] {
        let records = table.count
        let levelCounts = comparisons.comparisons.map(\.levels.count)
        guard records >= 2 else { return levelCounts.map { Array(repeating: 1 / Double($0 - 1), count: $0 - 1) } }
        let streams = 8
        let tallies = Parallel.map(streams) { stream -> [[Int]] in
            var tally = levelCounts.map { [Int](repeating: 0, count: $0) }
            var random = SplitMix64(seed: seed &+ UInt64(stream) &* 0x9E37_79B9_7F4A_7C15)
            let share = count / streams + (stream < count % streams ? 1 : 0)
            comparisons.withComparer(table) { comparer in
                for _ in 0..<share {
                    let a = Int(random.next() % UInt64(records))
                    var b = Int(random.next() % UInt64(records - 1))
                    if b >= a { b += 1 }
                    let pattern = comparer.pattern(a, b)
                    for j in levelCounts.indices { tally[j][pattern.level(j)] += 1 }
                }
            }
            return tally
        }
        // Few records have few distinct pairs: the draw repeats them, and two records that happen to
        // agree would make agreement look common (u near 1, weight near 0). So the sample counts for at
        // most the number of distinct pairs, next to a weak prior of `priorPairs` pseudo-pairs; with a
        // real export (millions of distinct pairs) the prior weighs nothing.
        let distinctPairs = Double(records) * Double(records - 1) / 2
        return levelCounts.indices.map { j in
            let levels = levelCounts[j] - 1
            let observed = (0..<levels).map { level in Double(tallies.reduce(0) { $0 + $1[j][level] }) }
            let total = observed.reduce(0, +)
            let prior = priorU(levels: levels)
            let weight = min(total, distinctPairs)
            return (0..<levels).map { level in
                let frequency = total > 0 ? observed[level] / total : prior[level]
                return (weight * frequency + priorPairs * prior[level]) / (weight + priorPairs)
            }
        }
    }

    static let priorPairs = 1_000.0

    /// What random pairs look like before any data: exact agreement rare (0.5%), partial agreement
    /// uncommon (1% per level), disagreement the rest. Levels run from exact to disagreement.
    static func priorU(levels: Int) -> [Double] {
        guard levels > 1 else { return [1] }
        var u = [Double](repeating: 0.01, count: levels)
        u[0] = 0.005
        u[levels - 1] = 1 - u.dropLast().reduce(0, +)
        return u
    }
}

/// A small, fast, seedable generator (Steele, Lea, Flood 2014): the same seed gives the same
/// numbers on every machine, which `SystemRandomNumberGenerator` does not.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
