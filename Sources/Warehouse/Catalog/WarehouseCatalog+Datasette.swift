import Foundation
import SQLiteDB

extension WarehouseCatalog {
    /// A canned query for Datasette: a file of `docs/queries/` (its `-- Question:` line is the title).
    public struct CannedQuery: Sendable {
        public var name: String
        public var sql: String

        public init(name: String, sql: String) {
            self.name = name
            self.sql = sql
        }

        /// The text after `-- Question:` in the leading comment, else the file name.
        var title: String {
            for line in sql.split(separator: "\n") where line.hasPrefix("--") {
                let text = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("Question:") { return text.dropFirst("Question:".count).trimmingCharacters(in: .whitespaces) }
            }
            return name
        }

        /// The rest of the leading comment: what the query assumes.
        var description: String {
            sql.split(separator: "\n").prefix { $0.hasPrefix("--") }
                .map { $0.dropFirst(2).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.hasPrefix("Question:") }.joined(separator: " ")
        }
    }

    /// Datasette `metadata.json` for a warehouse file whose name (without `.sqlite`) is `database`:
    /// every table and view with its description, every column's description (with its formula),
    /// and `queries` as canned queries. From the same schema and entries as `dw_catalog`.
    public static func datasetteMetadata(database: String, queries: [CannedQuery]) throws -> String {
        let db = try Database(path: ":memory:")
        try WarehouseSchema.create(in: db)
        try fill(db)
        var tables: [String: Any] = [:]
        var current: (name: String, description: String, columns: [String: String])?
        func flush() {
            guard let table = current else { return }
            tables[table.name] = ["description": table.description, "columns": table.columns] as [String: Any]
        }
        for row in try db.rows("SELECT table_name, column_name, description, formula FROM dw_catalog ORDER BY table_name, position") {
            let table = row[0].string ?? ""
            guard let column = row[1].string else {
                flush()
                current = (table, row[2].string ?? "", [:])
                continue
            }
            let formula = row[3].string.map { " Formula: \($0)" } ?? ""
            current?.columns[column] = (row[2].string ?? "") + formula
        }
        flush()
        var canned: [String: Any] = [:]
        for query in queries {
            canned[query.name] = ["sql": query.sql, "title": query.title, "description": query.description]
        }
        let metadata: [String: Any] = [
            "title": "OneFace warehouse",
            "description": "One face of the customer: customers, their source records, facts, KPIs. Money is integer cents, timestamps ISO 8601 UTC, date_key the local date as yyyymmdd; see dw_catalog.",
            "databases": [database: ["tables": tables, "queries": canned] as [String: Any]],
        ]
        let data = try JSONSerialization.data(withJSONObject: metadata, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
