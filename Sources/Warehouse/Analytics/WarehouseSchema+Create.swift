import SQLiteDB

extension WarehouseSchema {
    /// Creates every table and view of an empty warehouse: the core schema, then the analyst-facing
    /// tables and views. The data dictionary builds the same schema in memory to read column types.
    static func create(in db: Database, deferringIndexes: Bool = false) throws {
        try db.execute(deferringIndexes ? ddlWithoutIndexes : ddl)
        try db.execute(AnalyticsSchema.tables)
        try db.execute(AnalyticsSchema.views)
    }

    /// The secondary indexes of the core tables (`CREATE [UNIQUE] INDEX …`; keys and UNIQUE
    /// constraints stay with their tables): a bulk load builds them after the rows are in, one sort each instead of
    /// a random B-tree insert per row.
    static var secondaryIndexes: String {
        ddl.split(separator: "\n").filter(isIndex).joined(separator: "\n")
    }

    static var ddlWithoutIndexes: String {
        ddl.split(separator: "\n", omittingEmptySubsequences: false).filter { !isIndex($0) }.joined(separator: "\n")
    }

    private static func isIndex(_ line: Substring) -> Bool {
        line.hasPrefix("CREATE INDEX ") || line.hasPrefix("CREATE UNIQUE INDEX ")
    }
}
