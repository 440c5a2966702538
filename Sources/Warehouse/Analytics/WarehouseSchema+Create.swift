import SQLiteDB

extension WarehouseSchema {
    /// Creates every table and view of an empty warehouse: the core schema, then the analyst-facing
    /// tables and views. The data dictionary builds the same schema in memory to read column types.
    static func create(in db: Database, deferringFactIndexes: Bool = false) throws {
        try db.execute(deferringFactIndexes ? ddlWithoutFactIndexes : ddl)
        try db.execute(AnalyticsSchema.tables)
        try db.execute(AnalyticsSchema.views)
    }

    /// The secondary indexes of the fact tables (`CREATE INDEX fact_…`): a bulk load builds them
    /// after the rows are in, one sort each instead of a random B-tree insert per row.
    static var factIndexes: String {
        ddl.split(separator: "\n").filter { $0.hasPrefix("CREATE INDEX fact_") }.joined(separator: "\n")
    }

    static var ddlWithoutFactIndexes: String {
        ddl.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("CREATE INDEX fact_") }.joined(separator: "\n")
    }
}
