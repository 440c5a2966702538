import Foundation
import Identity
import Logging
@testable import Pipeline
import PipelineCore
import SQLiteDB
@testable import Staging
import Testing
import TestSupport

/// The staging database has one owner: its tables come from `StagingSchema`'s migrations (and the
/// per-source tables it derives from the pipeline), an older file is upgraded in place, and the
/// stages add no table of their own.
@Suite("staging schema")
struct StagingSchemaTests {
    static func tables(_ db: Database) throws -> [String] {
        try db.rows("SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").compactMap { $0[0].string }
    }

    @Test("opening staging creates every table; a whole night adds none")
    func migrationsOwnEveryTable() throws {
        let dir = try TemporaryDirectory()
        try dir.write("pipeline.yml", text: InvalidValueTests.yaml())
        try dir.write("in/contacts_1.csv", text: InvalidValueTests.contacts)
        try dir.write("in/tickets_1.json", text: InvalidValueTests.tickets)
        let config = try PipelineConfig.load(path: dir.file("pipeline.yml"))
        let created = try Self.tables(try StagingStore(config: config).db)
        for table in ["table id_record", "table match_pair", "table id_golden", "table id_golden_origin", "view id_golden_source",
                      "table id_unidentified", "table id_nulled", "table id_customer_version", "table erasure_tombstone",
                      "table id_secret", "table stg_contacts", "table stg_tickets", "index id_record_key"] {
            #expect(created.contains(table), "\(table)")
        }
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let report = try PipelineRunner(config: config, logger: logger).run(RunRequest(command: "run", stages: Stage.allCases))
        #expect(report.exitCode == 0)
        let staging = try Database(path: config.stagingPath, mode: .readOnly)
        #expect(try Self.tables(staging) == created)
        #expect(try staging.scalar("SELECT count(*) FROM id_customer_version")?.int ?? 0 > 0)
    }

    @Test("a staging database from before migration 6 keeps last night's ids, links and customer history")
    func upgradeKeepsIdentityState() throws {
        let dir = try TemporaryDirectory()
        try dir.write("pipeline.yml", text: InvalidValueTests.yaml())
        let config = try PipelineConfig.load(path: dir.file("pipeline.yml"))
        try FileManager.default.createDirectory(atPath: dir.file("out"), withIntermediateDirectories: true)
        do {
            // As an older release left it: migrations 1 to 5, an id_record without `country` (the
            // transform created it then), and the load's copy of the customer versions.
            let old = try Database(path: config.stagingPath)
            try old.execute("CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            for migration in StagingSchema.migrations where migration.version <= 5 {
                try old.execute(migration.sql)
                try old.execute("INSERT INTO schema_migration(version, applied_at) VALUES (?, '2026-01-01')", [.integer(Int64(migration.version))])
            }
            try old.execute("""
                CREATE TABLE id_record (record_key INTEGER PRIMARY KEY, source_system TEXT NOT NULL, source TEXT NOT NULL,
                  source_record_id TEXT NOT NULL, customer_id TEXT NOT NULL, match_rule TEXT NOT NULL, seen_at TEXT, email TEXT);
                INSERT INTO id_record VALUES (1, 'email', 'contacts', 'K1', 'C0001', 'unique', '2026-01-01', 'a@example.de');
                CREATE TABLE id_golden_source (customer_id TEXT, attribute TEXT, source_system TEXT, source_record_id TEXT);
                CREATE TABLE wh_customer_version (customer_id TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
                  attributes TEXT NOT NULL, PRIMARY KEY (customer_id, valid_from)) WITHOUT ROWID;
                INSERT INTO wh_customer_version VALUES ('C0001', '2026-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
                  '{"email":"a@example.de","consent":"1","record_count":"1","first_seen":"2026-01-01"}');
                """)
        }
        let db = try StagingStore(config: config).db
        #expect(try db.scalar("SELECT max(version) FROM schema_migration")?.int == Int64(StagingSchema.version))
        #expect(try db.columns(of: "id_record").contains("country"))
        #expect(try db.rows("SELECT source_record_id, customer_id, email, country FROM id_record").map { $0.map { $0.string ?? "NULL" } }
                == [["K1", "C0001", "a@example.de", "NULL"]])
        #expect(try db.rows("SELECT customer_id, email, consent, record_count, run_id FROM id_customer_version").map { $0.map { $0.string ?? $0.int.map(String.init) ?? "NULL" } }
                == [["C0001", "a@example.de", "1", "1", "0"]])
        #expect(try db.hasTable("wh_customer_version") == false)
        #expect(try db.scalar("SELECT type FROM sqlite_master WHERE name = 'id_golden_source'")?.string == "view")
        #expect(try db.scalar("SELECT count(*) FROM pragma_index_list('id_record')")?.int == 2)
    }

    @Test("match_pair has a level and a weight column for every comparison the matcher makes")
    func matchPairColumns() throws {
        #expect(IdentityTables.comparedFields == ComparisonField.allCases.map(\.rawValue))
    }

    @Test("storage failures say in words what happened to which file and what to do")
    func storageErrorsInWords() {
        let full = SQLiteError(code: 13, message: "database or disk is full", sql: "INSERT INTO x", database: "/srv/out/warehouse.sqlite")
        #expect(full.description.hasPrefix("the disk holding the database /srv/out/warehouse.sqlite is full; free space there"))
        let readOnly = SQLiteError(code: 8, message: "attempt to write a readonly database", database: "/srv/out/staging.sqlite")
        #expect(readOnly.description.contains("/srv/out/staging.sqlite cannot be written (read-only file, folder or file system)"))
        #expect(SQLiteError(code: 11, message: "database disk image is malformed", database: "/x.sqlite").description.contains("is damaged"))
        #expect(SQLiteError(code: 19, message: "UNIQUE constraint failed", sql: "INSERT").storageProblem == nil)
    }
}
