/// What a publish did, for the log, the benchmark and tests.
public struct PublishReport: Sendable {
    public var schema: String
    public var tables: Int
    public var views: Int
    public var rows: Int
    /// Bytes of COPY text sent.
    public var bytes: Int
    public var copySeconds: Double
    public var totalSeconds: Double
    /// The new schema was distributed with Citus before it went live.
    public var isDistributed: Bool
    public var hashPartitions: Int?

    public var rowsPerSecond: Double { copySeconds > 0 ? Double(rows) / copySeconds : 0 }
    public var megabytesPerSecond: Double { copySeconds > 0 ? Double(bytes) / 1_048_576 / copySeconds : 0 }
}
