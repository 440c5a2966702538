/// One warehouse table as PostgreSQL gets it: columns with their types, keys, indexes, the
/// foreign keys that stay, and the SQLite query that reads its rows in column order.
struct PublishedTable: Sendable {
    struct Column: Sendable {
        var name: String
        var type: PostgresColumnType
        var isNotNull: Bool
    }

    struct ForeignKey: Sendable {
        var columns: [String]
        var table: String
        var referencedColumns: [String]
    }

    var name: String
    var columns: [Column]
    var primaryKey: [String]
    var uniqueKeys: [[String]]
    /// The name of each unique key the warehouse gave it (a `CREATE UNIQUE INDEX`), or nil: the
    /// constraint is published under that name, so the index keeps it.
    var uniqueKeyNames: [String?] = []
    /// `CREATE INDEX` statements as the warehouse declares them (portable SQL).
    var indexes: [String]
    var foreignKeys: [ForeignKey]
    var isDistributed: Bool
    /// Reads the rows from the warehouse, one value per column, in `columns` order.
    var selectSQL: String
    /// Set when `customer_key` is not a warehouse column but taken from the table this one refers to.
    var derivedCustomerKeyFrom: String?
}

/// One view: its name and the SELECT it stands for.
struct PublishedView: Sendable {
    var name: String
    var select: String
}

/// A description from `dw_catalog`, for `COMMENT ON`.
struct CatalogComment: Sendable {
    var table: String
    var column: String?
    var text: String
}
