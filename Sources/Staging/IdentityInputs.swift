import PipelineCore
import SQLiteDB

/// What a transform resolves identities from, as far as staging holds it, and the digest of all of
/// a transform's inputs (`id_input_digest`).
///
/// The staged person records change only through the file manifest (a file staged, superseded,
/// withdrawn or failed) and through erasures, which leave tombstones. So `manifest(of:)` describes
/// every way a record could have changed without reading one: each person source's files with
/// their status and staged rows, the highest row id of its table, and the erasures so far.
public struct IdentityInputs {
    let db: Database

    public init(db: Database) { self.db = db }

    /// One line per fact that, if it changed, may have changed a staged person record of `sources`.
    public func manifest(of sources: [SourceConfig]) throws -> [String] {
        var lines: [String] = []
        let files = try db.prepare("SELECT file_id, status, rows_staged FROM etl_file WHERE source = ? ORDER BY file_id")
        for source in sources.sorted(by: { $0.name < $1.name }) {
            let highest = try db.hasTable(source.stagingTable)
                ? try db.scalar("SELECT max(rowid) FROM \(quoteIdentifier(source.stagingTable))")?.int ?? 0 : 0
            lines.append("source \(source.name) \(source.stagingTable) rows up to \(highest)")
            try files.forEachRow([.text(source.name)]) { row in
                lines.append("file \(row.int(0) ?? 0) \(row.string(1) ?? "") \(row.int(2) ?? 0)")
            }
        }
        let erasures = try db.rows("SELECT count(*), max(erased_run) FROM erasure_tombstone").first
        lines.append("erasures \(erasures?[0].int ?? 0) last \(erasures?[1].int ?? 0)")
        return lines
    }

    /// The digest the last transform recorded, with its run; nil when none did.
    public func lastDigest() throws -> (digest: String, runID: Int64, basis: String?)? {
        guard let row = try db.rows("SELECT digest, run_id, basis FROM id_input_digest WHERE singleton = 1").first,
              let digest = row[0].string, let runID = row[1].int else { return nil }
        return (digest, runID, row[2].string)
    }

    /// Records the digest of the inputs tonight's identities were resolved from (in the transform's
    /// transaction); nil forgets it, so the next transform resolves again.
    /// `basis` is the digest of what the pairs were scored with (everything but the records).
    public func record(digest: String?, basis: String? = nil, runID: Int64) throws {
        guard let digest else {
            try db.execute("DELETE FROM id_input_digest")
            return
        }
        try db.execute("INSERT OR REPLACE INTO id_input_digest(singleton, digest, run_id, basis) VALUES (1, ?, ?, ?)",
                       [.text(digest), .integer(runID), basis.map(SQLValue.text) ?? .null])
    }
}
