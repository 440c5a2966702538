/// How many records held each value of one field, and how many held a value at all: the term
/// frequencies the identity model weighs exact agreements by, as `Identity` counts them and
/// `Staging` keeps them.
public struct TermCounts: Sendable, Equatable {
    /// Records that held a value of the field.
    public var total: Int
    /// Records that held each value (folded, as `FeatureTable` holds it).
    public var counts: [String: Int32]

    public init(total: Int, counts: [String: Int32]) {
        self.total = total
        self.counts = counts
    }
}
