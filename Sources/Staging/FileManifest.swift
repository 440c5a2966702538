import PipelineCore
import SQLiteDB

/// What became of one delivered file (`etl_file.status`).
public enum FileStatus: String, Sendable, CaseIterable {
    /// Being written by an extract that has not committed (never seen outside its transaction).
    case staging
    /// Its rows are staged: the current delivery of its path and content.
    case staged
    /// A later delivery of the same path or content replaced its rows.
    case superseded
    /// Re-delivered with different content under `redelivery: quarantine`: every row went to `etl_reject`.
    case quarantined
    /// Could not be read at all, or broke its source's `limits`: nothing of it is staged.
    case failed
}

/// The file manifest (`etl_file`): every delivery with its digest, row counts and status.
///
/// Extract writes it; transform and load read only the files whose status is `staged`.
public struct FileManifest {
    let db: Database

    public init(db: Database) { self.db = db }

    /// The path a file of this content was staged under, when one was.
    public func stagedPath(source: String, sha256: String) throws -> String? {
        try db.scalar("SELECT path FROM etl_file WHERE source = ? AND sha256 = ? AND status = ? LIMIT 1",
                      [.text(source), .text(sha256), .text(FileStatus.staged.rawValue)])?.string
    }

    /// The digest of the file staged under this path, when one is.
    public func stagedDigest(source: String, path: String) throws -> String? {
        try db.scalar("SELECT sha256 FROM etl_file WHERE source = ? AND path = ? AND status = ? LIMIT 1",
                      [.text(source), .text(path), .text(FileStatus.staged.rawValue)])?.string
    }

    /// Removes the staged rows (and their nulled values) of every staged delivery of this path or
    /// content, and marks them superseded. Their rejects stay, as the record of what they held.
    public func supersede(_ source: SourceConfig, path: String, sha256: String) throws {
        for row in try db.rows("SELECT file_id FROM etl_file WHERE source = ? AND (path = ? OR sha256 = ?) AND status = ?",
                               [.text(source.name), .text(path), .text(sha256), .text(FileStatus.staged.rawValue)]) {
            try db.execute("DELETE FROM \(quoteIdentifier(source.stagingTable)) WHERE file_id = ?", [row[0]])
            try db.execute("DELETE FROM etl_nulled WHERE file_id = ?", [row[0]])
            try setStatus(.superseded, fileID: row[0].int ?? -1)
        }
    }

    /// The most frequent reasons rows of a file were rejected, most frequent first.
    public func topRejectReasons(fileID: Int64, limit: Int = 3) throws -> [(reason: String, rows: Int64)] {
        try db.rows("SELECT reason, count(*) FROM etl_reject WHERE file_id = ? GROUP BY reason ORDER BY 2 DESC, 1 LIMIT ?",
                    [.integer(fileID), .integer(Int64(limit))]).map { ($0[0].string ?? "", $0[1].int ?? 0) }
    }

    /// The most frequent reasons a file's values were nulled (`field: reason`), for its log line and message.
    public func topNulledReasons(fileID: Int64, limit: Int = 3) throws -> [(reason: String, rows: Int64)] {
        try db.rows("SELECT field || ': ' || reason, count(*) FROM etl_nulled WHERE file_id = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                    [.integer(fileID), .integer(Int64(limit))]).map { ($0[0].string ?? "", $0[1].int ?? 0) }
    }

    /// Takes a failing delivery's staged rows back out: each staged line becomes a reject with
    /// `reason` (no raw text: the row itself was fine), its nulled values go, and the file's earlier
    /// deliveries stay as they were. Rows read = rows rejected afterwards.
    public func withdraw(_ source: SourceConfig, fileID: Int64, path: String, runID: Int64, reason: String) throws {
        let table = quoteIdentifier(source.stagingTable)
        try db.execute("""
            INSERT INTO etl_reject(run_id, file_id, source, file, line, reason, raw_text)
            SELECT ?, file_id, ?, ?, line, ?, NULL FROM \(table) WHERE file_id = ? ORDER BY line
            """, [.integer(runID), .text(source.name), .text(path), .text(reason), .integer(fileID)])
        try db.execute("DELETE FROM \(table) WHERE file_id = ?", [.integer(fileID)])
        try db.execute("DELETE FROM etl_nulled WHERE file_id = ?", [.integer(fileID)])
    }

    /// Adds a delivery and returns its file id.
    public func add(_ source: SourceConfig, path: String, size: Int64, sha256: String, status: FileStatus,
                    message: String? = nil, runID: Int64) throws -> Int64 {
        try db.execute("""
            INSERT INTO etl_file(source, source_system, path, size, sha256, status, message, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(source.name), .text(source.system.rawValue), .text(path), .integer(size), .text(sha256),
                  .text(status.rawValue), SQLValue(message), .integer(runID)])
        return db.lastInsertRowID
    }

    /// Records the counts of a delivery and its new status.
    public func finish(fileID: Int64, status: FileStatus, read: Int, staged: Int, rejected: Int, nulled: Int, ignored: Int = 0) throws {
        try db.execute("UPDATE etl_file SET rows_read = ?, rows_staged = ?, rows_rejected = ?, rows_nulled = ?, rows_ignored = ?, status = ? WHERE file_id = ?",
                       [.integer(Int64(read)), .integer(Int64(staged)), .integer(Int64(rejected)), .integer(Int64(nulled)),
                        .integer(Int64(ignored)), .text(status.rawValue), .integer(fileID)])
    }

    public func setMessage(_ message: String, fileID: Int64) throws {
        try db.execute("UPDATE etl_file SET message = ? WHERE file_id = ?", [.text(message), .integer(fileID)])
    }

    public func setStatus(_ status: FileStatus, fileID: Int64) throws {
        try db.execute("UPDATE etl_file SET status = ? WHERE file_id = ?", [.text(status.rawValue), .integer(fileID)])
    }

    /// The staged files of a source in delivery order (`CurrentVersion`: a later path is a later delivery).
    public func stagedFiles(source: String) throws -> [Int64] {
        try db.rows("SELECT file_id FROM etl_file WHERE source = ? AND status = ? ORDER BY \(CurrentVersion.fileOrder)",
                    [.text(source), .text(FileStatus.staged.rawValue)]).compactMap { $0[0].int }
    }

    /// Rows staged from the source's current files.
    public func stagedRows(source: String) throws -> Int64 {
        try db.scalar("SELECT sum(rows_staged) FROM etl_file WHERE source = ? AND status = ?",
                      [.text(source), .text(FileStatus.staged.rawValue)])?.int ?? 0
    }
}
