import Foundation
import SQLiteDB

/// The PostgreSQL layout of a warehouse file, read from its own schema: tables, keys, indexes,
/// foreign keys, views and the data dictionary. Nothing is listed twice: a table, index or view
/// added to the warehouse is published without touching this module.
struct WarehouseLayout: Sendable {
    var tables: [PublishedTable]
    var views: [PublishedView]
    var comments: [CatalogComment]

    /// Reads the layout; fails when a name is not a plain identifier (names go into SQL text) or a
    /// type has no PostgreSQL mapping.
    static func read(_ db: Database) throws -> WarehouseLayout {
        let tableNames = try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .compactMap { $0[0].string }
        var raw: [String: RawTable] = [:]
        for name in tableNames {
            raw[name] = try RawTable.read(name, db)
        }
        var tables: [PublishedTable] = []
        for name in tableNames {
            tables.append(try publishedTable(raw[name]!, all: raw))
        }
        var views: [PublishedView] = []
        for row in try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid") {
            guard let name = row[0].string, let sql = row[1].string else { continue }
            try checkIdentifier(name)
            // The warehouse's views are written in SQL both engines read alike (the parity test runs
            // them on both); a view that needs a PostgreSQL variant would get it here.
            views.append(PublishedView(name: name, select: viewSelect(sql)))
        }
        return WarehouseLayout(tables: tables, views: views, comments: try comments(db, tables: tables, views: views))
    }

    /// The SELECT of `CREATE VIEW name AS SELECT ...`.
    static func viewSelect(_ sql: String) -> String {
        guard let range = sql.range(of: #"^\s*CREATE\s+VIEW\s+\S+\s+AS\s+"#, options: [.regularExpression, .caseInsensitive]) else { return sql }
        return String(sql[range.upperBound...])
    }

    /// A warehouse table as SQLite describes it.
    struct RawTable {
        var name: String
        var columns: [(name: String, declared: String, notNull: Bool, pk: Int)]
        var uniqueKeys: [[String]]
        var uniqueKeyNames: [String?]
        var indexes: [String]
        var foreignKeys: [PublishedTable.ForeignKey]

        static func read(_ name: String, _ db: Database) throws -> RawTable {
            try checkIdentifier(name)
            let columns = try db.rows("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", [.text(name)]).map {
                (name: $0[0].string ?? "", declared: $0[1].string ?? "", notNull: $0[2].int == 1, pk: Int($0[3].int ?? 0))
            }
            for column in columns { try checkIdentifier(column.name) }
            var uniqueKeys: [[String]] = []
            var uniqueKeyNames: [String?] = []
            var indexes: [String] = []
            for index in try db.rows("SELECT name, origin, \"unique\" AND NOT partial FROM pragma_index_list(?) ORDER BY name", [.text(name)]) {
                guard let indexName = index[0].string else { continue }
                // A unique index over whole columns is a unique key, declared in the table or not.
                let declared = index[2].int == 1 && index[1].string == "c"
                switch declared ? "u" : index[1].string {
                case "u":
                    if declared { try checkIdentifier(indexName) }
                    uniqueKeys.append(try db.rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(indexName)]).compactMap { $0[0].string })
                    uniqueKeyNames.append(declared ? indexName : nil)
                case "c":
                    try checkIdentifier(indexName)
                    if let sql = try db.scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [.text(indexName)])?.string {
                        indexes.append(sql)
                    }
                default:
                    break   // the primary key: from table_info
                }
            }
            var keys: [Int64: PublishedTable.ForeignKey] = [:]
            for row in try db.rows("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq", [.text(name)]) {
                let id = row[0].int ?? 0
                var key = keys[id] ?? PublishedTable.ForeignKey(columns: [], table: row[1].string ?? "", referencedColumns: [])
                key.columns.append(row[2].string ?? "")
                if let to = row[3].string { key.referencedColumns.append(to) }
                keys[id] = key
            }
            return RawTable(name: name, columns: columns, uniqueKeys: uniqueKeys, uniqueKeyNames: uniqueKeyNames, indexes: indexes.sorted(),
                            foreignKeys: keys.keys.sorted().map { keys[$0]! })
        }

        var primaryKey: [String] { columns.filter { $0.pk > 0 }.sorted { $0.pk < $1.pk }.map(\.name) }
    }

    /// Applies the type mapping and the Citus rules (see `CitusLayout`) to one table.
    static func publishedTable(_ table: RawTable, all: [String: RawTable]) throws -> PublishedTable {
        let distributed = CitusLayout.isDistributed(table.name)
        let key = CitusLayout.distributionColumn
        var columns: [PublishedTable.Column] = []
        var selects: [String] = []
        for column in table.columns {
            guard let type = PostgresColumnType.of(column: column.name, declared: column.declared) else {
                throw PublishError.notPublishable(table: table.name, column: column.name,
                                                  reason: "has the declared type `\(column.declared)`, which publish does not map (INTEGER, REAL, TEXT)")
            }
            if distributed && column.name == key {
                columns.append(.init(name: column.name, type: type, isNotNull: true))
                selects.append("coalesce(t.\(quote(key)), \(CitusLayout.noCustomerKey))")
            } else {
                columns.append(.init(name: column.name, type: type, isNotNull: column.notNull || column.pk > 0))
                selects.append("t.\(quote(column.name))")
            }
        }
        var from = "\(quote(table.name)) t"
        var derivedFrom: String?
        if distributed && !table.columns.contains(where: { $0.name == key }) {
            // A fact that reaches its customer through another fact (a purchase line through its purchase).
            guard let parent = table.foreignKeys.first(where: { fk in
                CitusLayout.isDistributed(fk.table) && (all[fk.table]?.columns.contains { $0.name == key } ?? false)
            }) else {
                throw PublishError.notPublishable(table: table.name, column: key,
                                                  reason: "is missing, and no foreign key leads to a table that has it (a distributed table needs its customer)")
            }
            let referenced = parent.referencedColumns.isEmpty ? (all[parent.table]?.primaryKey ?? []) : parent.referencedColumns
            let on = zip(parent.columns, referenced).map { "p.\(quote($1)) = t.\(quote($0))" }.joined(separator: " AND ")
            from += " LEFT JOIN \(quote(parent.table)) p ON \(on)"
            columns.append(.init(name: key, type: .bigint, isNotNull: true))
            selects.append("coalesce(p.\(quote(key)), \(CitusLayout.noCustomerKey))")
            derivedFrom = parent.table
        }
        func withKey(_ columns: [String]) -> [String] {
            distributed && !columns.contains(key) ? columns + [key] : columns
        }
        var primaryKey = table.primaryKey
        if distributed && !primaryKey.isEmpty { primaryKey = withKey(primaryKey) }
        // Keys into distributed tables go (Citus allows them only between co-located tables on the
        // distribution column); keys into reference tables stay.
        let foreignKeys = table.foreignKeys.filter { !CitusLayout.isDistributed($0.table) }.map { fk in
            var fk = fk
            if fk.referencedColumns.isEmpty { fk.referencedColumns = all[fk.table]?.primaryKey ?? [] }
            return fk
        }
        let order = table.primaryKey.isEmpty ? "t.rowid" : table.primaryKey.map { "t.\(quote($0))" }.joined(separator: ", ")
        return PublishedTable(name: table.name, columns: columns, primaryKey: primaryKey,
                              uniqueKeys: table.uniqueKeys.map { distributed ? withKey($0) : $0 }, uniqueKeyNames: table.uniqueKeyNames,
                              indexes: table.indexes, foreignKeys: foreignKeys, isDistributed: distributed,
                              selectSQL: "SELECT \(selects.joined(separator: ", ")) FROM \(from) ORDER BY \(order)",
                              derivedCustomerKeyFrom: derivedFrom)
    }

    /// The descriptions of `dw_catalog` for the tables, views and columns published, with the
    /// PostgreSQL-only facts about `customer_key` added.
    static func comments(_ db: Database, tables: [PublishedTable], views: [PublishedView]) throws -> [CatalogComment] {
        guard try db.hasTable("dw_catalog") else { return [] }
        var known: [String: Set<String>] = [:]
        for table in tables { known[table.name] = Set(table.columns.map(\.name)) }
        for view in views { known[view.name] = Set(try db.rows("SELECT name FROM pragma_table_info(?)", [.text(view.name)]).compactMap { $0[0].string }) }
        var comments: [CatalogComment] = []
        var described: Set<String> = []
        for row in try db.rows("SELECT table_name, column_name, description, formula FROM dw_catalog ORDER BY table_name, position") {
            guard let table = row[0].string, let columns = known[table], var text = row[2].string else { continue }
            let column = row[1].string
            if let column, !columns.contains(column) { continue }
            if let formula = row[3].string, !formula.isEmpty { text += " Formula: \(formula)" }
            if column == CitusLayout.distributionColumn, CitusLayout.isDistributed(table), table != CitusLayout.anchorTable {
                text += " On PostgreSQL 0 where the warehouse has NULL (no customer): the distribution column cannot be NULL."
            }
            comments.append(CatalogComment(table: table, column: column, text: text))
            described.insert("\(table).\(column ?? "")")
        }
        for table in tables where table.derivedCustomerKeyFrom != nil && !described.contains("\(table.name).\(CitusLayout.distributionColumn)") {
            comments.append(CatalogComment(table: table.name, column: CitusLayout.distributionColumn,
                                           text: "PostgreSQL only: the customer version of the row's \(table.derivedCustomerKeyFrom!) (0: none), so that the row is distributed with its customer."))
        }
        return comments
    }

    /// Names go into SQL text (COPY takes the table name as given): only plain lower-case identifiers.
    static func checkIdentifier(_ name: String) throws {
        let ok = !name.isEmpty && name.count <= 63 && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first!)
        if !ok { throw PublishError.notPublishable(table: name, column: "(name)", reason: "is not a plain lower-case identifier") }
    }

    /// The identifier in double quotes (our own names only; checked by `checkIdentifier`).
    static func quote(_ name: String) -> String { "\"\(name)\"" }
}
