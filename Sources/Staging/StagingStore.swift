import CSQLite
import Foundation
import PipelineCore
import SQLiteDB

/// The staging database: raw rows per source, the file manifest, quarantine, run ledger, identity
/// state and customer versions. It persists between nights; every stage commits its work with its
/// ledger rows. Its schema is `StagingSchema`'s alone.
public final class StagingStore {
    public let db: Database
    public let config: PipelineConfig

    public init(config: PipelineConfig, readOnly: Bool = false) throws {
        self.config = config
        let folder = (config.stagingPath as NSString).deletingLastPathComponent
        if !readOnly { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        if readOnly && !FileManager.default.fileExists(atPath: config.stagingPath) {
            throw StagingError.missing(path: config.stagingPath)
        }
        db = try Self.open(config.stagingPath, readOnly: readOnly)
        if !readOnly {
            // Rollback journal, not WAL: a night's bulk insert goes into fresh pages, which a rollback
            // journal need not copy, while WAL writes every page twice (log, then checkpoint).
            try db.execute("PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY")
            try StagingSchema.migrate(db)
            for source in config.sources { try StagingSchema.ensureTable(for: source, in: db) }
        }
    }

    /// Opens the file and reads its schema: a damaged or foreign file shows here, as `damaged`.
    private static func open(_ path: String, readOnly: Bool) throws -> Database {
        let result = Result { () throws(SQLiteError) -> Database in
            let db = try Database(path: path, mode: readOnly ? .readOnly : .readWriteCreate)
            _ = try db.scalar("SELECT count(*) FROM sqlite_master")
            return db
        }
        switch result {
        case let .success(db): return db
        case let .failure(error) where readOnly && error.code == SQLITE_READONLY | (3 << 8):   // SQLITE_READONLY_ROLLBACK (776)
            // A run died mid-write and left a hot journal: only a writer can roll it back. SQLite
            // calls a journal hot only when no live process holds the database, so this is safe.
            _ = try open(path, readOnly: false)
            return try open(path, readOnly: true)
        case let .failure(error):
            let primary = error.code & 0xff
            if primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB { throw StagingError.damaged(path: path, error) }
            throw error
        }
    }

    /// The staging database at `path` as a read-only URI for `ATTACH`, for stages that consume it.
    public static func readOnlyURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?mode=ro"
    }

    /// The file manifest (`etl_file`).
    public var manifest: FileManifest { FileManifest(db: db) }

    /// The run and stage ledger (`etl_run`, `etl_stage`).
    public var ledger: RunLedger { RunLedger(db: db) }
}
