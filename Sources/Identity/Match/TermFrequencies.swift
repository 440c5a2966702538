import PipelineCore

/// How many records held each value of the term-frequency fields when they were counted: the
/// frequencies a model's weights are adjusted with (`MatchScorer`).
///
/// Counted once, on the night the model is trained (or first used), and kept with it in staging:
/// the next nights' new records then do not move the weight of a pair between two records they do
/// not touch. Counted afresh each night, one more `Müller` would lower the weight of every `Müller`
/// pair, and a pair nothing changed could cross the threshold on its own: only a comparison of
/// every pair would notice, which is what an incremental night must not need.
public struct TermFrequencies: Sendable, Equatable {
    public typealias Counts = TermCounts

    public var fields: [ComparisonField: Counts]

    public init(fields: [ComparisonField: Counts]) { self.fields = fields }

    /// The frequencies of `fields` among the records of `table`.
    public static func counted(in table: FeatureTable, fields: [ComparisonField]) -> TermFrequencies {
        var result: [ComparisonField: Counts] = [:]
        for field in fields {
            guard let values = MatchScorer.termFrequencyValues(field, table) else { continue }
            var counts: [String: Int32] = [:]
            counts.reserveCapacity(values.count)
            for (value, count) in zip(values.values, values.counts) { counts[value] = count }
            result[field] = Counts(total: values.total, counts: counts)
        }
        return TermFrequencies(fields: result)
    }

    /// Whether these were counted for exactly the term-frequency fields `fields` can use (a field
    /// without values, a phone say, is never counted).
    public func covers(_ fields: [ComparisonField]) -> Bool {
        Set(self.fields.keys) == Set(fields.filter { MatchScorer.termFrequencyField($0) })
    }

    /// The count of each of `values` (0 for a value not seen when these were counted) and the total.
    func counts(_ field: ComparisonField, of values: TextValues) -> (counts: [Int32], total: Int)? {
        guard let frozen = fields[field] else { return nil }
        return (values.values.map { frozen.counts[$0] ?? 0 }, frozen.total)
    }
}
