/// The analyst-facing part of the star schema: the product, survey, ticket-category and RFM
/// dimensions, the aggregates and KPI tables, the catalog, and the views for common questions.
///
/// Kept apart from `WarehouseSchema.ddl` so that the core tables and these can change on
/// different branches without touching the same lines. Every table and column here is described
/// in `WarehouseCatalog` (a test fails otherwise).
enum AnalyticsSchema {
    /// Tables; created with the core tables, before the load.
    static let tables = """
    CREATE TABLE dim_product (
        product_key INTEGER PRIMARY KEY,
        sku TEXT NOT NULL UNIQUE,
        name TEXT
    );

    CREATE TABLE dim_survey (
        survey_key INTEGER PRIMARY KEY,
        survey_id TEXT NOT NULL UNIQUE,
        nps_min INTEGER NOT NULL, nps_max INTEGER NOT NULL,
        ces_min INTEGER NOT NULL, ces_max INTEGER NOT NULL,
        ces_easiest INTEGER NOT NULL,              -- the CES answer that means "very easy"
        csat_min INTEGER NOT NULL, csat_max INTEGER NOT NULL
    );

    CREATE TABLE dim_ticket_category (
        category_key INTEGER PRIMARY KEY,
        category TEXT NOT NULL UNIQUE
    );

    CREATE TABLE dim_rfm_segment (
        segment TEXT PRIMARY KEY,
        priority INTEGER NOT NULL UNIQUE,          -- the first matching rule wins
        r_min INTEGER, r_max INTEGER, f_min INTEGER, f_max INTEGER, m_min INTEGER, m_max INTEGER,
        description TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE agg_branch_month (
        branch_key INTEGER NOT NULL REFERENCES dim_branch(branch_key),
        year_month TEXT NOT NULL,
        transactions INTEGER NOT NULL,
        identified_transactions INTEGER NOT NULL,
        customers INTEGER NOT NULL,
        revenue_cents INTEGER NOT NULL,
        nps_responses INTEGER NOT NULL, promoters INTEGER NOT NULL, detractors INTEGER NOT NULL,
        nps REAL,
        csat_responses INTEGER NOT NULL, csat_avg REAL, csat_satisfied_pct REAL,
        PRIMARY KEY (branch_key, year_month)
    ) WITHOUT ROWID;

    CREATE TABLE agg_campaign (
        campaign_key INTEGER PRIMARY KEY REFERENCES dim_campaign(campaign_key),
        first_sent_date_key INTEGER REFERENCES dim_date(date_key),
        sent INTEGER NOT NULL, delivered INTEGER NOT NULL, opened INTEGER NOT NULL, clicked INTEGER NOT NULL,
        unsubscribed INTEGER NOT NULL,
        open_rate_pct REAL, click_rate_pct REAL, click_to_open_pct REAL
    );

    CREATE TABLE kpi_month (
        year_month TEXT PRIMARY KEY,
        window_end_date TEXT NOT NULL,
        transactions INTEGER NOT NULL, revenue_cents INTEGER NOT NULL,
        active_customers INTEGER NOT NULL,
        nps_responses INTEGER NOT NULL, promoters INTEGER NOT NULL, passives INTEGER NOT NULL, detractors INTEGER NOT NULL,
        nps REAL, recommendation_rate_pct REAL,
        csat_responses INTEGER NOT NULL, csat_avg REAL, csat_satisfied_pct REAL,
        ces_responses INTEGER NOT NULL, ces_avg REAL,
        churn_window_days INTEGER NOT NULL,
        churn_base_customers INTEGER NOT NULL, churned_customers INTEGER NOT NULL, churn_rate_pct REAL,
        buyers INTEGER NOT NULL, repeat_buyers INTEGER NOT NULL, repeat_purchase_rate_pct REAL,
        emails_sent INTEGER NOT NULL, emails_delivered INTEGER NOT NULL, emails_opened INTEGER NOT NULL,
        emails_clicked INTEGER NOT NULL, email_open_rate_pct REAL, email_click_rate_pct REAL,
        tickets_closed INTEGER NOT NULL, median_resolution_hours REAL
    ) WITHOUT ROWID;

    CREATE TABLE customer_360 (
        customer_id TEXT PRIMARY KEY,
        marketing_consent INTEGER,
        source_records INTEGER NOT NULL, source_systems INTEGER NOT NULL,
        purchases INTEGER NOT NULL, lifetime_revenue_cents INTEGER NOT NULL,
        average_order_value_cents INTEGER,
        first_purchase_at TEXT, last_purchase_at TEXT,
        purchases_last_365d INTEGER NOT NULL, revenue_last_365d_cents INTEGER NOT NULL,
        recency_days INTEGER, rfm_frequency INTEGER, rfm_monetary_cents INTEGER,
        r_score INTEGER, f_score INTEGER, m_score INTEGER,
        rfm_segment TEXT NOT NULL REFERENCES dim_rfm_segment(segment),
        historic_value_cents INTEGER NOT NULL, predicted_annual_value_cents INTEGER NOT NULL,
        tickets INTEGER NOT NULL, open_tickets INTEGER NOT NULL,
        survey_responses INTEGER NOT NULL, latest_nps INTEGER, nps_category TEXT, avg_csat REAL,
        emails_sent INTEGER NOT NULL, emails_opened INTEGER NOT NULL, emails_clicked INTEGER NOT NULL,
        email_unsubscribed INTEGER NOT NULL,
        last_contact_at TEXT, last_contact_channel TEXT, preferred_channel TEXT,
        last_activity_date TEXT, days_since_last_activity INTEGER,
        churned_last_window INTEGER NOT NULL, churn_risk INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE agg_rfm_segment (
        segment TEXT PRIMARY KEY REFERENCES dim_rfm_segment(segment),
        customers INTEGER NOT NULL, share_pct REAL,
        lifetime_revenue_cents INTEGER NOT NULL, predicted_annual_value_cents INTEGER NOT NULL,
        emailable_customers INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE dw_catalog (
        table_name TEXT NOT NULL,
        column_name TEXT,                          -- NULL: the row describes the table itself
        position INTEGER NOT NULL,                 -- 0 for the table, then column order
        data_type TEXT NOT NULL,                   -- declared type; `table` or `view` for the table row
        description TEXT NOT NULL,
        formula TEXT,                              -- how a KPI or derived value is computed
        PRIMARY KEY (table_name, position)
    ) WITHOUT ROWID;
    """

    /// Views for the common questions; each reads precomputed tables so it is fast on a million customers.
    static let views = """
    CREATE VIEW v_nps_branch_month AS
    SELECT b.branch_id, b.name AS branch_name, b.region, a.year_month, a.nps_responses, a.promoters, a.detractors, a.nps,
           a.csat_responses, a.csat_avg, a.csat_satisfied_pct, a.transactions, a.customers, a.revenue_cents
    FROM agg_branch_month a JOIN dim_branch b ON b.branch_key = a.branch_key;

    CREATE VIEW v_churned_customers AS
    SELECT x.customer_id, c.full_name, c.email, x.marketing_consent, x.last_activity_date, x.days_since_last_activity,
           x.lifetime_revenue_cents, x.predicted_annual_value_cents, x.rfm_segment, x.nps_category
    FROM customer_360 x JOIN dim_customer c ON c.customer_id = x.customer_id AND c.is_current = 1
    WHERE x.churned_last_window = 1;

    CREATE VIEW v_open_tickets_low_score AS
    SELECT t.source_record_id AS ticket_id, t.opened_at, t.status, t.priority, k.category, x.customer_id, c.full_name,
           c.email, x.latest_nps, x.nps_category, x.avg_csat, x.lifetime_revenue_cents
    FROM fact_support_ticket t
    JOIN customer_360 x ON x.customer_id = t.customer_id
    JOIN dim_customer c ON c.customer_id = t.customer_id AND c.is_current = 1
    LEFT JOIN dim_ticket_category k ON k.category_key = t.category_key
    WHERE t.closed_at IS NULL AND (x.latest_nps <= 6 OR x.avg_csat < 4);

    CREATE VIEW v_consent_eligible AS
    SELECT x.customer_id, c.salutation, c.title, c.first_name, c.last_name, c.email, x.rfm_segment,
           x.predicted_annual_value_cents, x.lifetime_revenue_cents, x.preferred_channel, x.churn_risk
    FROM customer_360 x JOIN dim_customer c ON c.customer_id = x.customer_id AND c.is_current = 1
    WHERE x.marketing_consent = 1 AND x.email_unsubscribed = 0 AND c.email IS NOT NULL;

    CREATE VIEW v_campaign_performance AS
    SELECT k.campaign_id, k.name AS campaign_name, d.date AS first_sent_date, a.sent, a.delivered, a.opened, a.clicked,
           a.unsubscribed, a.open_rate_pct, a.click_rate_pct, a.click_to_open_pct
    FROM agg_campaign a JOIN dim_campaign k ON k.campaign_key = a.campaign_key
    LEFT JOIN dim_date d ON d.date_key = a.first_sent_date_key;

    CREATE VIEW v_rfm_segments AS
    SELECT g.segment, g.priority, g.description, a.customers, a.share_pct, a.lifetime_revenue_cents,
           a.predicted_annual_value_cents, a.emailable_customers
    FROM dim_rfm_segment g LEFT JOIN agg_rfm_segment a ON a.segment = g.segment;
    """

    /// Indexes on the facts for the views, the query pack and the aggregate steps; built once the
    /// facts are filled (faster than maintaining them row by row during the load).
    static let factIndexes = """
    CREATE INDEX fact_purchase_customer_time ON fact_purchase(customer_id, occurred_at);
    CREATE INDEX fact_support_ticket_open ON fact_support_ticket(customer_id, opened_at, status, priority, category_key,
        source_record_id, closed_at) WHERE closed_at IS NULL;
    CREATE INDEX fact_survey_response_customer_time ON fact_survey_response(customer_id, answered_at);
    CREATE INDEX fact_email_event_customer_id ON fact_email_event(customer_id);
    CREATE INDEX fact_purchase_line_product ON fact_purchase_line(product_key);
    """

    /// Indexes on `customer_360` for the query pack, built once it is filled. The partial ones hold
    /// every column their view reads, so `v_consent_eligible` by value and `v_open_tickets_low_score`
    /// read a few index pages instead of a million-row table, also cold (the first query of a morning).
    /// The columns of an index's WHERE are in it too: SQLite reads the table for them otherwise.
    static let customerIndexes = """
    CREATE INDEX customer_360_churned ON customer_360(churned_last_window, lifetime_revenue_cents);
    CREATE INDEX customer_360_value ON customer_360(predicted_annual_value_cents, lifetime_revenue_cents);
    CREATE INDEX customer_360_segment ON customer_360(rfm_segment, predicted_annual_value_cents);
    CREATE INDEX customer_360_systems ON customer_360(source_systems, lifetime_revenue_cents);
    CREATE INDEX customer_360_eligible ON customer_360(churn_risk, predicted_annual_value_cents, lifetime_revenue_cents,
        customer_id, rfm_segment, preferred_channel, marketing_consent, email_unsubscribed)
        WHERE marketing_consent = 1 AND email_unsubscribed = 0;
    CREATE INDEX customer_360_low_score ON customer_360(customer_id, latest_nps, nps_category, avg_csat, lifetime_revenue_cents)
        WHERE latest_nps <= 6 OR avg_csat < 4;
    """
}
