/// The statements that build one warehouse layout in PostgreSQL, in the order the publish runs
/// them: tables (no keys, so COPY fills them fast), then keys and indexes, foreign keys, views,
/// comments. Only our own identifiers (checked plain names) are put into the text; data goes
/// through COPY and the catalog's descriptions are quoted as literals.
enum PostgresDDL {
    static func quote(_ name: String) -> String { WarehouseLayout.quote(name) }

    /// `CREATE TABLE`; a distributed table with `partitions` becomes `PARTITION BY HASH (customer_key)`
    /// with that many partitions `<table>_p<i>`.
    static func createTable(_ table: PublishedTable, partitions: Int?) -> [String] {
        let columns = table.columns.map { "\(quote($0.name)) \($0.type.rawValue)\($0.isNotNull ? " NOT NULL" : "")" }
        guard let partitions, table.isDistributed, table.name != CitusLayout.anchorTable else {
            return ["CREATE TABLE \(quote(table.name)) (\(columns.joined(separator: ", ")))"]
        }
        var statements = ["CREATE TABLE \(quote(table.name)) (\(columns.joined(separator: ", "))) PARTITION BY HASH (\(quote(CitusLayout.distributionColumn)))"]
        for remainder in 0..<partitions {
            statements.append("CREATE TABLE \(quote("\(table.name)_p\(remainder)")) PARTITION OF \(quote(table.name)) FOR VALUES WITH (MODULUS \(partitions), REMAINDER \(remainder))")
        }
        return statements
    }

    /// Primary key, unique keys and indexes, built once the rows are in.
    static func keysAndIndexes(_ table: PublishedTable) -> [String] {
        var statements: [String] = []
        if !table.primaryKey.isEmpty {
            statements.append("ALTER TABLE \(quote(table.name)) ADD PRIMARY KEY (\(table.primaryKey.map(quote).joined(separator: ", ")))")
        }
        for (index, key) in table.uniqueKeys.enumerated() {
            let name = index < table.uniqueKeyNames.count ? table.uniqueKeyNames[index].map { "CONSTRAINT \(quote($0)) " } ?? "" : ""
            statements.append("ALTER TABLE \(quote(table.name)) ADD \(name)UNIQUE (\(key.map(quote).joined(separator: ", ")))")
        }
        return statements + table.indexes
    }

    static func foreignKeys(_ table: PublishedTable) -> [String] {
        table.foreignKeys.map { fk in
            "ALTER TABLE \(quote(table.name)) ADD FOREIGN KEY (\(fk.columns.map(quote).joined(separator: ", "))) REFERENCES \(quote(fk.table)) (\(fk.referencedColumns.map(quote).joined(separator: ", ")))"
        }
    }

    static func createView(_ view: PublishedView) -> String {
        "CREATE VIEW \(quote(view.name)) AS \(view.select)"
    }

    static func comment(_ comment: CatalogComment, isView: Bool) -> String {
        let literal = "'" + comment.text.replacingOccurrences(of: "'", with: "''") + "'"
        if let column = comment.column {
            return "COMMENT ON COLUMN \(quote(comment.table)).\(quote(column)) IS \(literal)"
        }
        return "COMMENT ON \(isView ? "VIEW" : "TABLE") \(quote(comment.table)) IS \(literal)"
    }
}
