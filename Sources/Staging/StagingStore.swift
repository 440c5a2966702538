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
        db = try Database(path: config.stagingPath, mode: readOnly ? .readOnly : .readWriteCreate)
        if !readOnly {
            // Rollback journal, not WAL: a night's bulk insert goes into fresh pages, which a rollback
            // journal need not copy, while WAL writes every page twice (log, then checkpoint).
            try db.execute("PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY")
            try StagingSchema.migrate(db)
            for source in config.sources { try StagingSchema.ensureTable(for: source, in: db) }
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
