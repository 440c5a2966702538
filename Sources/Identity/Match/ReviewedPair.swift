/// A person's decision about two records (from the pipeline's reviewed-decisions file), as record
/// numbers of tonight's records. Clustering applies it before any match: `link` joins the two
/// records' customers whatever the weights and guards say; `keepApart` keeps them in different
/// customers, however strong the pairs between them.
public struct ReviewedPair: Sendable, Equatable {
    public enum Verdict: String, Sendable, CaseIterable {
        case link
        case keepApart = "keep_apart"
    }

    /// Record numbers (any order).
    public var a: Int32
    public var b: Int32
    public var verdict: Verdict

    public init(a: Int32, b: Int32, verdict: Verdict) {
        self.a = a
        self.b = b
        self.verdict = verdict
    }

    /// What clustering did with a decision.
    public enum Outcome: String, Sendable {
        /// Followed: the records are one customer (`link`) or two (`keep_apart`).
        case applied
        /// Could not be followed: a `keep_apart` whose records share an exact link (customer number,
        /// loyalty card) or are joined by other `link` decisions, or a `link` that would join two
        /// records another decision keeps apart (keeping apart wins).
        case contradicted
    }
}
