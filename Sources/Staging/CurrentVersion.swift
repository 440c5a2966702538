import PipelineCore
import SQLiteDB

/// Which staged row is a record's current version — the one definition, for SQL and for Swift.
///
/// A record id can be staged many times (each night's export, a re-delivered file). The current
/// version is the row of the latest staged file, files ranked by path (exports are named by date:
/// a later path is a later delivery; the file id breaks ties), and within one file the last line.
/// Rows of files that are not `staged` (superseded, quarantined, failed) never count.
public enum CurrentVersion {
    /// `ORDER BY` of `etl_file` (no alias) from the earliest delivery to the latest.
    public static let fileOrder = "path, file_id"

    /// The newest-first window order over a source table aliased `s` joined to `etl_file` aliased `f`.
    static let newestFirst = "f.path DESC, f.file_id DESC, s.line DESC"

    /// The rank of a row in Swift: files numbered in `fileOrder` (`FileManifest.stagedFiles`), then
    /// the line; a higher rank is newer.
    public static func rank(fileRank: Int, line: Int64) -> Int64 { Int64(fileRank) << 32 | line }

    /// A query for the current version of every record of `source` (in `schema`, e.g. `stg`), with
    /// `columns` of the staging table (aliases: none; the status is our constant, not data).
    public static func sql(source: SourceConfig, columns: String, schema: String? = nil) -> String {
        let prefix = schema.map { quoteIdentifier($0) + "." } ?? ""
        return """
            SELECT \(columns) FROM (
              SELECT s.*, row_number() OVER (PARTITION BY s.record_id ORDER BY \(newestFirst)) AS version
              FROM \(prefix)\(quoteIdentifier(source.stagingTable)) s JOIN \(prefix)etl_file f ON f.file_id = s.file_id
              WHERE f.status = '\(FileStatus.staged.rawValue)') WHERE version = 1
            """
    }
}
