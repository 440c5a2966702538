import Foundation
import PipelineCore
import SQLiteDB
import Staging

/// Builds a complete warehouse into a fresh SQLite file from the staging database.
///
/// Every insert is `INSERT ... SELECT` over the attached staging database, ordered so that
/// surrogate keys come out the same for the same inputs. The caller publishes the file.
public struct WarehouseBuilder {
    public let sources: [SourceConfig]
    public let timeZone: TimeZone
    public let kpi: KPIConfig
    public let identity: IdentityConfig
    /// Probe fact keys as if every table's had collided (tests of the probing SQL).
    var forceProbing = false

    public init(sources: [SourceConfig], timeZone: TimeZone, kpi: KPIConfig = KPIConfig(), identity: IdentityConfig = IdentityConfig()) {
        self.sources = sources
        self.timeZone = timeZone
        self.kpi = kpi
        self.identity = identity
    }

    /// Row counts of what was built, for the stage summary.
    public struct Counts: Sendable {
        public var customers = 0
        public var facts = 0
        public var tables: [String: Int] = [:]
        /// How the warehouse came to be: what an update redid, or why every row was built.
        public var how = "built whole"
    }

    /// The names of the build's steps, in order (what `build` reports to `starting` and `step`).
    public static var stepNames: [String] {
        ["current records"] + LoadSQL.steps.map(LoadSQL.name(of:)) + ["indexes"] + AnalyticsLoad.stepNames + ["catalog"]
    }

    /// Builds into `db` (an empty database) reading `stagingPath`: a copy of what staging committed
    /// (current records, identities, customer versions) plus the aggregates. Writes nothing to staging.
    ///
    /// The current records are materialised once, in two scratch files next to `db` built at the
    /// same time (`CurrentRecords`, removed afterwards), instead of each use sorting its staging
    /// table again. `starting` hears the number (0-based, of `stepNames`) of every step before it
    /// runs, `step` its name and seconds once done (for `--verbose`).
    /// `basis` (the caller's digest of the build, pipeline file and erasures) goes into `dw_meta`:
    /// the next load updates this warehouse only if its basis is the same (`update`).
    public func build(into db: Database, stagingPath: String, basis: String? = nil, starting: ((Int) -> Void)? = nil,
                      step: ((String, Double) -> Void)? = nil) throws -> Counts {
        var clock = Date()
        var next = 0
        starting?(next)
        func done(_ name: String) {
            let now = Date()
            step?(name, now.timeIntervalSince(clock))
            clock = now
            next += 1
            if next < Self.stepNames.count { starting?(next) }
        }
        let current = try openInputs(db, stagingPath: stagingPath)
        defer { closeInputs(current, db) }
        try WarehouseSchema.create(in: db, deferringIndexes: true)
        done("current records")
        try db.inTransaction {
            try writeMeta(db, basis: basis)
            var probed: [String] = []
            for sql in LoadSQL.steps {
                let name = LoadSQL.name(of: sql)
                // Line items find their purchases by record once those had to be probed.
                let step = name == "fact_purchase_line" && probed.contains("fact_purchase") ? LoadSQL.purchaseLines(.all, probed: true) : sql
                if try runStep(step, named: name, in: db) { probed.append(name) }
                if sql.contains("INSERT INTO dim_customer(") { try Self.checkCustomerKeys(db) }
                done(name)
            }
            if !probed.isEmpty {
                try db.execute("INSERT INTO dw_meta(key, value) VALUES (?, ?)", [.text(Self.probedKey), .text(probed.joined(separator: " "))])
            }
            try db.execute(WarehouseSchema.secondaryIndexes)
            done("indexes")
            try AnalyticsLoad.run(on: db, kpi: kpi, step: done)
            try WarehouseCatalog.fill(db)
            done("catalog")
        }
        return try count(db)
    }

    /// Runs one step of the full build; true when it had to probe its fact keys (`LoadSQL.factKey`):
    /// two records' keys collided (a 62-bit hash: about once in a million loads of millions of
    /// facts), so the table is filled again with colliding keys probed.
    private func runStep(_ sql: String, named name: String, in db: Database) throws -> Bool {
        let probing = LoadSQL.probing[name]
        if forceProbing, let probing {
            try db.execute(probing)
            return true
        }
        do {
            try db.execute(sql)
            return false
        } catch {
            guard error.isConstraint, probing != nil else { throw error }
        }
        try db.execute("DELETE FROM \(name)")
        try db.execute(probing ?? sql)
        return true
    }

    /// Everything a load reads, attached to `db`: staging (`prepare`), the current records
    /// (`CurrentRecords`, built now) and the temp lookups of the pipeline's settings; give the
    /// result to `closeInputs` when done.
    func openInputs(_ db: Database, stagingPath: String) throws -> CurrentRecords {
        let current = CurrentRecords(sources: sources, warehousePath: db.path, stagingPath: stagingPath)
        do {
            try prepare(db, stagingPath: stagingPath)
            try current.build()
            try current.attach(to: db)
            try createSurveyScales(db)
            try createContactSources(db)
        } catch {
            closeInputs(current, db)
            throw error
        }
        return current
    }

    /// Detaches what `openInputs` attached and removes the current records' scratch files.
    func closeInputs(_ current: CurrentRecords, _ db: Database) {
        current.detachAndRemove(from: db)
        try? db.execute("DETACH DATABASE stg")
    }

    /// The SQL functions, settings and the attached staging (`stg`, read-only: the load consumes
    /// what the transform committed and never writes into it) every load runs with.
    func prepare(_ db: Database, stagingPath: String) throws {
        let calendar = LocalCalendar(zone: timeZone)
        try db.createFunction("oneface_date_key", argumentCount: 1) { args in
            guard let text = args[0].string, let key = calendar.localDateKey(text) else { return .null }
            return .integer(key)
        }
        try AnalyticsLoad.registerFunctions(on: db)
        try db.createKeyHashFunction("oneface_key")
        try db.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-131072")
        try db.execute("ATTACH DATABASE ? AS stg", [.text(StagingStore.readOnlyURI(stagingPath))])
        try Self.checkTransformed(db)
    }

    /// The build's settings in `dw_meta` (the KPI settings are `AnalyticsLoad`'s).
    func writeMeta(_ db: Database, basis: String?) throws {
        try db.execute("INSERT INTO dw_meta(key, value) VALUES ('schema_version', ?), ('time_zone', ?)",
                       [.text(String(WarehouseSchema.version)), .text(timeZone.identifier)])
        if let basis { try db.execute("INSERT INTO dw_meta(key, value) VALUES (?, ?)", [.text(Self.basisKey), .text(basis)]) }
        // The match threshold as a probability and as a weight in bits (log2(p/(1−p))), and the
        // review margin: what v_review_queue and a report read the pairs against.
        let threshold = identity.matchThreshold
        try db.execute("""
            INSERT INTO dw_meta(key, value) VALUES ('identity_match_threshold', ?), ('identity_threshold_weight', ?),
              ('identity_review_margin', ?)
            """, [.text(String(threshold)), .text(String(log2(threshold / (1 - threshold)))), .text(String(identity.reviewMargin))])
    }

    /// Row counts of the built warehouse, for the stage summary.
    func count(_ db: Database) throws -> Counts {
        var counts = Counts()
        for table in LoadSQL.countedTables {
            counts.tables[table] = Int(try db.scalar("SELECT count(*) FROM \(table)")?.int ?? 0)
        }
        counts.customers = Int(try db.scalar("SELECT count(*) FROM dim_customer WHERE is_current = 1")?.int ?? 0)
        counts.facts = ["fact_email_event", "fact_support_ticket", "fact_purchase", "fact_survey_response"].reduce(0) { $0 + (counts.tables[$1] ?? 0) }
        return counts
    }

    /// The scratch files a build into `path` uses next to it; a build killed midway leaves them for
    /// the next one to remove.
    public static func scratchFiles(of path: String) -> [String] { CurrentRecords.scratchFiles(of: path) }

    /// Refuses staging whose identity tables predate the customer versions (an older OneFace's
    /// transform): the load would publish customers without versions.
    static func checkTransformed(_ db: Database) throws {
        let golden = try db.scalar("SELECT count(*) FROM stg.id_golden")?.int ?? 0
        let versioned = try db.scalar("SELECT count(DISTINCT customer_id) FROM stg.id_customer_version WHERE valid_to = ?",
                                      [.text(IdentityTables.openEnd)])?.int ?? 0
        if golden > 0 && versioned < golden {
            throw StagingError.staleTransform("staging holds \(golden) customers but versions for only \(versioned) of them (its identities were written by an older OneFace)")
        }
        // A version's key has room for 65536 versions of its customer (`LoadSQL.customerVersionBits`).
        let most = try db.scalar("SELECT max(n) FROM (SELECT count(*) AS n FROM stg.id_customer_version GROUP BY customer_id)")?.int ?? 0
        if most >= 1 << LoadSQL.customerVersionBits {
            throw StagingError.staleTransform("a customer has \(most) versions in staging, more than a customer key numbers (\(1 << LoadSQL.customerVersionBits))")
        }
    }

    /// Refuses a load whose customer versions did not all reach `dim_customer`: a version whose
    /// customer has no sequence number (`id_customer`) has no key.
    static func checkCustomerKeys(_ db: Database) throws {
        let versions = try db.scalar("SELECT count(*) FROM stg.id_customer_version")?.int ?? 0
        let loaded = try db.scalar("SELECT count(*) FROM dim_customer")?.int ?? 0
        if loaded != versions {
            throw StagingError.staleTransform("\(versions - loaded) of \(versions) customer versions in staging belong to no customer id in id_customer (written by an older OneFace, or the staging file was edited)")
        }
    }

    /// `PRAGMA quick_check`'s problems (at most five). Reads only: the load runs it on a second
    /// connection while `foreignKeyCheck` runs on the first.
    ///
    /// `quick_check` verifies every page and b-tree of the new file; unlike `integrity_check` it does
    /// not look up every row in every index, which cost a million-customer load over a minute
    /// for a file SQLite has just written from scratch (tests run `integrity_check` on their warehouses).
    public static func quickCheck(_ db: Database) throws -> [String] {
        let integrity = try db.rows("PRAGMA quick_check").compactMap { $0[0].string }
        return integrity == ["ok"] ? [] : integrity.prefix(5).map { "integrity: \($0)" }
    }

    /// `PRAGMA foreign_key_check`'s problems, as one line naming the tables.
    public static func foreignKeyCheck(_ db: Database) throws -> [String] {
        let foreignKeys = try db.rows("PRAGMA foreign_key_check")
        guard !foreignKeys.isEmpty else { return [] }
        let tables = Set(foreignKeys.compactMap { $0[0].string }).sorted()
        return ["\(foreignKeys.count) rows break foreign keys in: \(tables.joined(separator: ", "))"]
    }
}

extension WarehouseBuilder {
    /// Which person sources each source's `contact_id` names records of, as a temp table for the
    /// load (`PipelineConfig.contactSources(of:)`): one row per fact source and person source.
    func createContactSources(_ db: Database) throws {
        try db.execute("""
            DROP TABLE IF EXISTS temp.contact_source;
            CREATE TEMP TABLE contact_source(fact_source TEXT NOT NULL, person_source TEXT NOT NULL, PRIMARY KEY (fact_source, person_source));
            """)
        for source in sources where source.fields.contains(where: { $0.canonical == "contact_id" }) {
            for person in Set(PipelineConfig.contactSources(of: source, among: sources)).sorted() {
                try db.execute("INSERT INTO contact_source VALUES (?, ?)", [.text(source.name), .text(person)])
            }
        }
    }
}

extension WarehouseBuilder {
    /// The survey scales of the pipeline (`kpi.surveys`) as temp tables for `dim_survey`: one row per
    /// survey listed, and the scale of every other survey.
    func createSurveyScales(_ db: Database) throws {
        try db.execute("""
            DROP TABLE IF EXISTS temp.survey_scale; DROP TABLE IF EXISTS temp.survey_default;
            CREATE TEMP TABLE survey_scale(survey_id TEXT PRIMARY KEY, ces_min INTEGER, ces_max INTEGER, ces_easiest INTEGER,
              csat_min INTEGER, csat_max INTEGER);
            CREATE TEMP TABLE survey_default(ces_min INTEGER, ces_max INTEGER, ces_easiest INTEGER, csat_min INTEGER, csat_max INTEGER);
            """)
        func values(_ scale: SurveyScale) -> [SQLValue] {
            [.integer(scale.ces.lowerBound), .integer(scale.ces.upperBound), .integer(scale.cesEasiest),
             .integer(scale.csat.lowerBound), .integer(scale.csat.upperBound)]
        }
        let fallback = kpi.surveys[SurveyScale.defaultKey] ?? SurveyScale()
        try db.execute("INSERT INTO survey_default VALUES (?, ?, ?, ?, ?)", values(fallback))
        for (id, scale) in kpi.surveys.sorted(by: { $0.key < $1.key }) where id != SurveyScale.defaultKey {
            try db.execute("INSERT INTO survey_scale VALUES (?, ?, ?, ?, ?, ?)", [.text(id)] + values(scale))
        }
    }
}
