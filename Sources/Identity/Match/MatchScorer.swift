import Foundation
import PipelineCore

/// Turns a pair's comparison levels into a Fellegi-Sunter match weight, with term-frequency
/// adjustment for exact agreement on the configured fields.
///
/// Term frequency: for an exact agreement on value v, u is the share of records holding v instead
/// of the average u, so two `Müller` (a common name: large u) weigh less than two `Oberhuber`.
public struct MatchScorer: Sendable {
    public let comparisons: ComparisonSet
    public let prior: Double
    /// Weight of each level of each comparison (0 for `missing`).
    public let levelWeights: [[Double]]
    /// For term-frequency fields: the weight of exact agreement on each value number.
    let exactWeights: [[Double]?]

    public init(model: MatchModel, comparisons: ComparisonSet, table: FeatureTable, termFrequency: [ComparisonField]) {
        self.comparisons = comparisons
        prior = model.priorWeight
        levelWeights = model.comparisons.map { $0.levels.map(\.weight) }
        exactWeights = zip(comparisons.comparisons, model.comparisons).map { comparison, parameters in
            guard termFrequency.contains(comparison.field), let m = parameters.levels.first?.m,
                  let values = Self.termFrequencyValues(comparison.field, table) else { return nil }
            let total = Double(max(values.total, 1))
            return values.counts.map { count in log2(m / (Double(max(count, 1)) / total)) }
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
    @inline(__always)
    public func weight(comparison index: Int, level: Int, record a: RecordFeatures) -> Double {
        if level == 0, let exact = exactWeights[index] {
            let value = Self.value(comparisons.comparisons[index].field, a)
            if value >= 0 { return exact[Int(value)] }
        }
        return levelWeights[index][level]
    }

    /// The total match weight of a pair with `pattern`.
    @inline(__always)
    public func weight(_ pattern: ComparisonPattern, _ a: RecordFeatures) -> Double {
        var total = prior
        for index in levelWeights.indices {
            total += weight(comparison: index, level: pattern.level(index), record: a)
        }
        return total
    }

    /// Probability 2^W / (1 + 2^W) of a match weight.
    public static func probability(_ weight: Double) -> Double { 1 / (1 + exp2(-weight)) }

    /// The match weight of a probability (inverse of `probability`).
    public static func weight(probability: Double) -> Double { log2(probability / (1 - probability)) }
}
