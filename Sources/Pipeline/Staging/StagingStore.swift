import Foundation
import PipelineCore
import SQLiteDB

/// The staging database: raw rows per source, the file manifest, quarantine, run ledger and
/// identity state. It persists between nights; every stage commits its work with its ledger rows.
public final class StagingStore {
    public let db: Database
    public let config: PipelineConfig

    public init(config: PipelineConfig, readOnly: Bool = false) throws {
        self.config = config
        let folder = (config.stagingPath as NSString).deletingLastPathComponent
        if !readOnly { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        if readOnly && !FileManager.default.fileExists(atPath: config.stagingPath) {
            throw PipelineError.input("no staging database at \(config.stagingPath) yet; run `oneface extract` first")
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
}
