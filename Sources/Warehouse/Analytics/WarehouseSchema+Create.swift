import SQLiteDB

extension WarehouseSchema {
    /// Creates every table and view of an empty warehouse: the core schema, then the analyst-facing
    /// tables and views. The data dictionary builds the same schema in memory to read column types.
    static func create(in db: Database) throws {
        try db.execute(ddl)
        try db.execute(AnalyticsSchema.tables)
        try db.execute(AnalyticsSchema.views)
    }
}
