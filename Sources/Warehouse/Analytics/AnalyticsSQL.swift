/// The analyst-facing part of the load, as literal SQL: dimensions the facts refer to, then (after
/// the facts) the KPI tables, `customer_360` and the aggregates.
///
/// Definitions are the data dictionary's (`WarehouseCatalog`), which quotes DOMAIN.md. "Now" is
/// never the wall clock: it is `dw_meta.as_of_date`, the latest local date in the data, so the same
/// inputs give the same KPIs on any day. KPI settings are read from `dw_meta` (written with bound
/// values from the pipeline's `kpi:` section), never spliced into SQL text. Each derived table is
/// emptied before it is filled, so the steps can be rerun on an existing warehouse.
///
/// - Complexity: a few sorts of the fact rows (O(n log n)) for the per-customer pieces, plus
///   O(months × activity rows in a window) covering-index range scans for the window KPIs;
///   about 2–3 minutes of the load for a million customers (6 million facts).
enum AnalyticsSQL {
    /// Product, survey and ticket-category dimensions; run before the facts, which look up their keys.
    /// Only values not yet present are added, ordered by natural key, so keys are deterministic.
    static let dimensions = """
    INSERT INTO dim_ticket_category(category)
    SELECT DISTINCT trim(category) FROM cur_ticket
    WHERE nullif(trim(category), '') IS NOT NULL AND trim(category) NOT IN (SELECT category FROM dim_ticket_category)
    ORDER BY 1;

    INSERT INTO dim_survey(survey_id, nps_min, nps_max, ces_min, ces_max, ces_easiest, csat_min, csat_max)
    SELECT DISTINCT s.survey_id, 0, 10, coalesce(x.ces_min, d.ces_min), coalesce(x.ces_max, d.ces_max),
           coalesce(x.ces_easiest, d.ces_easiest), coalesce(x.csat_min, d.csat_min), coalesce(x.csat_max, d.csat_max)
    FROM cur_survey_response s JOIN temp.survey_default d LEFT JOIN temp.survey_scale x ON x.survey_id = s.survey_id
    WHERE s.survey_id IS NOT NULL AND s.survey_id NOT IN (SELECT survey_id FROM dim_survey)
    ORDER BY s.survey_id;

    INSERT INTO dim_product(sku, name)
    SELECT sku, name FROM (
      SELECT sku, name, row_number() OVER (PARTITION BY sku ORDER BY name IS NULL, occurred_at DESC,
                                                source_name DESC, record_id DESC, line_index DESC) AS version
      FROM cur_purchase_line WHERE sku IS NOT NULL)
    WHERE version = 1 AND sku NOT IN (SELECT sku FROM dim_product)
    ORDER BY sku;
    """

    /// Steps after the core load (facts, `dim_date`, `agg_customer_month` are filled).
    /// The steps with the names `--verbose` times them by.
    static let namedSteps: [(name: String, sql: String)] = [
        ("setup", setup), ("activity", activity), ("kpi_month", kpiMonth), ("agg_campaign", campaigns),
        ("agg_branch_month", branchMonth), ("customer_360", customer360), ("agg_rfm_segment", rfmSegments),
    ]

    /// `as_of_date`, settings and day numbers every later step uses.
    static let setup = """
    DELETE FROM dw_meta WHERE key = 'as_of_date';
    INSERT INTO dw_meta(key, value) SELECT 'as_of_date', max(date) FROM dim_date HAVING max(date) IS NOT NULL;

    DROP TABLE IF EXISTS temp.kpi_setting;
    CREATE TEMP TABLE kpi_setting AS SELECT
      (SELECT CAST(value AS INTEGER) FROM dw_meta WHERE key = 'kpi_churn_window_days') AS w,
      (SELECT CAST(value AS INTEGER) FROM dw_meta WHERE key = 'kpi_rfm_window_days') AS rfm_w,
      (SELECT CAST(julianday(value) AS INTEGER) FROM dw_meta WHERE key = 'as_of_date') AS as_of,
      (SELECT CAST(julianday(min(date)) AS INTEGER) FROM dim_date) AS first_day;

    -- Day numbers (julianday truncated: consecutive integers) for window arithmetic.
    DROP TABLE IF EXISTS temp.kpi_day;
    CREATE TEMP TABLE kpi_day(date_key INTEGER PRIMARY KEY, day INTEGER NOT NULL, year_month TEXT NOT NULL);
    INSERT INTO kpi_day SELECT date_key, CAST(julianday(date) AS INTEGER), year_month FROM dim_date ORDER BY date_key;
    """

    /// Customer activity (DOMAIN.md: any purchase, ticket, survey response or e-mail open/click),
    /// purchases with their neighbours, NPS responses counted once per respondent and survey, and
    /// e-mail messages.
    static let activity = """
    DROP TABLE IF EXISTS temp.kpi_activity;
    CREATE TEMP TABLE kpi_activity AS
    SELECT customer_id, date_key, occurred_at AS at, 'branch' AS channel FROM fact_purchase WHERE customer_id IS NOT NULL
    UNION ALL
    SELECT t.customer_id, t.opened_date_key, t.opened_at, coalesce(ch.channel, 'support')
    FROM fact_support_ticket t LEFT JOIN dim_channel ch ON ch.channel_key = t.channel_key WHERE t.customer_id IS NOT NULL
    UNION ALL
    SELECT customer_id, date_key, answered_at, 'survey' FROM fact_survey_response WHERE customer_id IS NOT NULL
    UNION ALL
    SELECT customer_id, date_key, occurred_at, 'email' FROM fact_email_event
    WHERE customer_id IS NOT NULL AND event_type IN ('opened', 'clicked');

    -- One row per customer and active day, with the customer's next active day: a customer's last
    -- active day up to day e is the row with day <= e and (next_day IS NULL OR next_day > e).
    DROP TABLE IF EXISTS temp.kpi_activity_day;
    CREATE TEMP TABLE kpi_activity_day AS
    SELECT customer_id, day, lead(day) OVER (PARTITION BY customer_id ORDER BY day) AS next_day
    FROM (SELECT a.customer_id, d.day FROM kpi_activity a JOIN kpi_day d ON d.date_key = a.date_key GROUP BY 1, 2);
    -- Covering: the window counts of kpi_month read only the index (4x faster on a million customers).
    CREATE INDEX temp.kpi_activity_day_day ON kpi_activity_day(day, next_day);

    DROP TABLE IF EXISTS temp.kpi_purchase;
    CREATE TEMP TABLE kpi_purchase AS
    SELECT p.customer_id, d.day, lag(d.day) OVER w AS prev_day, lead(d.day) OVER w AS next_day
    FROM fact_purchase p JOIN kpi_day d ON d.date_key = p.date_key WHERE p.customer_id IS NOT NULL
    WINDOW w AS (PARTITION BY p.customer_id ORDER BY d.day, p.purchase_key);
    CREATE INDEX temp.kpi_purchase_day ON kpi_purchase(day, next_day, prev_day);

    DROP TABLE IF EXISTS temp.kpi_nps;
    CREATE TEMP TABLE kpi_nps AS
    SELECT response_key, customer_id, date_key, nps FROM (
      SELECT response_key, customer_id, date_key, nps,
             row_number() OVER (PARTITION BY coalesce(customer_id, source_name || ':' || source_record_id),
                                             coalesce(survey_id, ':' || response_key)
                                ORDER BY answered_at DESC, response_key DESC) AS n
      FROM fact_survey_response WHERE nps IS NOT NULL)
    WHERE n = 1;
    CREATE UNIQUE INDEX temp.kpi_nps_key ON kpi_nps(response_key);

    DROP TABLE IF EXISTS temp.kpi_email_message;
    CREATE TEMP TABLE kpi_email_message AS
    SELECT source_name, contact_record_id, campaign_key,
           min(CASE WHEN event_type = 'sent' THEN date_key END) AS sent_date_key,
           max(event_type = 'bounced') AS bounced,
           max(event_type IN ('opened', 'clicked')) AS opened,
           max(event_type = 'clicked') AS clicked,
           max(event_type = 'unsubscribed') AS unsubscribed
    FROM fact_email_event GROUP BY source_name, contact_record_id, campaign_key;
    """

    /// Company-wide KPIs per calendar month. Window KPIs (churn, repeat purchase) use the window
    /// ending on the month's last day, or on `as_of_date` in the latest month.
    static let kpiMonth = """
    DELETE FROM kpi_month;
    INSERT INTO kpi_month
    WITH period AS (
      SELECT year_month, min(day) AS first_day, max(day) AS end_day FROM kpi_day GROUP BY year_month
    ),
    sales AS (
      SELECT d.year_month, count(*) AS transactions, sum(p.amount_cents) AS revenue
      FROM fact_purchase p JOIN kpi_day d ON d.date_key = p.date_key GROUP BY d.year_month
    ),
    nps AS (
      SELECT d.year_month, count(*) AS n, sum(x.nps >= 9) AS promoters, sum(x.nps BETWEEN 7 AND 8) AS passives,
             sum(x.nps <= 6) AS detractors
      FROM kpi_nps x JOIN kpi_day d ON d.date_key = x.date_key GROUP BY d.year_month
    ),
    csat AS (
      SELECT d.year_month, count(*) AS n, avg(x.csat) AS average, sum(x.csat >= 4) AS satisfied
      FROM (SELECT date_key, csat_score AS csat FROM fact_survey_response WHERE csat IS NOT NULL
            UNION ALL SELECT opened_date_key, csat FROM fact_support_ticket WHERE csat IS NOT NULL) x
      JOIN kpi_day d ON d.date_key = x.date_key GROUP BY d.year_month
    ),
    ces AS (
      SELECT d.year_month, count(*) AS n, avg(r.ces_score) AS average
      FROM fact_survey_response r
      JOIN kpi_day d ON d.date_key = r.date_key WHERE r.ces IS NOT NULL GROUP BY d.year_month
    ),
    email AS (
      SELECT d.year_month, count(*) AS sent, sum(NOT m.bounced) AS delivered,
             sum(m.opened AND NOT m.bounced) AS opened, sum(m.clicked AND NOT m.bounced) AS clicked
      FROM kpi_email_message m JOIN kpi_day d ON d.date_key = m.sent_date_key GROUP BY d.year_month
    ),
    resolution AS (
      SELECT year_month, count(*) AS closed, avg(CASE WHEN n IN ((total + 1) / 2, (total + 2) / 2) THEN hours END) AS median
      FROM (SELECT d.year_month, t.resolution_hours AS hours,
                   row_number() OVER (PARTITION BY d.year_month ORDER BY t.resolution_hours, t.ticket_key) AS n,
                   count(*) OVER (PARTITION BY d.year_month) AS total
            FROM fact_support_ticket t JOIN kpi_day d ON d.date_key = t.closed_date_key
            WHERE t.resolution_hours IS NOT NULL)
      GROUP BY year_month
    ),
    windows AS (
      SELECT p.year_month, p.end_day, s.w, p.end_day - 2 * s.w + 1 >= s.first_day AS complete,
        (SELECT count(*) FROM kpi_activity_day a WHERE a.day BETWEEN p.first_day AND p.end_day
           AND (a.next_day IS NULL OR a.next_day > p.end_day)) AS active,
        (SELECT count(*) FROM kpi_activity_day a WHERE a.day > p.end_day - 2 * s.w AND a.day <= p.end_day - s.w
           AND (a.next_day IS NULL OR a.next_day > p.end_day - s.w)) AS churn_base,
        (SELECT count(*) FROM kpi_activity_day a WHERE a.day > p.end_day - 2 * s.w AND a.day <= p.end_day - s.w
           AND (a.next_day IS NULL OR a.next_day > p.end_day)) AS churned,
        (SELECT count(*) FROM kpi_purchase x WHERE x.day > p.end_day - s.w AND x.day <= p.end_day
           AND (x.next_day IS NULL OR x.next_day > p.end_day)) AS buyers,
        (SELECT count(*) FROM kpi_purchase x WHERE x.day > p.end_day - s.w AND x.day <= p.end_day
           AND (x.next_day IS NULL OR x.next_day > p.end_day) AND x.prev_day > p.end_day - s.w) AS repeaters
      FROM period p, kpi_setting s
    )
    SELECT w.year_month, date(w.end_day + 0.5),
           coalesce(sales.transactions, 0), coalesce(sales.revenue, 0), w.active,
           coalesce(nps.n, 0), coalesce(nps.promoters, 0), coalesce(nps.passives, 0), coalesce(nps.detractors, 0),
           round(100.0 * (nps.promoters - nps.detractors) / nps.n, 2), round(100.0 * nps.promoters / nps.n, 2),
           coalesce(csat.n, 0), round(csat.average, 2), round(100.0 * csat.satisfied / csat.n, 2),
           coalesce(ces.n, 0), round(ces.average, 2),
           w.w, w.churn_base, w.churned,
           CASE WHEN w.complete AND w.churn_base > 0 THEN round(100.0 * w.churned / w.churn_base, 2) END,
           w.buyers, w.repeaters, CASE WHEN w.buyers > 0 THEN round(100.0 * w.repeaters / w.buyers, 2) END,
           coalesce(email.sent, 0), coalesce(email.delivered, 0), coalesce(email.opened, 0), coalesce(email.clicked, 0),
           CASE WHEN email.delivered > 0 THEN round(100.0 * email.opened / email.delivered, 2) END,
           CASE WHEN email.delivered > 0 THEN round(100.0 * email.clicked / email.delivered, 2) END,
           coalesce(resolution.closed, 0), round(resolution.median, 2)
    FROM windows w
    LEFT JOIN sales USING (year_month) LEFT JOIN nps USING (year_month) LEFT JOIN csat USING (year_month)
    LEFT JOIN ces USING (year_month) LEFT JOIN email USING (year_month) LEFT JOIN resolution USING (year_month)
    ORDER BY w.year_month;
    """

    /// Per campaign: messages (one per contact and campaign) sent, delivered, opened, clicked.
    static let campaigns = """
    DELETE FROM agg_campaign;
    INSERT INTO agg_campaign(campaign_key, first_sent_date_key, sent, delivered, opened, clicked, unsubscribed,
      open_rate_pct, click_rate_pct, click_to_open_pct)
    SELECT campaign_key, first_sent, sent, delivered, opened, clicked, unsubscribed,
           CASE WHEN delivered > 0 THEN round(100.0 * opened / delivered, 2) END,
           CASE WHEN delivered > 0 THEN round(100.0 * clicked / delivered, 2) END,
           CASE WHEN opened > 0 THEN round(100.0 * clicked / opened, 2) END
    FROM (
      SELECT campaign_key, min(sent_date_key) AS first_sent, count(sent_date_key) AS sent,
             sum(sent_date_key IS NOT NULL AND NOT bounced) AS delivered,
             sum(sent_date_key IS NOT NULL AND opened AND NOT bounced) AS opened,
             sum(sent_date_key IS NOT NULL AND clicked AND NOT bounced) AS clicked,
             sum(sent_date_key IS NOT NULL AND unsubscribed) AS unsubscribed
      FROM kpi_email_message WHERE campaign_key IS NOT NULL GROUP BY campaign_key)
    ORDER BY campaign_key;
    """

    /// Per branch and month: sales, and the NPS/CSAT of survey responses attributed to the branch
    /// where the respondent last bought at or before answering (unattributed when there is none).
    static let branchMonth = """
    DROP TABLE IF EXISTS temp.kpi_response_branch;
    CREATE TEMP TABLE kpi_response_branch AS
    SELECT r.response_key, r.date_key, r.nps, r.csat_score AS csat, r.response_key IN (SELECT response_key FROM kpi_nps) AS nps_counted,
           (SELECT p.branch_key FROM fact_purchase p
            WHERE p.customer_id = r.customer_id AND p.occurred_at <= r.answered_at AND p.branch_key IS NOT NULL
            ORDER BY p.occurred_at DESC, p.purchase_key DESC LIMIT 1) AS branch_key
    FROM fact_survey_response r
    WHERE r.customer_id IS NOT NULL AND (r.nps IS NOT NULL OR r.csat IS NOT NULL);

    DELETE FROM agg_branch_month;
    INSERT INTO agg_branch_month
    WITH sales AS (
      SELECT p.branch_key, d.year_month, count(*) AS transactions, count(p.customer_id) AS identified,
             count(DISTINCT p.customer_id) AS customers, sum(p.amount_cents) AS revenue
      FROM fact_purchase p JOIN kpi_day d ON d.date_key = p.date_key
      WHERE p.branch_key IS NOT NULL GROUP BY p.branch_key, d.year_month
    ),
    feedback AS (
      SELECT r.branch_key, d.year_month, sum(r.nps_counted) AS nps_n,
             sum(r.nps_counted AND r.nps >= 9) AS promoters, sum(r.nps_counted AND r.nps <= 6) AS detractors,
             count(r.csat) AS csat_n, avg(r.csat) AS csat_average, sum(r.csat >= 4) AS satisfied
      FROM kpi_response_branch r JOIN kpi_day d ON d.date_key = r.date_key
      WHERE r.branch_key IS NOT NULL GROUP BY r.branch_key, d.year_month
    ),
    cells AS (SELECT branch_key, year_month FROM sales UNION SELECT branch_key, year_month FROM feedback)
    SELECT c.branch_key, c.year_month, coalesce(s.transactions, 0), coalesce(s.identified, 0),
           coalesce(s.customers, 0), coalesce(s.revenue, 0),
           coalesce(f.nps_n, 0), coalesce(f.promoters, 0), coalesce(f.detractors, 0),
           CASE WHEN f.nps_n > 0 THEN round(100.0 * (f.promoters - f.detractors) / f.nps_n, 2) END,
           coalesce(f.csat_n, 0), round(f.csat_average, 2),
           CASE WHEN f.csat_n > 0 THEN round(100.0 * f.satisfied / f.csat_n, 2) END
    FROM cells c
    LEFT JOIN sales s ON s.branch_key = c.branch_key AND s.year_month = c.year_month
    LEFT JOIN feedback f ON f.branch_key = c.branch_key AND f.year_month = c.year_month
    ORDER BY c.branch_key, c.year_month;
    """

    /// One row per current customer: lifetime figures, RFM, value, contact, satisfaction, churn.
    /// Built from per-customer pieces (each one GROUP BY over a fact) joined on `customer_id`.
    static let customer360 = """
    -- Purchases per customer with their RFM scores. Quintile scores without splitting ties:
    -- 1 + floor(5 x (customers with a strictly worse value) / customers).
    DROP TABLE IF EXISTS temp.c360_purchase;
    CREATE TEMP TABLE c360_purchase(customer_id TEXT PRIMARY KEY, n INTEGER, revenue INTEGER, first_at TEXT, last_at TEXT,
      n365 INTEGER, revenue365 INTEGER, rfm_n INTEGER, rfm_revenue INTEGER, recency_days INTEGER, r INTEGER, f INTEGER, m INTEGER) WITHOUT ROWID;
    INSERT INTO c360_purchase
    SELECT customer_id, n, revenue, first_at, last_at, n365, revenue365, rfm_n, rfm_revenue, recency_days,
           1 + (rank() OVER (ORDER BY recency_days DESC) - 1) * 5 / count(*) OVER (),
           1 + (rank() OVER (ORDER BY rfm_n) - 1) * 5 / count(*) OVER (),
           1 + (rank() OVER (ORDER BY rfm_revenue) - 1) * 5 / count(*) OVER ()
    FROM (
      SELECT p.customer_id, count(*) AS n, sum(p.amount_cents) AS revenue, min(p.occurred_at) AS first_at,
             max(p.occurred_at) AS last_at, s.as_of - max(d.day) AS recency_days,
             sum(d.day > s.as_of - 365) AS n365, sum(CASE WHEN d.day > s.as_of - 365 THEN p.amount_cents ELSE 0 END) AS revenue365,
             sum(d.day > s.as_of - s.rfm_w) AS rfm_n, sum(CASE WHEN d.day > s.as_of - s.rfm_w THEN p.amount_cents ELSE 0 END) AS rfm_revenue
      FROM fact_purchase p JOIN kpi_day d ON d.date_key = p.date_key, kpi_setting s
      WHERE p.customer_id IS NOT NULL GROUP BY p.customer_id)
    ORDER BY customer_id;

    -- The segment of every (r, f, m) cell, once: the first segment by priority whose ranges hold it.
    DROP TABLE IF EXISTS temp.c360_segment;
    CREATE TEMP TABLE c360_segment(r INTEGER, f INTEGER, m INTEGER, segment TEXT, PRIMARY KEY (r, f, m)) WITHOUT ROWID;
    WITH score(v) AS (VALUES (1), (2), (3), (4), (5))
    INSERT INTO c360_segment
    SELECT r.v, f.v, m.v, (SELECT g.segment FROM dim_rfm_segment g
                           WHERE r.v BETWEEN g.r_min AND g.r_max AND f.v BETWEEN g.f_min AND g.f_max AND m.v BETWEEN g.m_min AND g.m_max
                           ORDER BY g.priority LIMIT 1)
    FROM score r, score f, score m ORDER BY 1, 2, 3;

    DROP TABLE IF EXISTS temp.c360_ticket;
    CREATE TEMP TABLE c360_ticket(customer_id TEXT PRIMARY KEY, n INTEGER, open INTEGER) WITHOUT ROWID;
    INSERT INTO c360_ticket
    SELECT customer_id, count(*), sum(closed_at IS NULL) FROM fact_support_ticket
    WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY customer_id;

    DROP TABLE IF EXISTS temp.c360_feedback;
    CREATE TEMP TABLE c360_feedback(customer_id TEXT PRIMARY KEY, responses INTEGER, latest_nps INTEGER, csat_sum REAL, csat_n INTEGER) WITHOUT ROWID;
    INSERT INTO c360_feedback
    SELECT customer_id, sum(response), max(CASE WHEN latest = 1 THEN nps END), sum(csat), count(csat) FROM (
      SELECT customer_id, 1 AS response, nps, csat_score AS csat,
             CASE WHEN nps IS NULL THEN 0 ELSE row_number() OVER (PARTITION BY customer_id, nps IS NULL
                  ORDER BY answered_at DESC, response_key DESC) END AS latest
      FROM fact_survey_response WHERE customer_id IS NOT NULL
      UNION ALL
      SELECT customer_id, 0, NULL, csat, 0 FROM fact_support_ticket WHERE customer_id IS NOT NULL AND csat IS NOT NULL)
    GROUP BY customer_id ORDER BY customer_id;

    DROP TABLE IF EXISTS temp.c360_email;
    CREATE TEMP TABLE c360_email(customer_id TEXT PRIMARY KEY, sent INTEGER, opened INTEGER, clicked INTEGER, unsubscribed INTEGER) WITHOUT ROWID;
    INSERT INTO c360_email
    SELECT customer_id, sum(event_type = 'sent'), sum(event_type = 'opened'), sum(event_type = 'clicked'),
           max(event_type = 'unsubscribed')
    FROM fact_email_event WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY customer_id;

    -- Per customer and channel first (one sort of all activities), then pick from those few rows.
    DROP TABLE IF EXISTS temp.c360_channel;
    CREATE TEMP TABLE c360_channel AS
    SELECT customer_id, channel, count(*) AS n, max(at) AS last_at FROM kpi_activity GROUP BY customer_id, channel;
    DROP TABLE IF EXISTS temp.c360_contact;
    CREATE TEMP TABLE c360_contact(customer_id TEXT PRIMARY KEY, last_at TEXT, last_channel TEXT, preferred TEXT) WITHOUT ROWID;
    INSERT INTO c360_contact
    SELECT customer_id, max(CASE WHEN latest = 1 THEN last_at END), max(CASE WHEN latest = 1 THEN channel END),
           max(CASE WHEN favourite = 1 THEN channel END)
    FROM (SELECT customer_id, channel, last_at,
                 row_number() OVER (PARTITION BY customer_id ORDER BY last_at DESC, channel) AS latest,
                 row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, last_at DESC, channel) AS favourite
          FROM c360_channel)
    GROUP BY customer_id ORDER BY customer_id;

    DROP TABLE IF EXISTS temp.c360_activity;
    CREATE TEMP TABLE c360_activity(customer_id TEXT PRIMARY KEY, last_day INTEGER, previous_window INTEGER, current_window INTEGER) WITHOUT ROWID;
    INSERT INTO c360_activity
    SELECT a.customer_id, max(a.day), max(a.day > s.as_of - 2 * s.w AND a.day <= s.as_of - s.w), max(a.day > s.as_of - s.w)
    FROM kpi_activity_day a, kpi_setting s GROUP BY a.customer_id ORDER BY a.customer_id;

    DROP TABLE IF EXISTS temp.c360_source;
    CREATE TEMP TABLE c360_source(customer_id TEXT PRIMARY KEY, records INTEGER, systems INTEGER) WITHOUT ROWID;
    INSERT INTO c360_source
    SELECT customer_id, count(*), count(DISTINCT source_system) FROM bridge_customer_source GROUP BY customer_id ORDER BY customer_id;

    DELETE FROM customer_360;
    INSERT INTO customer_360
    SELECT c.customer_id, c.marketing_consent, coalesce(src.records, 0), coalesce(src.systems, 0),
           coalesce(p.n, 0), coalesce(p.revenue, 0),
           CASE WHEN p.n > 0 THEN oneface_round_div(p.revenue, p.n) END,
           p.first_at, p.last_at, coalesce(p.n365, 0), coalesce(p.revenue365, 0),
           p.recency_days, p.rfm_n, p.rfm_revenue, p.r, p.f, p.m, coalesce(g.segment, 'no_purchases'),
           coalesce(p.revenue, 0),
           CASE WHEN p.n > 0 THEN oneface_round_div(p.revenue * p.n365, p.n) ELSE 0 END,
           coalesce(t.n, 0), coalesce(t.open, 0),
           coalesce(fb.responses, 0), fb.latest_nps,
           CASE WHEN fb.latest_nps IS NULL THEN NULL WHEN fb.latest_nps >= 9 THEN 'promoter'
                WHEN fb.latest_nps >= 7 THEN 'passive' ELSE 'detractor' END,
           CASE WHEN fb.csat_n > 0 THEN round(1.0 * fb.csat_sum / fb.csat_n, 2) END,
           coalesce(e.sent, 0), coalesce(e.opened, 0), coalesce(e.clicked, 0), coalesce(e.unsubscribed, 0),
           ct.last_at, ct.last_channel, ct.preferred,
           CASE WHEN a.last_day IS NOT NULL THEN date(a.last_day + 0.5) END, s.as_of - a.last_day,
           coalesce(a.previous_window AND NOT a.current_window, 0),
           coalesce(a.last_day > s.as_of - 2 * s.w
                    AND (s.as_of - a.last_day >= s.w / 2 OR fb.latest_nps <= 6), 0)
    FROM dim_customer c CROSS JOIN kpi_setting s
    LEFT JOIN c360_source src ON src.customer_id = c.customer_id
    LEFT JOIN c360_purchase p ON p.customer_id = c.customer_id
    LEFT JOIN c360_segment g ON g.r = p.r AND g.f = p.f AND g.m = p.m
    LEFT JOIN c360_ticket t ON t.customer_id = c.customer_id
    LEFT JOIN c360_feedback fb ON fb.customer_id = c.customer_id
    LEFT JOIN c360_email e ON e.customer_id = c.customer_id
    LEFT JOIN c360_contact ct ON ct.customer_id = c.customer_id
    LEFT JOIN c360_activity a ON a.customer_id = c.customer_id
    WHERE c.is_current = 1
    ORDER BY c.customer_id;
    """

    /// Segment sizes, so "how big is each segment" does not scan every customer.
    static let rfmSegments = """
    DELETE FROM agg_rfm_segment;
    INSERT INTO agg_rfm_segment
    SELECT g.segment, coalesce(x.customers, 0),
           round(100.0 * coalesce(x.customers, 0) / nullif((SELECT count(*) FROM customer_360), 0), 2),
           coalesce(x.revenue, 0), coalesce(x.predicted, 0), coalesce(x.emailable, 0)
    FROM dim_rfm_segment g LEFT JOIN (
      SELECT x.rfm_segment, count(*) AS customers, sum(x.lifetime_revenue_cents) AS revenue,
             sum(x.predicted_annual_value_cents) AS predicted,
             sum(x.marketing_consent = 1 AND x.email_unsubscribed = 0 AND c.email IS NOT NULL) AS emailable
      FROM customer_360 x JOIN dim_customer c ON c.customer_id = x.customer_id AND c.is_current = 1
      GROUP BY x.rfm_segment) x ON x.rfm_segment = g.segment
    ORDER BY g.segment;
    """
}
