import Foundation

/// The content of a warehouse as text, table by table, through the `sqlite3` shell.
///
/// Ledger tables that record *when* things ran (`etl_run`, `etl_stage`) are left out, and so are
/// run ids, which count runs; everything else must be equal for equal inputs.
public enum WarehouseSnapshot {
    public static func content(of database: String, excludingRunIDs: Bool = true) throws -> [String: String] {
        let tables = try ProcessRunner.sqlite3(database,
            "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .split(separator: "\n").map(String.init)
        var result: [String: String] = [:]
        for table in tables where !["etl_run", "etl_stage"].contains(table) {
            var columns = try ProcessRunner.sqlite3(database, "SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
                .split(separator: "\n").map(String.init)
            if excludingRunIDs { columns.removeAll { $0 == "run_id" } }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            // What the warehouse was built from (build, pipeline file): not content.
            let filter = table == "dw_meta" ? " WHERE key <> 'load_basis'" : ""
            result[table] = try ProcessRunner.sqlite3(database, "SELECT \(list) FROM \"\(table)\"\(filter) ORDER BY \(list)")
        }
        return result
    }
}
