/// What one generator run wrote: files with row counts, and how many records each system holds.
public struct SampleSummary: Sendable, Equatable {
    /// One written file.
    public struct File: Sendable, Equatable {
        /// The path relative to the output directory, with `/` separators (`email/contacts_20261121.csv`).
        public var path: String
        /// Data rows (CSV rows without the header, NDJSON lines, XML transactions, truth rows).
        public var rows: Int
        /// The file size in bytes.
        public var bytes: Int
    }

    /// The files in the order they were written.
    public var files: [File]
    /// The number of true persons generated (`SampleOptions.customers`).
    public var persons: Int
    /// The persons that appear in at least one written record of a selected system.
    public var personsInOutput: Int
    /// Person-bearing records per written system: the rows `truth.csv` holds for that system
    /// (anonymous till receipts are not counted).
    public var records: [SampleSystem: Int]
}
