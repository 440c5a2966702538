/// Where and how `oneface run` publishes the warehouse to PostgreSQL after a load (`publish:`).
public struct PublishConfig: Sendable, Equatable {
    public var target: PostgresTarget
    /// The live schema readers query (`schema`, default `oneface`).
    public var schema: String = PublishConfig.defaultSchema
    /// Split every fact table into this many `PARTITION BY HASH (customer_key)` partitions
    /// (`hash_partitions`); nil: plain tables.
    public var hashPartitions: Int?

    public static let defaultSchema = "oneface"
    /// Partition counts accepted for `hash_partitions`.
    public static let hashPartitionRange = 2...256

    public init(target: PostgresTarget, schema: String = PublishConfig.defaultSchema, hashPartitions: Int? = nil) {
        self.target = target
        self.schema = schema
        self.hashPartitions = hashPartitions
    }

    /// A schema name we can put into SQL as our own identifier: `[a-z][a-z0-9_]*`, at most 40
    /// characters (the build and old schemas append a suffix within PostgreSQL's 63).
    public static func isValidSchema(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 40 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
