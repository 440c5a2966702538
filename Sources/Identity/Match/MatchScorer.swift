import Foundation
import PipelineCore

/// Turns a pair's comparison levels into a Fellegi-Sunter match weight, with term-frequency
/// adjustment for exact agreement on the configured fields.
///
/// Term frequency: for an exact agreement on value v, u is the share of records holding v instead
/// of the average u, so two `Müller` (a common name: large u) weigh less than two `Oberhuber`.
/// The share is smoothed with 1,000 pseudo-records at the average u (see `smoothing`). The shares
/// come from `frozen` term frequencies when given (those counted when the model was first used),
/// else from the table's records.
public struct MatchScorer: Sendable {
    public let comparisons: ComparisonSet
    public let prior: Double
    /// The prior of the pairs each blocking rule (by position) compares first.
    let rulePriors: [Double]
    /// Weight of each level of each comparison (0 for `missing`): `levelWeights[comparison * 16 + level]`.
    let levelWeights: [Double]
    /// Exact-agreement weights of the term-frequency fields, value after value, starting at
    /// `exactStart[comparison]` (-1: no term frequency for that comparison).
    let exactWeights: [Double]
    let exactStart: [Int]

    static let stride = 16
    /// Pseudo-records of the average distribution added to every term-frequency estimate.
    static let smoothing = 1_000.0

    public init(model: MatchModel, comparisons: ComparisonSet, table: FeatureTable, termFrequency: [ComparisonField],
                rules: [BlockingRuleConfig] = [], frozen: TermFrequencies? = nil) {
        self.comparisons = comparisons
        prior = model.priorWeight
        rulePriors = rules.map { rule in
            guard let lambda = model.ruleLambdas?[rule.name] else { return model.priorWeight }
            return log2(lambda / (1 - lambda))
        }
        var levels = [Double](repeating: 0, count: comparisons.comparisons.count * Self.stride)
        var exact: [Double] = []
        var starts: [Int] = []
        for (index, (comparison, parameters)) in zip(comparisons.comparisons, model.comparisons).enumerated() {
            for (level, entry) in parameters.levels.enumerated() { levels[index * Self.stride + level] = entry.weight }
            guard termFrequency.contains(comparison.field), let m = parameters.levels.first?.m,
                  let values = Self.termFrequencyValues(comparison.field, table) else {
                starts.append(-1)
                continue
            }
            starts.append(exact.count)
            // The value's share of records, smoothed towards the average u with `smoothing`
            // pseudo-records: with a million records this is the plain frequency, with a handful
            // (where every name is "frequent") it stays near the average instead of meaning nothing.
            let average = parameters.levels.first?.u ?? 0
            let (counts, records) = frozen?.counts(comparison.field, of: values) ?? (values.counts, values.total)
            let total = Double(records) + Self.smoothing
            exact += counts.map { count in log2(m / ((Double(count) + Self.smoothing * average) / total)) }
        }
        levelWeights = levels
        exactWeights = exact
        exactStart = starts
    }

    /// Whether `field` can be adjusted by term frequency (its values are counted).
    static func termFrequencyField(_ field: ComparisonField) -> Bool {
        switch field {
        case .firstName, .lastName, .city, .street: return true
        default: return false
        }
    }

    static func termFrequencyValues(_ field: ComparisonField, _ table: FeatureTable) -> TextValues? {
        switch field {
        case .firstName: return table.firstNames.keys
        case .lastName: return table.lastNames.keys
        case .city: return table.cities
        case .street: return table.streets.keys
        default: return nil
        }
    }

    /// The value a term-frequency field agrees on.
    @inline(__always)
    static func value(_ field: ComparisonField, _ r: RecordFeatures) -> Int32 {
        switch field {
        case .firstName: return r.firstName
        case .lastName: return r.lastName
        case .city: return r.city
        case .street: return r.street
        default: return -1
        }
    }

    /// The weight of comparison `index` at `level` for record `a` (whose value decides term frequency).
    public func weight(comparison index: Int, level: Int, record a: RecordFeatures) -> Double {
        withWeights { $0.weight(comparison: index, level: level, record: a) }
    }

    /// The total match weight of a pair with `pattern`, compared by blocking rule `rule` (nil: the model's λ).
    public func weight(_ pattern: ComparisonPattern, _ a: RecordFeatures, rule: Int? = nil) -> Double {
        withWeights { $0.weight(pattern, a, rule: rule ?? -1) }
    }

    /// The prior of the pairs blocking rule `rule` compares first.
    public func prior(rule: Int) -> Double { rule >= 0 && rule < rulePriors.count ? rulePriors[rule] : prior }

    /// Runs `body` with pointer views of the weights, for a work item's pair loop.
    func withWeights<R>(_ body: (WeightView) throws -> R) rethrows -> R {
        try levelWeights.withUnsafeBufferPointer { levels in
            try exactWeights.withUnsafeBufferPointer { exact in
                try exactStart.withUnsafeBufferPointer { starts in
                    try comparisons.comparisons.withUnsafeBufferPointer { rules in
                        try rulePriors.withUnsafeBufferPointer { priors in
                            try body(WeightView(prior: prior, rulePriors: priors, levels: levels, exact: exact, exactStart: starts,
                                                rules: rules))
                        }
                    }
                }
            }
        }
    }

    /// Probability 2^W / (1 + 2^W) of a match weight.
    public static func probability(_ weight: Double) -> Double { 1 / (1 + exp2(-weight)) }

    /// The match weight of a probability (inverse of `probability`).
    public static func weight(probability: Double) -> Double { log2(probability / (1 - probability)) }
}

/// Pointers to a scorer's weights, valid inside `MatchScorer.withWeights`.
struct WeightView {
    let prior: Double
    let rulePriors: UnsafeBufferPointer<Double>
    let levels: UnsafeBufferPointer<Double>
    let exact: UnsafeBufferPointer<Double>
    let exactStart: UnsafeBufferPointer<Int>
    let rules: UnsafeBufferPointer<Comparison>

    @inline(__always)
    func weight(comparison index: Int, level: Int, record a: RecordFeatures) -> Double {
        if level == 0 {
            let start = exactStart[index]
            if start >= 0 {
                let value = MatchScorer.value(rules[index].field, a)
                if value >= 0 { return exact[start + Int(value)] }
            }
        }
        return levels[index * MatchScorer.stride + level]
    }

    /// The prior of pairs compared first by blocking rule `rule` (-1 or unknown: the model's).
    @inline(__always)
    func prior(rule: Int) -> Double { rule >= 0 && rule < rulePriors.count ? rulePriors[rule] : prior }

    @inline(__always)
    func weight(_ pattern: ComparisonPattern, _ a: RecordFeatures, rule: Int = -1) -> Double {
        var total = prior(rule: rule)
        for index in 0..<rules.count {
            total += weight(comparison: index, level: pattern.level(index), record: a)
        }
        return total
    }
}
