import SQLiteDB

/// One described table or view of the warehouse.
struct CatalogTable: Sendable {
    let name: String
    let description: String
    /// For views: tables whose same-named columns describe this view's columns.
    let inherits: [String]
    let columns: [CatalogColumn]

    init(_ name: String, _ description: String, inherits: [String] = [], _ columns: [CatalogColumn]) {
        self.name = name
        self.description = description
        self.inherits = inherits
        self.columns = columns
    }
}

/// One described column; `formula` for KPIs and derived values.
struct CatalogColumn: Sendable {
    let name: String
    let description: String
    let formula: String?

    init(_ name: String, _ description: String, formula: String? = nil) {
        self.name = name
        self.description = description
        self.formula = formula
    }
}

/// The data dictionary (`dw_catalog`, docs/data-dictionary.md) from `WarehouseCatalog.entries`,
/// with column types read from SQLite so that neither can drift from the real schema.
public enum WarehouseCatalog {
    static func entry(_ table: String) -> CatalogTable? { entries.first { $0.name == table } }

    /// The column's own entry, else the first inherited table's entry of that name.
    static func column(_ name: String, of table: CatalogTable) -> CatalogColumn? {
        if let own = table.columns.first(where: { $0.name == name }) { return own }
        for parent in table.inherits {
            if let inherited = entry(parent)?.columns.first(where: { $0.name == name }) { return inherited }
        }
        return nil
    }

    /// Tables and views of `db` (not SQLite's own), in catalog order, then by name.
    static func objects(_ db: Database) throws -> [(name: String, type: String)] {
        let found = try db.rows("""
            SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name
            """).map { (name: $0[0].string ?? "", type: $0[1].string ?? "") }
        let order = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.name, $0) })
        return found.sorted { (order[$0.name] ?? Int.max, $0.name) < (order[$1.name] ?? Int.max, $1.name) }
    }

    /// Name and declared type of each column, in order.
    static func columns(_ db: Database, of table: String) throws -> [(name: String, type: String)] {
        try db.rows("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", [.text(table)])
            .map { (name: $0[0].string ?? "", type: $0[1].string ?? "") }
    }

    /// Fills `dw_catalog` with every described table and column of `db`.
    static func fill(_ db: Database) throws {
        try db.execute("DELETE FROM dw_catalog")
        let insert = try db.prepare("INSERT INTO dw_catalog(table_name, column_name, position, data_type, description, formula) VALUES (?, ?, ?, ?, ?, ?)")
        for object in try objects(db) {
            guard let table = entry(object.name) else { continue }
            try insert.execute([.text(table.name), .null, .integer(0), .text(object.type), .text(table.description), .null])
            for (index, column) in try columns(db, of: object.name).enumerated() {
                guard let described = Self.column(column.name, of: table) else { continue }
                try insert.execute([.text(table.name), .text(column.name), .integer(Int64(index + 1)), .text(column.type),
                                    .text(described.description), SQLValue(described.formula)])
            }
        }
    }

    /// Tables and columns of `db` without an entry, and entries that name nothing in `db`.
    public static func problems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        let objects = try objects(db)
        let names = Set(objects.map(\.name))
        for object in objects {
            guard let table = entry(object.name) else {
                problems.append("\(object.type) \(object.name) has no catalog entry")
                continue
            }
            let actual = try columns(db, of: object.name).map(\.name)
            for name in actual where column(name, of: table) == nil {
                problems.append("column \(object.name).\(name) has no catalog entry")
            }
            for column in table.columns where !actual.contains(column.name) {
                problems.append("catalog entry \(object.name).\(column.name) names no column")
            }
        }
        for table in entries where !names.contains(table.name) {
            problems.append("catalog entry \(table.name) names no table or view")
        }
        return problems
    }
}
