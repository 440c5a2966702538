/// How many rejected or nulled rows a delivered file may have before it counts as failed: its
/// rows stay out, the last good delivery stays in, and the run exits 65. A night whose export
/// changed its date format says so instead of publishing what little survived.
///
/// `limits:` at the top of the pipeline sets them for every source; a source's own `limits:`
/// overrides single keys. A rate is a share of the file's rows read, counted once 10 rows are
/// over it or every row is; `none` turns a limit off. Rows of erased people never count.
public struct FileLimits: Sendable, Equatable {
    /// Largest share of rows rejected (default 0.5).
    public var rejectedRate: Double? = 0.5
    /// Largest number of rows rejected (default: no limit).
    public var rejectedRows: Int?
    /// Largest share of staged rows with a value nulled under `on_invalid: null` (default 0.5).
    public var nulledRate: Double? = 0.5
    /// Largest number of rows with a nulled value (default: no limit).
    public var nulledRows: Int?

    public init() {}

    public static let keys = ["rejected_rate", "rejected_rows", "nulled_rate", "nulled_rows"]

    /// Rates count from this many rows on: two bad rows of a three-row file say little about the
    /// export, while a file whose every row was rejected always fails a rate.
    public static let rateFloor = 10

    /// Why a file with these counts breaks a limit, or nil when it keeps them all.
    public func violation(read: Int, rejected: Int, nulled: Int) -> String? {
        guard read > 0 else { return nil }
        func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }
        let rejectedShare = Double(rejected) / Double(read), nulledShare = Double(nulled) / Double(read)
        if let rate = rejectedRate, rejectedShare > rate, rejected >= Self.rateFloor || rejected == read {
            return "\(rejected) of \(read) rows rejected (\(percent(rejectedShare)), limit rejected_rate \(percent(rate)))"
        }
        if let rows = rejectedRows, rejected > rows {
            return "\(rejected) of \(read) rows rejected (limit rejected_rows \(rows))"
        }
        if let rate = nulledRate, nulledShare > rate, nulled >= Self.rateFloor || nulled == read {
            return "\(nulled) of \(read) rows had a value nulled (\(percent(nulledShare)), limit nulled_rate \(percent(rate)))"
        }
        if let rows = nulledRows, nulled > rows {
            return "\(nulled) of \(read) rows had a value nulled (limit nulled_rows \(rows))"
        }
        return nil
    }
}
