import SQLiteDB

/// The identity tables of staging and how each night replaces them.
///
/// Derived tables (`id_record`, `match_pair`, `id_golden`, `id_golden_origin`, `id_unidentified`,
/// `id_nulled`) are rewritten by every transform, in its transaction: `id_record` also tells the
/// next night which id each record had, and `match_pair` which pairs were linked. The id state
/// (`id_customer`, `customer_id_history`) and the customer versions (`id_customer_version`) are
/// carried from night to night. All are created by the staging migrations, nowhere else.
public enum IdentityTables {
    /// Every derived table with its `CREATE TABLE` (the name is the first argument of `create`).
    static let derived: [(name: String, create: @Sendable (String) -> String)] = [
        ("id_record", { name in """
            CREATE TABLE \(name) (
                record_key INTEGER PRIMARY KEY, source_system TEXT NOT NULL, source TEXT NOT NULL,
                source_record_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                match_rule TEXT NOT NULL,      -- customer_number, loyalty_card, ... (exact link), probabilistic, unique
                seen_at TEXT,
                salutation TEXT, title TEXT, first_name TEXT, last_name TEXT, email TEXT, phone TEXT, street TEXT,
                house_number TEXT, postcode TEXT, city TEXT, birth_date TEXT, customer_number TEXT, loyalty_card TEXT,
                consent INTEGER, country TEXT,       -- ISO 3166 alpha-2: mapped, else the pipeline's default
                -- Normalised keys the matcher compares (the values above stay as parsed from the export).
                first_name_key TEXT, last_name_key TEXT, first_name_koelner TEXT, last_name_koelner TEXT,
                first_name_metaphone TEXT, last_name_metaphone TEXT, street_key TEXT, city_key TEXT,
                gender TEXT,                   -- female, male, diverse: mapped, else from the salutation
                consent_sms INTEGER, consent_phone INTEGER, consent_post INTEGER, consent_date TEXT,
                more_emails TEXT, more_phones TEXT,  -- further values of a multi-valued mapping (from_all), JSON arrays
                birth_year INTEGER,            -- a year alone (birth_year), where the record has no birth date
                address_line2 TEXT,            -- the second address line as staged (address_line2)
                street_key2 TEXT)              -- its street key where it reads as a street: compared with the other record's street
            """ }),
        ("id_golden", { name in """
            CREATE TABLE \(name) (
                customer_id TEXT PRIMARY KEY, salutation TEXT, title TEXT, first_name TEXT, last_name TEXT, email TEXT,
                phone TEXT, street TEXT, house_number TEXT, postcode TEXT, city TEXT, country TEXT, birth_date TEXT,
                customer_number TEXT, loyalty_card TEXT, consent INTEGER, gender TEXT, consent_sms INTEGER, consent_phone INTEGER,
                consent_post INTEGER, consent_date TEXT, first_seen TEXT, last_seen TEXT,
                record_count INTEGER NOT NULL) WITHOUT ROWID
            """ }),
        // Provenance: which source record supplied which golden attributes (space-separated), one row
        // per customer and supplying record; the view id_golden_source lists one row per attribute.
        ("id_golden_origin", { name in """
            CREATE TABLE \(name) (
                customer_id TEXT NOT NULL, source_system TEXT NOT NULL, source TEXT NOT NULL, source_record_id TEXT NOT NULL,
                attributes TEXT NOT NULL, PRIMARY KEY (customer_id, source, source_record_id)) WITHOUT ROWID
            """ }),
        // Why records were linked: one row per scored pair at or above the review cutoff.
        ("match_pair", { name in """
            CREATE TABLE \(name) (
                pair_id INTEGER PRIMARY KEY,          -- strongest first
                -- A record is its source and id (source_a, source_record_id_a); the sources are written by every
                -- transform, nullable only so that staging migration 11 could add them to older rows.
                source_system_a TEXT NOT NULL, source_a TEXT, source_record_id_a TEXT NOT NULL,
                source_system_b TEXT NOT NULL, source_b TEXT, source_record_id_b TEXT NOT NULL,
                customer_id_a TEXT NOT NULL, customer_id_b TEXT NOT NULL,
                blocking_rule TEXT NOT NULL,          -- the first rule that put both records in one block
                match_weight REAL NOT NULL,           -- log2(lambda/(1-lambda)) + the comparison weights below
                match_probability REAL NOT NULL,      -- 2^w / (1 + 2^w)
                accepted INTEGER NOT NULL,            -- 1: reached identity.match_threshold (or kept: linked last night, within keep_margin)
                decision TEXT NOT NULL,               -- linked, already_linked, refused_*, below_threshold, reviewed_*
                \(comparisonColumns),
                -- For the next night's incremental transform: the records' id_record keys in the transform that
                -- wrote the pair (found among its records without looking up their names), and the levels
                -- above packed as the matcher holds them (4 bits per configured comparison).
                record_key_a INTEGER, record_key_b INTEGER, pattern INTEGER)
            """ }),
        // Staged person records that identify nobody (no name, e-mail, phone, customer number,
        // loyalty card, birth date or street), so they take no part in matching: counted, not lost.
        ("id_unidentified", { name in """
            CREATE TABLE \(name) (
                source TEXT NOT NULL, source_system TEXT NOT NULL, source_record_id TEXT NOT NULL,
                file_id INTEGER NOT NULL, line INTEGER NOT NULL)
            """ }),
        // Staged person values normalisation had to leave empty (a phone that is no number of the
        // record's country, an e-mail without @, ...) or replace (an unknown country): the record is
        // matched without them. raw_value is the staged text.
        ("id_nulled", { name in """
            CREATE TABLE \(name) (
                source TEXT NOT NULL, source_system TEXT NOT NULL, source_record_id TEXT NOT NULL,
                file_id INTEGER NOT NULL, line INTEGER NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL, raw_value TEXT)
            """ }),
        // People's decisions about pairs of records (identity.review_decisions, `oneface review`)
        // in force tonight, and what became of each.
        ("id_review_decision", { name in """
            CREATE TABLE \(name) (
                decision_id INTEGER PRIMARY KEY,      -- the decisions in force, in file order
                source_system_a TEXT NOT NULL, source_a TEXT, source_record_id_a TEXT NOT NULL,   -- source: NULL when the
                source_system_b TEXT NOT NULL, source_b TEXT, source_record_id_b TEXT NOT NULL,   -- record is not staged tonight
                decision TEXT NOT NULL,               -- link, keep_apart
                decided_by TEXT, decided_at TEXT, note TEXT,
                file_line INTEGER NOT NULL,           -- line in the reviewed-decisions file
                status TEXT NOT NULL,                 -- applied, contradicted, record_missing
                customer_id_a TEXT, customer_id_b TEXT)
            """ }),
    ]

    /// The `match_pair` rows that wait for a person's decision (`oneface review`, the warehouse's
    /// `v_review_queue`): pairs within `margin` bits of the threshold weight either way, and pairs a
    /// guard refused whatever their weight (strong evidence a guard outweighed is worth a look),
    /// but for different customer numbers (fix the source) and pairs already decided.
    /// `threshold` and `margin` are SQL expressions (bound parameters or subqueries).
    public static func reviewWaiting(threshold: String, margin: String) -> String {
        """
        decision NOT IN ('reviewed_link', 'reviewed_apart', 'already_linked', 'refused_customer_number')
          AND (decision LIKE 'refused%' OR abs(match_weight - (\(threshold))) <= (\(margin)))
        """
    }

    /// The comparisons `match_pair` reports, in column order: a level and a weight each.
    public static let comparedFields = ["first_name", "last_name", "birth_date", "email", "phone", "street", "postcode", "city"]

    static var comparisonColumns: String {
        comparedFields.map { "\($0)_level TEXT, \($0)_weight REAL" }.joined(separator: ",\n    ")
    }

    /// Indexes of the derived tables, dropped before a night's rows go in and built after: one
    /// sort instead of a random B-tree insert per row.
    static let indexes: [(name: String, sql: String)] = [
        // A record is its source and id; in system, id, source order, as the transform reads last night's ids.
        ("id_record_key", "CREATE UNIQUE INDEX IF NOT EXISTS id_record_key ON id_record(source_system, source_record_id, source)"),
        ("id_record_customer", "CREATE INDEX IF NOT EXISTS id_record_customer ON id_record(customer_id)"),
        ("match_pair_customer_a", "CREATE INDEX IF NOT EXISTS match_pair_customer_a ON match_pair(customer_id_a)"),
        ("match_pair_customer_b", "CREATE INDEX IF NOT EXISTS match_pair_customer_b ON match_pair(customer_id_b)"),
    ]

    static let goldenSourceView = """
        CREATE VIEW IF NOT EXISTS id_golden_source AS
        SELECT o.customer_id, j.value AS attribute, o.source_system, o.source, o.source_record_id
        FROM id_golden_origin o, json_each('["' || replace(o.attributes, ' ', '","') || '"]') j
        """

    /// SCD type 2 versions of every customer, derived by the transform from the records' times;
    /// the load copies them into `dim_customer`. Versions of customers who vanished stay, closed.
    static let customerVersions = """
        CREATE TABLE IF NOT EXISTS id_customer_version (
            customer_id TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
            salutation TEXT, title TEXT, first_name TEXT, last_name TEXT, email TEXT, phone TEXT, street TEXT,
            house_number TEXT, postcode TEXT, city TEXT, country TEXT, birth_date TEXT, customer_number TEXT,
            loyalty_card TEXT, consent INTEGER, first_seen TEXT, last_seen TEXT, record_count INTEGER NOT NULL,
            run_id INTEGER NOT NULL,     -- the transform that derived or last kept the version
            gender TEXT, consent_sms INTEGER, consent_phone INTEGER, consent_post INTEGER, consent_date TEXT,
            -- `data`: the version starts at a record's own time; `delivery`: at the night that first saw
            -- its change in a re-delivered record, which carries no time of the change (see CustomerVersions)
            started_by TEXT NOT NULL DEFAULT 'data'
        );
        CREATE INDEX IF NOT EXISTS id_customer_version_customer ON id_customer_version(customer_id, valid_from);
        """

    /// The end of a version that is still valid.
    public static let openEnd = "9999-12-31T23:59:59Z"

    /// Brings the carried tables to today's columns (`gender` in `id_customer_version`): the derived
    /// ones are conformed by `create`.
    static func addCarriedColumns(_ db: Database) throws {
        try create(db)
        let columns = try db.columns(of: "id_customer_version")
        for (column, type) in [("gender", "TEXT"), ("consent_sms", "INTEGER"), ("consent_phone", "INTEGER"), ("consent_post", "INTEGER"),
                               ("consent_date", "TEXT"), ("started_by", "TEXT NOT NULL DEFAULT 'data'")] where !columns.contains(column) {
            try db.execute("ALTER TABLE id_customer_version ADD COLUMN \(column) \(type)")
        }
    }

    /// Staging migration 11: a record is known by its source and id, no longer by its system and id.
    /// Rows written before get their source from `id_record` (where, until now, a system and id named
    /// one record), before the derived tables are conformed, so last night's links, decisions and
    /// customer anchors keep naming the same records and customer ids stay as they were.
    static func addRecordSources(_ db: Database) throws {
        let filled: [(table: String, column: String, system: String, id: String)] = [
            ("match_pair", "source_a", "source_system_a", "source_record_id_a"),
            ("match_pair", "source_b", "source_system_b", "source_record_id_b"),
            ("id_review_decision", "source_a", "source_system_a", "source_record_id_a"),
            ("id_review_decision", "source_b", "source_system_b", "source_record_id_b"),
            ("id_golden_origin", "source", "source_system", "source_record_id"),
            ("id_customer", "anchor_source", "anchor_system", "anchor_record_id"),
        ]
        let hasRecords = try db.hasTable("id_record")
        for fill in filled where try db.hasTable(fill.table) {
            if !(try db.columns(of: fill.table)).contains(fill.column) {
                try db.execute("ALTER TABLE \(fill.table) ADD COLUMN \(fill.column) TEXT")
            }
            guard hasRecords else { continue }
            try db.execute("""
                UPDATE \(fill.table) SET \(fill.column) = (SELECT r.source FROM id_record r
                  WHERE r.source_system = \(fill.table).\(fill.system) AND r.source_record_id = \(fill.table).\(fill.id) LIMIT 1)
                WHERE \(fill.column) IS NULL
                """)
        }
        try db.execute("DROP INDEX IF EXISTS id_record_source")   // unique by system and id: replaced by id_record_key
        try create(db)
    }

    /// Empties the derived tables and drops their indexes, for a transform to write tonight's rows.
    public static func clearDerived(_ db: Database) throws {
        for index in indexes { try db.execute("DROP INDEX IF EXISTS \(index.name)") }
        for table in derived { try db.execute("DELETE FROM \(table.name)") }
    }

    /// Builds the derived tables' indexes (after their rows are in).
    public static func indexDerived(_ db: Database) throws {
        for index in indexes { try db.execute(index.sql) }
    }

    /// Creates the identity tables, or brings derived tables written by an older OneFace to
    /// today's columns (keeping what both have, so last night's ids and links survive).
    static func create(_ db: Database) throws {
        switch try db.scalar("SELECT type FROM sqlite_master WHERE name = 'id_golden_source'")?.string {
        case "table": try db.execute("DROP TABLE id_golden_source")   // before transform migration 3 it was a table
        case "view": try db.execute("DROP VIEW id_golden_source")     // recreated below, after its table
        default: break
        }
        for table in derived {
            guard try db.hasTable(table.name) else {
                try db.execute(table.create(table.name))
                continue
            }
            let rebuilt = table.name + "_conformed"
            try db.execute(table.create(rebuilt))
            let old = try db.columns(of: table.name), new = try db.columns(of: rebuilt)
            if old == new {
                try db.execute("DROP TABLE \(rebuilt)")
                continue
            }
            let common = new.filter(old.contains).map(quoteIdentifier).joined(separator: ", ")
            // Derived data: rows that do not fit the new shape are rebuilt by the next transform.
            try? db.execute("INSERT OR IGNORE INTO \(rebuilt)(\(common)) SELECT \(common) FROM \(table.name)")
            try db.execute("DROP TABLE \(table.name)")
            try db.execute("ALTER TABLE \(rebuilt) RENAME TO \(table.name)")
        }
        try indexDerived(db)
        try db.execute(goldenSourceView)
        try db.execute(customerVersions)
        // Until this schema version, the load kept the published versions in wh_customer_version.
        if try db.hasTable("wh_customer_version") {
            try db.execute("""
                INSERT INTO id_customer_version(customer_id, valid_from, valid_to, salutation, title, first_name, last_name, email,
                  phone, street, house_number, postcode, city, country, birth_date, customer_number, loyalty_card, consent,
                  first_seen, last_seen, record_count, run_id)
                SELECT customer_id, valid_from, valid_to, a->>'salutation', a->>'title', a->>'first_name', a->>'last_name',
                  a->>'email', a->>'phone', a->>'street', a->>'house_number', a->>'postcode', a->>'city', a->>'country',
                  a->>'birth_date', a->>'customer_number', a->>'loyalty_card', CAST(a->>'consent' AS INTEGER),
                  a->>'first_seen', a->>'last_seen', coalesce(CAST(a->>'record_count' AS INTEGER), 0), 0
                FROM (SELECT customer_id, valid_from, valid_to, attributes AS a FROM wh_customer_version);
                DROP TABLE wh_customer_version;
                """)
        }
    }
}
