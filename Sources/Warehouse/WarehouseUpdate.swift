import Foundation
import PipelineCore
import SQLiteDB
import Staging

/// The incremental load: brings a copy of the published warehouse up to what staging committed
/// since that warehouse was built, instead of building every row again.
///
/// What it redoes, each with the same SQL as a full build restricted to the rows concerned
/// (`LoadSQL.Scope.redo`), so the result is the full build's, row for row and key for key:
/// - the customers whose versions changed (`id_customer_version` against `dim_customer`) or who
///   gained or lost a record (`id_record` against `bridge_customer_source`);
/// - the person records whose customer or link changed (`bridge_customer_source`);
/// - the facts of files staged, superseded or failed since (`etl_file` against the warehouse's
///   copy), of those customers, and of those person records (their own record or their contact);
///   e-mail events named by address are all redone (any address can move to another customer);
/// - the customer-months of every customer whose facts were redone (`agg_customer_month`).
///
/// What it copies or computes again whole, as a full build does: the match pairs and id history,
/// the run ledger, `dim_date`, the KPI and 360 tables (their recency and RFM ranks are relative to
/// tonight's data date and every customer), the catalog.
///
/// It refuses (`WarehouseError.notIncremental`, and the load builds everything) when the published
/// warehouse was built by another build, pipeline file or schema, when a person was erased since,
/// or when a small dimension (branches, campaigns, channels, ticket categories, surveys, products)
/// gained or changed a row: their keys follow their natural order, so a new one can move others.
extension WarehouseBuilder {
    /// The `dw_meta` key of what a warehouse was built from (`basis` of `update`).
    static let basisKey = "load_basis"
    /// The `dw_meta` key naming the fact tables whose keys a full build had to probe (`LoadSQL.factKey`).
    static let probedKey = "fact_keys_probed"

    /// Updates `db`, a copy of the published warehouse, from `stagingPath`; `basis` names the build,
    /// pipeline file and erasures the load runs with (the caller's digest), which must be the copy's.
    public func update(_ db: Database, stagingPath: String, basis: String, step: ((String, Double) -> Void)? = nil) throws -> Counts {
        var clock = Date()
        func done(_ name: String) {
            let now = Date()
            step?(name, now.timeIntervalSince(clock))
            clock = now
        }
        let built = try db.rows("SELECT key, value FROM dw_meta WHERE key IN ('schema_version', 'time_zone', ?, ?)",
                                [.text(Self.basisKey), .text(Self.probedKey)])
        let meta = Dictionary(built.compactMap { row in row[0].string.map { ($0, row[1].string ?? "") } }, uniquingKeysWith: { a, _ in a })
        guard meta["schema_version"] == String(WarehouseSchema.version) else {
            throw WarehouseError.notIncremental("the published warehouse has schema version \(meta["schema_version"] ?? "none"), this build writes \(WarehouseSchema.version)")
        }
        guard meta["time_zone"] == timeZone.identifier else { throw WarehouseError.notIncremental("the time zone changed") }
        if let probed = meta[Self.probedKey] {
            throw WarehouseError.notIncremental("two facts' keys collide in \(probed); the whole warehouse is built while they do")
        }
        guard meta[Self.basisKey] == basis else {
            throw WarehouseError.notIncremental("the published warehouse was built by another OneFace build or pipeline file, or before an erasure")
        }
        let current = try openInputs(db, stagingPath: stagingPath)
        defer { closeInputs(current, db) }
        done("current records")
        let how = try db.inTransaction { () -> String in
            try checkSmallDimensions(db)
            done("small dimensions unchanged")
            try findChanges(db)
            let changed = try db.rows("""
                SELECT (SELECT count(*) FROM temp.load_customer), (SELECT count(*) FROM temp.load_person),
                  (SELECT count(*) FROM temp.load_redo)
                """)[0]
            done("changes: \(changed[0].int ?? 0) customers, \(changed[1].int ?? 0) person records, \(changed[2].int ?? 0) facts")
            try db.execute("DELETE FROM dim_customer WHERE customer_id IN (SELECT customer_id FROM temp.load_customer)")
            try db.execute(LoadSQL.customers(.redo))
            try Self.checkCustomerKeys(db)
            try db.execute("""
                DELETE FROM bridge_customer_source WHERE (source_name, source_record_id) IN (SELECT source, source_record_id FROM temp.load_person)
                """)
            try db.execute(LoadSQL.bridge(.redo))
            done("dim_customer, bridge_customer_source")
            try db.execute("""
                DELETE FROM match_pair; DELETE FROM review_decision; DELETE FROM customer_id_history;
                \(LoadSQL.identityCopies)
                """)
            done("match_pair, review_decision, customer_id_history")
            try db.execute(LoadSQL.lookups)
            done("lookups")
            try redoFacts(db)
            done("facts")
            try db.execute("DELETE FROM dim_date; \(LoadSQL.dates)")
            try db.execute("DELETE FROM agg_customer_month WHERE customer_id IN (SELECT customer_id FROM temp.load_agg_customer)")
            try db.execute(LoadSQL.customerMonths(.redo))
            done("dim_date, agg_customer_month")
            try db.execute("""
                DELETE FROM etl_file; DELETE FROM etl_reject; DELETE FROM etl_nulled; DELETE FROM etl_run; DELETE FROM etl_stage;
                \(LoadSQL.ledger)
                """)
            try db.execute("DELETE FROM dw_meta")
            try writeMeta(db, basis: basis)
            // The 360 is rebuilt whole: its indexes are built once it is filled, as in a full build.
            for name in try db.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customer_360' AND sql IS NOT NULL") {
                if let index = name[0].string { try db.execute("DROP INDEX \(quoteIdentifier(index))") }
            }
            try AnalyticsLoad.run(on: db, kpi: kpi, factIndexes: false) { done($0) }
            try WarehouseCatalog.fill(db)
            done("catalog")
            return "updated: \(changed[0].int ?? 0) customers, \(changed[1].int ?? 0) person records, \(changed[2].int ?? 0) facts redone"
        }
        var counts = try count(db)
        counts.how = how
        return counts
    }

    /// The small dimensions as a full build would make them, in temp tables of the same names
    /// (unqualified names find `temp` first), against the copy's: any difference refuses.
    private func checkSmallDimensions(_ db: Database) throws {
        let tables = ["dim_branch", "dim_campaign", "dim_channel", "dim_ticket_category", "dim_survey", "dim_product"]
        for table in tables {
            guard let sql = try db.scalar("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])?.string,
                  sql.hasPrefix("CREATE TABLE \(table)") else {
                throw WarehouseError.notIncremental("the published warehouse has no table \(table)")
            }
            try db.execute("DROP TABLE IF EXISTS temp.\(table)")
            try db.execute("CREATE TEMP TABLE " + sql.dropFirst("CREATE TABLE ".count))
        }
        defer { for table in tables { try? db.execute("DROP TABLE IF EXISTS temp.\(table)") } }
        try db.execute([LoadSQL.branches, LoadSQL.campaigns, LoadSQL.channels, AnalyticsSQL.dimensions].joined(separator: "\n"))
        for table in tables {
            let differing = try db.scalar("""
                SELECT (SELECT count(*) FROM (SELECT * FROM temp.\(table) EXCEPT SELECT * FROM main.\(table)))
                  + (SELECT count(*) FROM (SELECT * FROM main.\(table) EXCEPT SELECT * FROM temp.\(table)))
                """)?.int ?? 0
            if differing > 0 {
                throw WarehouseError.notIncremental("\(table) gained or changed rows (its keys follow its natural order)")
            }
        }
    }

    /// Fills `temp.load_person` (person records whose customer or link changed, with both
    /// customers), `temp.load_customer` (customers to redo) and `temp.load_redo` (fact records of
    /// changed files and of those customers and records).
    private func findChanges(_ db: Database) throws {
        let versionColumns = """
            customer_id, valid_from, valid_to, salutation, title, first_name, last_name, email, phone, street, house_number,
            postcode, city, country, birth_date, customer_number, loyalty_card, %@, first_seen, last_seen, %@, gender, %@, %@, %@,
            consent_date
            """
        let staged = String(format: versionColumns, "consent", "record_count", "consent_sms", "consent_phone", "consent_post")
        let loaded = String(format: versionColumns, "marketing_consent", "source_record_count", "sms_consent", "phone_consent", "post_consent")
        try db.execute("""
            DROP TABLE IF EXISTS temp.load_person;
            CREATE TEMP TABLE load_person(source TEXT NOT NULL, source_record_id TEXT NOT NULL, customer_id TEXT,
              PRIMARY KEY (source, source_record_id, customer_id)) WITHOUT ROWID;
            INSERT OR IGNORE INTO temp.load_person
            SELECT source, source_record_id, customer_id FROM (
              SELECT source, source_record_id, customer_id, source_system, match_rule FROM stg.id_record
              EXCEPT SELECT source_name, source_record_id, customer_id, source_system, match_rule FROM main.bridge_customer_source);
            INSERT OR IGNORE INTO temp.load_person
            SELECT source_name, source_record_id, customer_id FROM (
              SELECT source_name, source_record_id, customer_id, source_system, match_rule FROM main.bridge_customer_source
              EXCEPT SELECT source, source_record_id, customer_id, source_system, match_rule FROM stg.id_record);

            DROP TABLE IF EXISTS temp.load_customer;
            CREATE TEMP TABLE load_customer(customer_id TEXT PRIMARY KEY) WITHOUT ROWID;
            INSERT OR IGNORE INTO temp.load_customer SELECT customer_id FROM temp.load_person;
            INSERT OR IGNORE INTO temp.load_customer
            SELECT customer_id FROM (SELECT \(staged) FROM stg.id_customer_version EXCEPT SELECT \(loaded) FROM main.dim_customer);
            INSERT OR IGNORE INTO temp.load_customer
            SELECT customer_id FROM (SELECT \(loaded) FROM main.dim_customer EXCEPT SELECT \(staged) FROM stg.id_customer_version);

            DROP TABLE IF EXISTS temp.load_file;
            CREATE TEMP TABLE load_file(file_id INTEGER PRIMARY KEY, source TEXT NOT NULL);
            INSERT OR IGNORE INTO temp.load_file
            SELECT file_id, source FROM (SELECT file_id, source, status FROM stg.etl_file EXCEPT SELECT file_id, source, status FROM main.etl_file);
            INSERT OR IGNORE INTO temp.load_file
            SELECT file_id, source FROM (SELECT file_id, source, status FROM main.etl_file EXCEPT SELECT file_id, source, status FROM stg.etl_file);

            DROP TABLE IF EXISTS temp.load_redo;
            CREATE TEMP TABLE load_redo(source_name TEXT NOT NULL, record_id TEXT NOT NULL, PRIMARY KEY (source_name, record_id)) WITHOUT ROWID;
            """)
        // Source names and staging tables are validated identifiers, not data.
        let facts: [Entity] = [.emailEvent, .ticket, .purchase, .surveyResponse]
        for source in sources where facts.contains(source.entity) {
            try db.execute("""
                INSERT OR IGNORE INTO temp.load_redo
                SELECT '\(source.name)', record_id FROM stg.\(quoteIdentifier(source.stagingTable))
                WHERE file_id IN (SELECT file_id FROM temp.load_file WHERE source = '\(source.name)')
                """)
        }
        try db.execute("""
            INSERT OR IGNORE INTO temp.load_redo
            SELECT source_name, source_record_id FROM fact_email_event WHERE customer_id IN (SELECT customer_id FROM temp.load_customer);
            INSERT OR IGNORE INTO temp.load_redo
            SELECT source_name, source_record_id FROM fact_support_ticket WHERE customer_id IN (SELECT customer_id FROM temp.load_customer);
            INSERT OR IGNORE INTO temp.load_redo
            SELECT source_name, source_record_id FROM fact_purchase WHERE customer_id IN (SELECT customer_id FROM temp.load_customer);
            INSERT OR IGNORE INTO temp.load_redo
            SELECT source_name, source_record_id FROM fact_survey_response WHERE customer_id IN (SELECT customer_id FROM temp.load_customer);
            -- A ticket, purchase or answer is its own person record.
            INSERT OR IGNORE INTO temp.load_redo SELECT source, source_record_id FROM temp.load_person;
            -- E-mail events by contact id: any change among the records the id names in the person sources.
            INSERT OR IGNORE INTO temp.load_redo
            SELECT e.source_name, e.source_record_id FROM fact_email_event e
            JOIN temp.contact_source s ON s.fact_source = e.source_name
            JOIN temp.load_person p ON p.source = s.person_source AND p.source_record_id = e.contact_record_id;
            -- By address: every one (an address's owner follows records this load does not track).
            INSERT OR IGNORE INTO temp.load_redo
            SELECT source_name, source_record_id FROM fact_email_event WHERE contact_record_id IS NULL;
            """)
    }

    /// Runs a fact table's redo insert; a key collision (`LoadSQL.factKey`) refuses the update.
    private func insertRedone(_ insert: String, into table: String, _ db: Database) throws {
        var collided = false
        do {
            try db.execute(insert)
        } catch {
            guard error.isConstraint else { throw error }
            collided = true
        }
        if collided { throw WarehouseError.notIncremental("a new fact's key in \(table) collides with another's") }
    }

    /// Deletes the facts of `temp.load_redo` and inserts them as they are now; the customers of
    /// both go into `temp.load_agg_customer`.
    private func redoFacts(_ db: Database) throws {
        try db.execute("""
            DROP TABLE IF EXISTS temp.load_agg_customer;
            CREATE TEMP TABLE load_agg_customer(customer_id TEXT PRIMARY KEY) WITHOUT ROWID;
            """)
        let tables = [("fact_email_event", LoadSQL.emailEvents(.redo)), ("fact_support_ticket", LoadSQL.tickets(.redo)),
                      ("fact_purchase", LoadSQL.purchases(.redo)), ("fact_survey_response", LoadSQL.surveyResponses(.redo))]
        let redone = "(source_name, source_record_id) IN (SELECT source_name, record_id FROM temp.load_redo)"
        for (table, _) in tables {
            try db.execute("INSERT OR IGNORE INTO temp.load_agg_customer SELECT customer_id FROM \(table) WHERE customer_id IS NOT NULL AND \(redone)")
        }
        try db.execute("DELETE FROM fact_purchase_line WHERE purchase_key IN (SELECT purchase_key FROM fact_purchase WHERE \(redone))")
        for (table, insert) in tables {
            try db.execute("DELETE FROM \(table) WHERE \(redone)")
            try insertRedone(insert, into: table, db)
            if table == "fact_purchase" { try db.execute(LoadSQL.purchaseLines(.redo)) }
        }
        for (table, _) in tables {
            try db.execute("INSERT OR IGNORE INTO temp.load_agg_customer SELECT customer_id FROM \(table) WHERE customer_id IS NOT NULL AND \(redone)")
        }
    }
}
