import PipelineCore
import SQLiteDB

/// Numbered, append-only migrations of the staging database, each applied in one transaction
/// together with its `schema_migration` row. Every staging table is created here (the per-source
/// tables by `ensureTable`, from the pipeline's sources), and nowhere else.
public enum StagingSchema {
    struct Migration: Sendable {
        var version: Int
        var sql: String
        /// Steps SQL alone cannot express (tables that may or may not exist), after `sql`.
        var steps: (@Sendable (Database) throws -> Void)? = nil

        init(_ version: Int, _ sql: String, steps: (@Sendable (Database) throws -> Void)? = nil) {
            self.version = version
            self.sql = sql
            self.steps = steps
        }
    }

    static let migrations: [Migration] = [
        Migration(1, """
        CREATE TABLE etl_run (
            run_id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',   -- running, succeeded, completed_with_errors, failed
            exit_code INTEGER,
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_staged INTEGER NOT NULL DEFAULT 0,
            rows_rejected INTEGER NOT NULL DEFAULT 0,
            message TEXT
        );
        CREATE TABLE etl_stage (
            run_id INTEGER NOT NULL REFERENCES etl_run(run_id),
            stage TEXT NOT NULL,                      -- extract, transform, load
            started_at TEXT NOT NULL,
            seconds REAL,
            rows_in INTEGER NOT NULL DEFAULT 0,
            rows_out INTEGER NOT NULL DEFAULT 0,
            rows_rejected INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'running',
            message TEXT,
            PRIMARY KEY (run_id, stage)
        );
        CREATE TABLE etl_file (
            file_id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            source_system TEXT NOT NULL,
            path TEXT NOT NULL,                       -- relative to the input root
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_staged INTEGER NOT NULL DEFAULT 0,
            rows_rejected INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL,                     -- staged, failed, superseded
            message TEXT,
            run_id INTEGER NOT NULL REFERENCES etl_run(run_id)
        );
        CREATE INDEX etl_file_source_path ON etl_file(source, path);
        CREATE INDEX etl_file_source_sha ON etl_file(source, sha256);
        CREATE TABLE etl_reject (
            reject_id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES etl_run(run_id),
            file_id INTEGER NOT NULL REFERENCES etl_file(file_id),
            source TEXT NOT NULL,
            file TEXT NOT NULL,
            line INTEGER NOT NULL,
            reason TEXT NOT NULL,
            raw_text TEXT
        );
        CREATE INDEX etl_reject_file ON etl_reject(file_id);
        """),
        Migration(2, """
        -- Identity state that must survive between nights: customer ids and their history.
        CREATE TABLE id_customer (
            customer_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            created_run INTEGER NOT NULL,
            status TEXT NOT NULL,                     -- active, merged, retired
            merged_into TEXT
        ) WITHOUT ROWID;
        CREATE TABLE id_assignment (
            source_system TEXT NOT NULL,
            source_record_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            PRIMARY KEY (source_system, source_record_id)
        ) WITHOUT ROWID;
        CREATE TABLE customer_id_history (
            history_id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL,
            old_id TEXT,
            new_id TEXT,
            event TEXT NOT NULL,                      -- new, merge, split, retired
            reason TEXT NOT NULL
        );
        """),
        Migration(3, """
        -- Customer ids derive from the customer's earliest record (its anchor); kept to decide which
        -- id is older when clusters merge, independent of the order nights were loaded in.
        ALTER TABLE id_customer ADD COLUMN anchor_seen_at TEXT;
        ALTER TABLE id_customer ADD COLUMN anchor_system TEXT;
        ALTER TABLE id_customer ADD COLUMN anchor_record_id TEXT;
        """),
        Migration(4, """
        -- Last night's customer id of each record is read from id_record (rebuilt by every transform
        -- in the same transaction as id_customer), so a second copy of it is no longer kept.
        DROP TABLE id_assignment;
        """),
        Migration(5, """
        -- Values that could not be typed and were staged as NULL (`on_invalid: null`), one row per
        -- value, written with the file's staged rows; the identity transform joins them on
        -- (file_id, line, field). rows_nulled counts the staged rows with at least one of them.
        CREATE TABLE etl_nulled (
            file_id INTEGER NOT NULL REFERENCES etl_file(file_id),
            line INTEGER NOT NULL,
            source TEXT NOT NULL,
            field TEXT NOT NULL,
            reason TEXT NOT NULL,
            raw_value TEXT
        );
        CREATE INDEX etl_nulled_row ON etl_nulled(file_id, line, field);
        ALTER TABLE etl_file ADD COLUMN rows_nulled INTEGER NOT NULL DEFAULT 0;
        """),
        Migration(6, """
        -- Staging owns every table: the identity tables the transform used to drop and create, the
        -- erasure tombstones, and the customer versions (computed by the transform, no longer kept
        -- by the load in wh_customer_version). See IdentityTables.
        CREATE TABLE IF NOT EXISTS id_secret (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS erasure_tombstone (
            hash TEXT PRIMARY KEY,      -- SHA-256 of salt, kind and normalised value
            kind TEXT NOT NULL,         -- email, phone, customer_number, loyalty_card, record
            erased_run INTEGER NOT NULL
        ) WITHOUT ROWID;
        """, steps: IdentityTables.create),
        Migration(7, """
        -- People's reviewed decisions about pairs of records (id_review_decision), rewritten by
        -- every transform like the other derived identity tables.
        """, steps: IdentityTables.create),
        Migration(8, """
        -- Rows skipped for a value the mapping's `ignore:` lists (an e-mail event type nobody
        -- wants): rows_read = rows_staged + rows_rejected + rows_ignored.
        ALTER TABLE etl_file ADD COLUMN rows_ignored INTEGER NOT NULL DEFAULT 0;
        """),
        Migration(9, """
        -- gender (female, male, diverse) in id_record, the golden record and the customer versions.
        """, steps: IdentityTables.addCarriedColumns),
        Migration(10, """
        -- Consent per channel (SMS, phone, post) and the date of the consent, like gender.
        """, steps: IdentityTables.addCarriedColumns),
        Migration(11, """
        -- Sources, not systems, own record ids: two sources of one system may both number from C-1001.
        -- match_pair, id_review_decision and id_golden_origin name a record by its source as well, and a
        -- customer id's anchor record (id_customer.anchor_source) too; rows written before get theirs
        -- from id_record. See IdentityTables.addRecordSources.
        """, steps: IdentityTables.addRecordSources),
        Migration(12, """
        -- id_record: the further e-mails and phones of multi-valued mappings (from_all) and a birth
        -- year alone (birth_year). The per-source tables get their columns from ensureTable.
        """, steps: IdentityTables.create),
        Migration(13, """
        -- id_customer_version.started_by: a change seen only in a re-delivered record (a contact
        -- exported again with a new address) starts a version at the night that saw it, and later
        -- nights keep that version (`delivery`); the others start at a record's own time (`data`).
        """, steps: IdentityTables.addCarriedColumns),
        Migration(14, """
        -- id_record: the second address line (address_line2) and its street key, which matching
        -- compares with the other record's street (exports that swap line 1 and line 2).
        """, steps: IdentityTables.create),
        Migration(15, """
        -- What the last transform resolved identities from, as one digest (IdentityInputs): a transform
        -- whose inputs are all unchanged keeps the identities instead of resolving them again.
        CREATE TABLE IF NOT EXISTS id_input_digest (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            digest TEXT NOT NULL,
            run_id INTEGER NOT NULL          -- the transform that resolved from these inputs
        );
        """),
        Migration(16, """
        -- The term frequencies kept with the identity model (TermFrequencyTable): counted on the night
        -- the model is first used, so later nights weigh an untouched pair as that night did.
        CREATE TABLE IF NOT EXISTS id_term_frequency (
            field TEXT NOT NULL,             -- first_name, last_name, city, street
            value TEXT NOT NULL,             -- the folded value, as matching compares it
            count INTEGER NOT NULL,          -- records that held it
            PRIMARY KEY (field, value)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS id_term_frequency_basis (
            field TEXT PRIMARY KEY,
            records INTEGER NOT NULL,        -- records that held a value of the field
            model_sha256 TEXT NOT NULL,      -- the model (as saved) these frequencies belong to
            run_id INTEGER NOT NULL          -- the transform that counted them
        );
        -- What the last transform's pairs were scored with (the build, pipeline file, model, reviewed
        -- decisions; not the records): a night with the same basis can resolve incrementally from them.
        ALTER TABLE id_input_digest ADD COLUMN basis TEXT;
        -- match_pair.record_key_a and _b, pattern: the pair's records by their id_record keys, and its
        -- levels packed (IdentityTables.create).
        """, steps: IdentityTables.create),
    ]

    /// The schema version this OneFace writes.
    public static var version: Int { migrations.last!.version }

    static func migrate(_ db: Database) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        let applied = Set(try db.rows("SELECT version FROM schema_migration").compactMap { $0[0].int })
        for migration in migrations where !applied.contains(Int64(migration.version)) {
            do {
                try db.inTransaction {
                    try db.execute(migration.sql)
                    try migration.steps?(db)
                    try db.execute("INSERT INTO schema_migration(version, applied_at) VALUES (?, ?)",
                                   [.integer(Int64(migration.version)), .text(LedgerClock.nowISO())])
                }
            } catch let error as SQLiteError {
                throw StagingError.migration(version: migration.version, path: db.path, error)
            }
        }
    }

    /// The staging columns of a source: file, line, then the canonical fields of its entity.
    public static func columns(for source: SourceConfig) -> [String] {
        ["file_id", "line"] + source.entity.fields.map(\.name)
    }

    /// Creates the source's staging table, or adds columns a newer canonical model has.
    static func ensureTable(for source: SourceConfig, in db: Database) throws {
        let table = quoteIdentifier(source.stagingTable)
        if try db.hasTable(source.stagingTable) {
            let existing = Set(try db.columns(of: source.stagingTable))
            for field in source.entity.fields where !existing.contains(field.name) {
                try db.execute("ALTER TABLE \(table) ADD COLUMN \(quoteIdentifier(field.name)) \(field.type.sqlType)")
            }
            return
        }
        let columns = source.entity.fields.map { "\(quoteIdentifier($0.name)) \($0.type.sqlType)" }
        try db.execute("""
            CREATE TABLE \(table) (
                file_id INTEGER NOT NULL REFERENCES etl_file(file_id),
                line INTEGER NOT NULL,
                \(columns.joined(separator: ",\n    "))
            )
            """)
    }
}

