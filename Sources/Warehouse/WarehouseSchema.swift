import Staging

/// The star schema analysts query. Names are a contract: analysts' saved queries rely on them.
///
/// Money is integer cents; timestamps are ISO 8601 UTC text; `date_key` is the local calendar
/// date (pipeline `time_zone`) as yyyymmdd and joins `dim_date`.
public enum WarehouseSchema {
    /// 2: a source record is known by its source and id (`bridge_customer_source`'s key,
    /// `source_name_a`/`_b` in `match_pair` and `review_decision`).
    /// 3: keys that stay from night to night: `customer_key` from the customer's sequence number,
    /// the facts' keys from their staged rows (so a load can update the warehouse in place).
    public static let version = 3

    public static let ddl = """
    CREATE TABLE dw_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

    CREATE TABLE dim_source_system (
        source_system_key INTEGER PRIMARY KEY,
        source_system TEXT NOT NULL UNIQUE,        -- email, support, branch, survey
        description TEXT NOT NULL
    );

    CREATE TABLE dim_date (
        date_key INTEGER PRIMARY KEY,              -- yyyymmdd
        date TEXT NOT NULL UNIQUE,                 -- yyyy-mm-dd
        year INTEGER NOT NULL,
        quarter INTEGER NOT NULL,
        month INTEGER NOT NULL,
        year_month TEXT NOT NULL,                  -- yyyy-mm
        day INTEGER NOT NULL,
        iso_weekday INTEGER NOT NULL,              -- 1 = Monday
        is_weekend INTEGER NOT NULL
    );

    CREATE TABLE dim_customer (
        customer_key INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,                 -- stable id of the person across nights
        salutation TEXT, title TEXT, first_name TEXT, last_name TEXT, full_name TEXT,
        email TEXT, phone TEXT,                    -- normalised: lower-case e-mail, E.164 phone
        street TEXT, house_number TEXT, postcode TEXT, city TEXT,
        country TEXT,                              -- ISO 3166 alpha-2 (DE, AT, US, ...)
        birth_date TEXT, customer_number TEXT, loyalty_card TEXT,
        marketing_consent INTEGER,                 -- 1 yes, 0 no, NULL unknown
        gender TEXT,                               -- female, male, diverse; NULL unknown
        sms_consent INTEGER, phone_consent INTEGER, post_consent INTEGER,   -- per channel: 1 yes, 0 no, NULL unknown
        consent_date TEXT,                         -- when the latest consent was given or withdrawn (ISO date)
        first_seen TEXT, last_seen TEXT,
        source_record_count INTEGER NOT NULL,
        valid_from TEXT NOT NULL,                  -- SCD type 2: this version holds from valid_from (ISO UTC)
        valid_to TEXT NOT NULL,                    -- until valid_to (exclusive); 9999-12-31T23:59:59Z while current
        is_current INTEGER NOT NULL                -- 1 for the current version of a current customer
    );
    -- A version once. The load builds it right after the versions (which go in by key), before the
    -- facts look their versions up in it.
    CREATE UNIQUE INDEX IF NOT EXISTS dim_customer_id ON dim_customer(customer_id, valid_from);
    -- Current rows only, with the contact columns the views show: a view joining a customer's current
    -- row reads this index alone, one page per customer even when nothing is cached yet (is_current is
    -- in it too: SQLite reads the table for a column of the WHERE otherwise). (One line:
    -- the bulk load finds the indexes it builds after the rows line by line.)
    CREATE INDEX dim_customer_current ON dim_customer(customer_id, email, salutation, title, first_name, last_name, full_name, is_current) WHERE is_current = 1;
    CREATE INDEX dim_customer_email ON dim_customer(email);

    CREATE TABLE dim_channel (
        channel_key INTEGER PRIMARY KEY,
        channel TEXT NOT NULL UNIQUE
    );

    CREATE TABLE dim_branch (
        branch_key INTEGER PRIMARY KEY,
        branch_id TEXT NOT NULL UNIQUE,
        name TEXT, street TEXT, postcode TEXT, city TEXT, region TEXT
    );

    CREATE TABLE dim_campaign (
        campaign_key INTEGER PRIMARY KEY,
        campaign_id TEXT NOT NULL UNIQUE,
        name TEXT
    );

    CREATE TABLE bridge_customer_source (
        customer_id TEXT NOT NULL,
        source_system TEXT NOT NULL REFERENCES dim_source_system(source_system),
        source_name TEXT NOT NULL,
        source_record_id TEXT NOT NULL,
        match_rule TEXT NOT NULL,                  -- how the record was attached: customer_number, loyalty_card (exact links), probabilistic, unique
        PRIMARY KEY (source_name, source_record_id)   -- sources, not systems, own record ids
    ) WITHOUT ROWID;
    -- With the system: customer_360 counts each customer's systems from the index alone.
    CREATE INDEX bridge_customer ON bridge_customer_source(customer_id, source_system);

    -- Why records were linked: scored pairs that were accepted or came near the threshold.
    CREATE TABLE match_pair (
        pair_id INTEGER PRIMARY KEY,               -- strongest first
        source_system_a TEXT NOT NULL, source_name_a TEXT NOT NULL, source_record_id_a TEXT NOT NULL,
        source_system_b TEXT NOT NULL, source_name_b TEXT NOT NULL, source_record_id_b TEXT NOT NULL,
        customer_id_a TEXT NOT NULL, customer_id_b TEXT NOT NULL,
        blocking_rule TEXT NOT NULL,               -- the blocking rule that compared the pair
        match_weight REAL NOT NULL,                -- Fellegi-Sunter weight: prior + the comparison weights
        match_probability REAL NOT NULL,           -- 2^w / (1 + 2^w)
        accepted INTEGER NOT NULL,                 -- 1: reached the match threshold (or kept: linked last night, within keep_margin)
        decision TEXT NOT NULL,                    -- linked, already_linked, refused_birth_date, refused_customer_number, refused_loyalty_card, refused_first_name, refused_cluster_size, refused_ambiguous, refused_disagreeing_records, below_threshold, reviewed_link, reviewed_apart
        first_name_level TEXT, first_name_weight REAL, last_name_level TEXT, last_name_weight REAL,
        birth_date_level TEXT, birth_date_weight REAL, email_level TEXT, email_weight REAL,
        phone_level TEXT, phone_weight REAL, street_level TEXT, street_weight REAL,
        postcode_level TEXT, postcode_weight REAL, city_level TEXT, city_weight REAL
    );
    CREATE INDEX match_pair_customer_a ON match_pair(customer_id_a);
    CREATE INDEX match_pair_customer_b ON match_pair(customer_id_b);

    -- People's decisions about pairs of records (oneface review), in force on the night.
    CREATE TABLE review_decision (
        decision_id INTEGER PRIMARY KEY,           -- in the order of the reviewed-decisions file
        source_system_a TEXT NOT NULL, source_name_a TEXT, source_record_id_a TEXT NOT NULL,   -- source_name: NULL when the
        source_system_b TEXT NOT NULL, source_name_b TEXT, source_record_id_b TEXT NOT NULL,   -- file names none and the record is missing
        decision TEXT NOT NULL,                    -- link, keep_apart
        decided_by TEXT, decided_at TEXT, note TEXT,
        file_line INTEGER NOT NULL,
        status TEXT NOT NULL,                      -- applied, contradicted, record_missing
        customer_id_a TEXT, customer_id_b TEXT
    );

    -- Every change of a customer id: new, merge (old_id merged into new_id), split, retired.
    CREATE TABLE customer_id_history (
        history_id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL,
        old_id TEXT,
        new_id TEXT,
        event TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX customer_id_history_old ON customer_id_history(old_id);
    CREATE INDEX customer_id_history_new ON customer_id_history(new_id);

    CREATE TABLE fact_email_event (
        email_event_key INTEGER PRIMARY KEY,
        source_name TEXT NOT NULL,
        source_record_id TEXT NOT NULL,
        contact_record_id TEXT,                    -- NULL when the export names the contact by e-mail address
        customer_key INTEGER REFERENCES dim_customer(customer_key),
        customer_id TEXT,
        campaign_key INTEGER REFERENCES dim_campaign(campaign_key),
        date_key INTEGER NOT NULL REFERENCES dim_date(date_key),
        occurred_at TEXT NOT NULL,
        event_type TEXT NOT NULL                   -- sent, opened, clicked, bounced, unsubscribed
    );
    -- A record once (built after a bulk load, which adds rows by key, not by record).
    CREATE UNIQUE INDEX fact_email_event_record ON fact_email_event(source_name, source_record_id);
    CREATE INDEX fact_email_event_customer ON fact_email_event(customer_key);
    CREATE INDEX fact_email_event_date ON fact_email_event(date_key);
    CREATE INDEX fact_email_event_campaign ON fact_email_event(campaign_key);

    CREATE TABLE fact_support_ticket (
        ticket_key INTEGER PRIMARY KEY,
        source_name TEXT NOT NULL,
        source_record_id TEXT NOT NULL,
        customer_key INTEGER REFERENCES dim_customer(customer_key),
        customer_id TEXT,
        channel_key INTEGER REFERENCES dim_channel(channel_key),
        opened_date_key INTEGER NOT NULL REFERENCES dim_date(date_key),
        closed_date_key INTEGER REFERENCES dim_date(date_key),
        opened_at TEXT NOT NULL, first_response_at TEXT, closed_at TEXT,
        status TEXT, category TEXT, priority TEXT,
        first_response_hours REAL, resolution_hours REAL,
        csat INTEGER, reopen_count INTEGER,
        category_key INTEGER REFERENCES dim_ticket_category(category_key)
    );
    -- A record once (built after a bulk load, which adds rows by key, not by record).
    CREATE UNIQUE INDEX fact_support_ticket_record ON fact_support_ticket(source_name, source_record_id);
    CREATE INDEX fact_support_ticket_customer ON fact_support_ticket(customer_key);
    CREATE INDEX fact_support_ticket_opened ON fact_support_ticket(opened_date_key);

    CREATE TABLE fact_purchase (
        purchase_key INTEGER PRIMARY KEY,
        source_name TEXT NOT NULL,
        source_record_id TEXT NOT NULL,
        customer_key INTEGER REFERENCES dim_customer(customer_key),   -- NULL: anonymous purchase
        customer_id TEXT,
        branch_key INTEGER REFERENCES dim_branch(branch_key),
        date_key INTEGER NOT NULL REFERENCES dim_date(date_key),
        occurred_at TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        currency TEXT,
        line_count INTEGER
    );
    -- A record once (built after a bulk load, which adds rows by key, not by record).
    CREATE UNIQUE INDEX fact_purchase_record ON fact_purchase(source_name, source_record_id);
    CREATE INDEX fact_purchase_customer ON fact_purchase(customer_key);
    CREATE INDEX fact_purchase_date ON fact_purchase(date_key);
    CREATE INDEX fact_purchase_branch ON fact_purchase(branch_key);

    CREATE TABLE fact_purchase_line (
        purchase_key INTEGER NOT NULL REFERENCES fact_purchase(purchase_key),
        line_number INTEGER NOT NULL,
        sku TEXT, product_name TEXT,
        quantity TEXT,                             -- exact decimal as text
        unit_price_cents INTEGER,
        product_key INTEGER REFERENCES dim_product(product_key),
        line_amount_cents INTEGER,                 -- quantity x unit price when that is whole cents
        line_amount_cents_exact TEXT,              -- the same as an exact decimal, always
        PRIMARY KEY (purchase_key, line_number)
    ) WITHOUT ROWID;

    CREATE TABLE fact_survey_response (
        response_key INTEGER PRIMARY KEY,
        source_name TEXT NOT NULL,
        source_record_id TEXT NOT NULL,
        customer_key INTEGER REFERENCES dim_customer(customer_key),
        customer_id TEXT,
        survey_id TEXT,
        date_key INTEGER NOT NULL REFERENCES dim_date(date_key),
        answered_at TEXT NOT NULL,
        nps INTEGER,                               -- 0-10
        nps_category TEXT,                         -- promoter 9-10, passive 7-8, detractor 0-6
        ces INTEGER,                               -- the answer on the survey's scale (dim_survey; standard 1-7, 7 = very easy)
        csat INTEGER,                              -- the answer on the survey's scale (dim_survey; standard 1-5)
        comment TEXT,
        survey_key INTEGER REFERENCES dim_survey(survey_key),
        ces_score REAL,                            -- ces on the standard 1-7 scale, 7 = very easy
        csat_score REAL                            -- csat on the standard 1-5 scale
    );
    -- A record once (built after a bulk load, which adds rows by key, not by record).
    CREATE UNIQUE INDEX fact_survey_response_record ON fact_survey_response(source_name, source_record_id);
    CREATE INDEX fact_survey_response_customer ON fact_survey_response(customer_key);
    CREATE INDEX fact_survey_response_date ON fact_survey_response(date_key);

    CREATE TABLE agg_customer_month (
        customer_id TEXT NOT NULL,
        year_month TEXT NOT NULL,
        emails_sent INTEGER NOT NULL, emails_opened INTEGER NOT NULL, emails_clicked INTEGER NOT NULL,
        tickets_opened INTEGER NOT NULL, tickets_closed INTEGER NOT NULL,
        purchases INTEGER NOT NULL, revenue_cents INTEGER NOT NULL,
        latest_nps INTEGER, avg_csat REAL,
        PRIMARY KEY (customer_id, year_month)
    ) WITHOUT ROWID;

    CREATE TABLE etl_run (
        run_id INTEGER PRIMARY KEY, command TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
        status TEXT NOT NULL, exit_code INTEGER, rows_read INTEGER, rows_staged INTEGER, rows_rejected INTEGER, message TEXT
    );
    CREATE TABLE etl_stage (
        run_id INTEGER NOT NULL, stage TEXT NOT NULL, started_at TEXT NOT NULL, seconds REAL,
        rows_in INTEGER, rows_out INTEGER, rows_rejected INTEGER, status TEXT NOT NULL, message TEXT,
        PRIMARY KEY (run_id, stage)
    );
    CREATE TABLE etl_file (
        file_id INTEGER PRIMARY KEY, source TEXT NOT NULL, source_system TEXT NOT NULL, path TEXT NOT NULL,
        size INTEGER NOT NULL, sha256 TEXT NOT NULL, rows_read INTEGER NOT NULL, rows_staged INTEGER NOT NULL,
        rows_rejected INTEGER NOT NULL, status TEXT NOT NULL, message TEXT, run_id INTEGER NOT NULL,
        rows_nulled INTEGER NOT NULL, rows_ignored INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE etl_reject (
        reject_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, file_id INTEGER NOT NULL REFERENCES etl_file(file_id),
        source TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, raw_text TEXT
    );
    CREATE TABLE etl_nulled (
        file_id INTEGER NOT NULL REFERENCES etl_file(file_id), line INTEGER NOT NULL, source TEXT NOT NULL,
        field TEXT NOT NULL, reason TEXT NOT NULL, raw_value TEXT
    );
    CREATE INDEX etl_nulled_row ON etl_nulled(file_id, line, field);

    CREATE VIEW v_review_queue AS
    SELECT m.*, round(CAST(m.match_weight - t.weight AS NUMERIC), 3) AS bits_from_threshold
    FROM match_pair m,
         (SELECT CAST((SELECT value FROM dw_meta WHERE key = 'identity_threshold_weight') AS DOUBLE PRECISION) AS weight,
                 CAST((SELECT value FROM dw_meta WHERE key = 'identity_review_margin') AS DOUBLE PRECISION) AS margin) t
    WHERE \(IdentityTables.reviewWaiting(threshold: "t.weight", margin: "t.margin"))
    ORDER BY abs(m.match_weight - t.weight), m.pair_id;

    CREATE VIEW v_customer_360 AS
    SELECT c.customer_id, c.salutation, c.title, c.first_name, c.last_name, c.full_name, c.email, c.phone,
           c.street, c.house_number, c.postcode, c.city, c.birth_date, c.marketing_consent,
           c.first_seen, c.last_seen,
           (SELECT count(*) FROM bridge_customer_source b WHERE b.customer_id = c.customer_id) AS source_records,
           (SELECT count(DISTINCT b.source_system) FROM bridge_customer_source b WHERE b.customer_id = c.customer_id) AS source_systems,
           (SELECT count(*) FROM fact_purchase p WHERE p.customer_id = c.customer_id) AS purchases,
           (SELECT coalesce(sum(p.amount_cents), 0) FROM fact_purchase p WHERE p.customer_id = c.customer_id) AS lifetime_revenue_cents,
           (SELECT max(p.occurred_at) FROM fact_purchase p WHERE p.customer_id = c.customer_id) AS last_purchase_at,
           (SELECT count(*) FROM fact_support_ticket t WHERE t.customer_id = c.customer_id) AS tickets,
           (SELECT count(*) FROM fact_support_ticket t WHERE t.customer_id = c.customer_id AND t.closed_at IS NULL) AS open_tickets,
           (SELECT s.nps FROM fact_survey_response s WHERE s.customer_id = c.customer_id AND s.nps IS NOT NULL
              ORDER BY s.answered_at DESC, s.response_key DESC LIMIT 1) AS latest_nps,
           (SELECT round(CAST(avg(x.csat) AS NUMERIC), 2) FROM (SELECT csat_score AS csat FROM fact_survey_response WHERE customer_id = c.customer_id
              UNION ALL SELECT csat FROM fact_support_ticket WHERE customer_id = c.customer_id) x) AS avg_csat,
           (SELECT count(*) FROM fact_email_event e WHERE e.customer_id = c.customer_id AND e.event_type = 'opened') AS emails_opened
    FROM dim_customer c WHERE c.is_current = 1;
    """
}
