import Foundation
import Staging

/// The load, as literal SQL over the attached staging database (`stg`) and the `cur_*` views.
///
/// Order matters: dimensions first, then facts (which look up dimension keys), then the date
/// dimension over the dates the facts use, then aggregates.
enum LoadSQL {
    static let countedTables = [
        "dim_customer", "dim_date", "dim_source_system", "dim_channel", "dim_branch", "dim_campaign",
        "bridge_customer_source", "fact_email_event", "fact_support_ticket", "fact_purchase",
        "fact_purchase_line", "fact_survey_response", "agg_customer_month", "etl_file", "etl_reject",
        "etl_nulled",
    ]

    /// A step's name for the timings: the tables it fills (not its `temp.` helpers).
    static func name(of step: String) -> String {
        let tables = step.components(separatedBy: "INSERT INTO ").dropFirst()
            .compactMap { $0.split(whereSeparator: { $0 == "(" || $0 == " " || $0 == "\n" }).first }
            .filter { !$0.hasPrefix("temp.") }
        if !tables.isEmpty { return tables.joined(separator: ", ") }
        let temporary = step.components(separatedBy: "CREATE TEMP TABLE ").dropFirst().compactMap { $0.split(separator: " ").first }
        if !temporary.isEmpty { return "lookups " + temporary.joined(separator: ", ") }
        return step.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "step"
    }

    /// The SCD2 key of the customer (`c.customer_id`) as of a fact's time: the version valid then,
    /// or the customer's first version for a fact older than every record of the customer. The one
    /// definition, used by every fact table.
    static func customerKey(at time: String) -> String {
        "(SELECT coalesce((SELECT d.customer_key FROM dim_customer d WHERE d.customer_id = c.customer_id AND d.valid_from <= \(time) "
            + "ORDER BY d.valid_from DESC LIMIT 1), (SELECT min(d.customer_key) FROM dim_customer d WHERE d.customer_id = c.customer_id)))"
    }

    /// A fact's key from its natural key (source, record id) by `oneface_key`'s 62-bit hash: the
    /// same whatever else is loaded, so a load that updates the warehouse gives the keys a full
    /// build gives. `probing` is for a full build in which two records' keys collided
    /// (`WarehouseBuilder`): records sharing a hash take it and the numbers after it, in the order
    /// of their record ids.
    static func factKey(_ alias: String, _ probing: Bool) -> String {
        let hash = "oneface_key(\(alias).source_name, \(alias).record_id)"
        return probing ? "\(hash) + row_number() OVER (PARTITION BY \(hash) ORDER BY \(alias).source_name, \(alias).record_id) - 1" : hash
    }

    /// Each fact table's step with colliding keys probed (`factKey`), by table name.
    static let probing: [String: String] = [
        "fact_email_event": emailEvents(.all, probing: true), "fact_support_ticket": tickets(.all, probing: true),
        "fact_purchase": purchases(.all, probing: true), "fact_survey_response": surveyResponses(.all, probing: true),
    ]

    /// Bits of `customer_key` that number a customer's versions (below its sequence number).
    static let customerVersionBits = 16

    /// The full build's steps, in order.
    static let steps: [String] = [
        sourceSystems,
        customers(.all),
        bridge(.all),
        identityCopies,
        lookups,
        branches,
        campaigns,
        channels,
        AnalyticsSQL.dimensions,
        emailEvents(.all),
        tickets(.all),
        purchases(.all),
        purchaseLines(.all),
        surveyResponses(.all),
        dates,
        customerMonths(.all),
        ledger
    ]

    /// Which rows a step writes: all of them (a full build), or only those an incremental load redoes
    /// (`WarehouseUpdate`): the records in `temp.load_redo`, the customers in `temp.load_customer`,
    /// the person records in `temp.load_person`, the customer-months of `temp.load_agg_customer`.
    enum Scope {
        case all, redo

        /// `AND` the record (`alias.source_name`, `alias.record_id`) is one to redo.
        func records(_ alias: String, id: String = "record_id") -> String {
            self == .all ? "" : "AND (\(alias).source_name, \(alias).\(id)) IN (SELECT source_name, record_id FROM temp.load_redo)"
        }

        /// `AND` the customer (`column`) is one to redo.
        func customers(_ column: String, in table: String = "temp.load_customer") -> String {
            self == .all ? "" : "AND \(column) IN (SELECT customer_id FROM \(table))"
        }
    }

    static let sourceSystems = """
        INSERT INTO dim_source_system(source_system_key, source_system, description) VALUES
          (1, 'email', 'E-mail marketing'), (2, 'support', 'Support tickets'),
          (3, 'branch', 'Branch point of sale'), (4, 'survey', 'Market-research surveys');
        """

    static func customers(_ scope: Scope) -> String {
        """
        -- Customer versions (SCD type 2) as the transform derived them, in key order. A version's key
        -- is its customer's sequence number (id_customer.seq, minted once) times 65536 plus its place
        -- among the customer's versions: the same from night to night while the customer's history
        -- before it stays, whatever happens to other customers.
        INSERT INTO dim_customer(customer_key, customer_id, salutation, title, first_name, last_name, full_name, email, phone, street,
          house_number, postcode, city, country, birth_date, customer_number, loyalty_card, marketing_consent, first_seen,
          last_seen, source_record_count, valid_from, valid_to, is_current, gender, sms_consent, phone_consent, post_consent,
          consent_date)
        SELECT (k.seq << \(customerVersionBits))
            + (SELECT count(*) FROM stg.id_customer_version o WHERE o.customer_id = v.customer_id AND o.valid_from < v.valid_from),
          v.customer_id, salutation, title, first_name, last_name,
          CASE WHEN first_name IS NULL THEN last_name WHEN last_name IS NULL THEN first_name ELSE first_name || ' ' || last_name END,
          email, phone, street, house_number, postcode, city, country, birth_date, customer_number, loyalty_card, consent,
          first_seen, last_seen, record_count, valid_from, valid_to, valid_to = '\(IdentityTables.openEnd)', gender,
          consent_sms, consent_phone, consent_post, consent_date
        -- Customers by sequence number, each one's versions by time: rows come in key order, unsorted.
        FROM stg.id_customer k CROSS JOIN stg.id_customer_version v ON v.customer_id = k.customer_id
        WHERE 1 \(scope.customers("k.customer_id")) ORDER BY k.seq, v.valid_from;
        CREATE UNIQUE INDEX IF NOT EXISTS dim_customer_id ON dim_customer(customer_id, valid_from);
        """
    }

    static func bridge(_ scope: Scope) -> String {
        """
        INSERT INTO bridge_customer_source(customer_id, source_system, source_name, source_record_id, match_rule)
        SELECT customer_id, source_system, source, source_record_id, match_rule FROM stg.id_record
        WHERE 1 \(scope == .all ? "" : "AND (source, source_record_id) IN (SELECT source, source_record_id FROM temp.load_person)")
        ORDER BY source, source_record_id;
        """
    }

    static let identityCopies = """
        INSERT INTO match_pair(pair_id, source_system_a, source_name_a, source_record_id_a, source_system_b, source_name_b,
          source_record_id_b, customer_id_a, customer_id_b, blocking_rule, match_weight, match_probability, accepted, decision, first_name_level, first_name_weight,
          last_name_level, last_name_weight, birth_date_level, birth_date_weight, email_level, email_weight, phone_level,
          phone_weight, street_level, street_weight, postcode_level, postcode_weight, city_level, city_weight)
        SELECT pair_id, source_system_a, source_a, source_record_id_a, source_system_b, source_b, source_record_id_b,
          customer_id_a, customer_id_b, blocking_rule, match_weight, match_probability, accepted, decision, first_name_level, first_name_weight,
          last_name_level, last_name_weight, birth_date_level, birth_date_weight, email_level, email_weight, phone_level,
          phone_weight, street_level, street_weight, postcode_level, postcode_weight, city_level, city_weight
        FROM stg.match_pair ORDER BY pair_id;
        INSERT INTO review_decision(decision_id, source_system_a, source_name_a, source_record_id_a, source_system_b,
          source_name_b, source_record_id_b, decision, decided_by, decided_at, note, file_line, status, customer_id_a, customer_id_b)
        SELECT decision_id, source_system_a, source_a, source_record_id_a, source_system_b, source_b, source_record_id_b,
          decision, decided_by, decided_at, note, file_line, status, customer_id_a, customer_id_b
        FROM stg.id_review_decision ORDER BY decision_id;
        INSERT INTO customer_id_history(history_id, run_id, old_id, new_id, event, reason)
        SELECT history_id, run_id, old_id, new_id, event, reason FROM stg.customer_id_history ORDER BY history_id;
        """

    static let lookups = """
        -- A record is its source and id: a ticket, purchase or answer is its own person record.
        CREATE TEMP TABLE customer_of_record AS
        SELECT r.source, r.source_record_id, r.customer_id FROM stg.id_record r;
        CREATE UNIQUE INDEX temp.customer_of_record_key ON customer_of_record(source, source_record_id);
        -- A contact id names a record of the person sources the fact source looks in (contact_source:
        -- its contacts_from, else the person sources of its system); an id two of them have names the
        -- customer both records belong to, or no one.
        CREATE TEMP TABLE customer_of_contact AS
        SELECT s.fact_source, r.source_record_id AS contact_id, min(r.customer_id) AS customer_id
        FROM contact_source s JOIN stg.id_record r ON r.source = s.person_source
        GROUP BY 1, 2 HAVING count(DISTINCT r.customer_id) = 1;
        CREATE UNIQUE INDEX temp.customer_of_contact_key ON customer_of_contact(fact_source, contact_id);
        -- E-mail events that name their contact by address: the one customer with that address in
        -- the event's system, else the one customer with it anywhere (a shared address names nobody).
        -- Every address of a record counts, its further ones (`from_all`: more_emails) too: an
        -- event sent to a person's second address is theirs. Built only when such events exist.
        CREATE TEMP TABLE customer_of_email AS
        WITH address(scope, email, customer_id) AS (
          SELECT source_system, lower(trim(email)), customer_id FROM stg.id_record
          WHERE email IS NOT NULL AND EXISTS (SELECT 1 FROM cur_email_event WHERE contact_id IS NULL AND contact_email IS NOT NULL)
          UNION ALL
          SELECT r.source_system, lower(trim(j.value)), r.customer_id FROM stg.id_record r, json_each(r.more_emails) j
          WHERE r.more_emails IS NOT NULL AND EXISTS (SELECT 1 FROM cur_email_event WHERE contact_id IS NULL AND contact_email IS NOT NULL)
        )
        SELECT scope, email, min(customer_id) AS customer_id FROM address
        GROUP BY 1, 2 HAVING count(DISTINCT customer_id) = 1
        UNION ALL
        SELECT '*', email, min(customer_id) FROM address
        GROUP BY 2 HAVING count(DISTINCT customer_id) = 1;
        CREATE UNIQUE INDEX temp.customer_of_email_key ON customer_of_email(scope, email);
        """

    static let branches = """
        INSERT INTO dim_branch(branch_id, name, street, postcode, city, region)
        SELECT record_id, name, street, postcode, city, region FROM cur_branch
        UNION
        SELECT DISTINCT branch_id, NULL, NULL, NULL, NULL, NULL FROM cur_purchase
        WHERE branch_id IS NOT NULL AND branch_id NOT IN (SELECT record_id FROM cur_branch)
        ORDER BY 1;
        """

    static let campaigns = """
        INSERT INTO dim_campaign(campaign_id, name)
        SELECT campaign_id, max(campaign_name) FROM cur_email_event WHERE campaign_id IS NOT NULL
        GROUP BY campaign_id ORDER BY campaign_id;
        """

    static let channels = """
        INSERT INTO dim_channel(channel)
        SELECT channel FROM (SELECT lower(channel) AS channel FROM cur_ticket WHERE channel IS NOT NULL
                             UNION SELECT 'email' UNION SELECT 'branch' UNION SELECT 'survey')
        ORDER BY channel;
        """

    static func emailEvents(_ scope: Scope, probing: Bool = false) -> String {
        """
        WITH event AS (
          SELECT e.source_name, e.record_id, e.contact_id, e.campaign_id, e.occurred_at, e.event_type,
                 coalesce(r.customer_id, s.customer_id, g.customer_id) AS customer_id
          FROM cur_email_event e
          LEFT JOIN customer_of_contact r ON r.fact_source = e.source_name AND r.contact_id = e.contact_id
          LEFT JOIN customer_of_email s ON e.contact_id IS NULL AND s.scope = e.source_system AND s.email = lower(trim(e.contact_email))
          LEFT JOIN customer_of_email g ON e.contact_id IS NULL AND g.scope = '*' AND g.email = lower(trim(e.contact_email))
          WHERE 1 \(scope.records("e"))
        )
        INSERT INTO fact_email_event(email_event_key, source_name, source_record_id, contact_record_id, customer_key, customer_id,
          campaign_key, date_key, occurred_at, event_type)
        SELECT \(factKey("c", probing)), c.source_name, c.record_id, c.contact_id, \(customerKey(at: "c.occurred_at")), c.customer_id, k.campaign_key,
               oneface_date_key(c.occurred_at), c.occurred_at, c.event_type
        FROM event c
        LEFT JOIN dim_campaign k ON k.campaign_id = c.campaign_id
        ORDER BY 1;
        """
    }

    static func tickets(_ scope: Scope, probing: Bool = false) -> String {
        """
        INSERT INTO fact_support_ticket(ticket_key, source_name, source_record_id, customer_key, customer_id, channel_key,
          opened_date_key, closed_date_key, opened_at, first_response_at, closed_at, status, category, priority,
          first_response_hours, resolution_hours, csat, reopen_count, category_key)
        SELECT \(factKey("t", probing)), t.source_name, t.record_id, \(customerKey(at: "t.opened_at")), c.customer_id, ch.channel_key,
               oneface_date_key(t.opened_at), oneface_date_key(t.closed_at), t.opened_at, t.first_response_at, t.closed_at,
               t.status, t.category, t.priority,
               round((julianday(t.first_response_at) - julianday(t.opened_at)) * 24, 2),
               round((julianday(t.closed_at) - julianday(t.opened_at)) * 24, 2),
               t.csat, coalesce(t.reopen_count, 0), tc.category_key
        FROM cur_ticket t
        LEFT JOIN customer_of_record c ON c.source = t.source_name AND c.source_record_id = t.record_id
        LEFT JOIN dim_channel ch ON ch.channel = lower(t.channel)
        LEFT JOIN dim_ticket_category tc ON tc.category = trim(t.category)
        WHERE 1 \(scope.records("t"))
        ORDER BY 1;
        """
    }

    static func purchases(_ scope: Scope, probing: Bool = false) -> String {
        """
        INSERT INTO fact_purchase(purchase_key, source_name, source_record_id, customer_key, customer_id, branch_key, date_key,
          occurred_at, amount_cents, currency, line_count)
        SELECT \(factKey("p", probing)), p.source_name, p.record_id, \(customerKey(at: "p.occurred_at")), c.customer_id, b.branch_key, oneface_date_key(p.occurred_at),
               p.occurred_at, p.amount, coalesce(p.currency, 'EUR'),
               CASE WHEN p.items IS NULL THEN NULL ELSE json_array_length(p.items) END
        FROM cur_purchase p
        LEFT JOIN customer_of_record c ON c.source = p.source_name AND c.source_record_id = p.record_id
        LEFT JOIN dim_branch b ON b.branch_id = p.branch_id
        WHERE 1 \(scope.records("p"))
        ORDER BY 1;
        """
    }

    /// The line items of the purchases. A purchase's key is the hash of its record (`factKey`),
    /// looked up by key; after a build that had to probe `fact_purchase`'s keys, `probed`, by record.
    static func purchaseLines(_ scope: Scope, probed: Bool = false) -> String {
        let purchase = probed ? "f.source_name = l.source_name AND f.source_record_id = l.record_id"
            : "f.purchase_key = oneface_key(l.source_name, l.record_id) AND f.source_name = l.source_name AND f.source_record_id = l.record_id"
        return """
        INSERT INTO fact_purchase_line(purchase_key, line_number, sku, product_name, quantity, unit_price_cents,
          product_key, line_amount_cents, line_amount_cents_exact)
        SELECT l.purchase_key, l.line_number, l.sku, l.product_name, l.quantity, l.unit_price_cents, pr.product_key,
               CASE WHEN l.exact NOT LIKE '%.%' THEN CAST(l.exact AS INTEGER) END, l.exact
        FROM (
          SELECT f.purchase_key, l.line_index + 1 AS line_number, l.sku, l.name AS product_name, l.quantity,
                 l.unit_price AS unit_price_cents, oneface_exact_product(l.quantity, l.unit_price) AS exact
          FROM cur_purchase_line l
          JOIN fact_purchase f ON \(purchase)
          WHERE 1 \(scope.records("l"))) l
        LEFT JOIN dim_product pr ON pr.sku = l.sku
        ORDER BY l.purchase_key, l.line_number;
        """
    }

    static func surveyResponses(_ scope: Scope, probing: Bool = false) -> String {
        """
        INSERT INTO fact_survey_response(response_key, source_name, source_record_id, customer_key, customer_id, survey_id, date_key,
          answered_at, nps, nps_category, ces, csat, comment, survey_key, ces_score, csat_score)
        SELECT \(factKey("s", probing)), s.source_name, s.record_id, \(customerKey(at: "s.answered_at")), c.customer_id, s.survey_id, oneface_date_key(s.answered_at),
               s.answered_at, s.nps,
               CASE WHEN s.nps IS NULL THEN NULL WHEN s.nps >= 9 THEN 'promoter' WHEN s.nps >= 7 THEN 'passive' ELSE 'detractor' END,
               s.ces, s.csat, s.comment, v.survey_key,
               -- Answers on the standard scales, linearly (a response without a survey: already standard).
               1 + 6.0 * ((CASE WHEN v.ces_easiest = v.ces_min THEN v.ces_min + v.ces_max - s.ces ELSE s.ces END)
                          - coalesce(v.ces_min, 1)) / (coalesce(v.ces_max, 7) - coalesce(v.ces_min, 1)),
               1 + 4.0 * (s.csat - coalesce(v.csat_min, 1)) / (coalesce(v.csat_max, 5) - coalesce(v.csat_min, 1))
        FROM cur_survey_response s
        LEFT JOIN customer_of_record c ON c.source = s.source_name AND c.source_record_id = s.record_id
        LEFT JOIN dim_survey v ON v.survey_id = s.survey_id
        WHERE 1 \(scope.records("s"))
        ORDER BY 1;
        """
    }

    static let dates = """
        INSERT INTO dim_date(date_key, date, year, quarter, month, year_month, day, iso_weekday, is_weekend)
        WITH RECURSIVE bounds(first_day, last_day) AS (
          SELECT min(d), max(d) FROM (
            SELECT date_key AS k, substr(date_key, 1, 4) || '-' || substr(date_key, 5, 2) || '-' || substr(date_key, 7, 2) AS d FROM (
              SELECT date_key FROM fact_email_event UNION SELECT opened_date_key FROM fact_support_ticket
              UNION SELECT closed_date_key FROM fact_support_ticket WHERE closed_date_key IS NOT NULL
              UNION SELECT date_key FROM fact_purchase UNION SELECT date_key FROM fact_survey_response))
        ),
        days(d) AS (
          SELECT first_day FROM bounds WHERE first_day IS NOT NULL
          UNION ALL SELECT date(d, '+1 day') FROM days, bounds WHERE d < last_day
        )
        SELECT CAST(replace(d, '-', '') AS INTEGER), d, CAST(strftime('%Y', d) AS INTEGER),
               (CAST(strftime('%m', d) AS INTEGER) + 2) / 3, CAST(strftime('%m', d) AS INTEGER), substr(d, 1, 7),
               CAST(strftime('%d', d) AS INTEGER),
               CASE CAST(strftime('%w', d) AS INTEGER) WHEN 0 THEN 7 ELSE CAST(strftime('%w', d) AS INTEGER) END,
               CASE WHEN strftime('%w', d) IN ('0', '6') THEN 1 ELSE 0 END
        FROM days;
        """

    static func customerMonths(_ scope: Scope) -> String {
        let agg = scope.customers("customer_id", in: "temp.load_agg_customer")
        return """
        -- The latest NPS answer of each customer-month, keyed: looked up once per output row.
        DROP TABLE IF EXISTS temp.agg_latest_nps;
        CREATE TEMP TABLE agg_latest_nps(customer_id TEXT, m INTEGER, nps INTEGER, PRIMARY KEY (customer_id, m)) WITHOUT ROWID;
        INSERT INTO temp.agg_latest_nps
        SELECT customer_id, m, nps FROM (
          SELECT customer_id, date_key / 100 AS m, nps,
                 row_number() OVER (PARTITION BY customer_id, date_key / 100 ORDER BY answered_at DESC, response_key DESC) AS n
          FROM fact_survey_response WHERE customer_id IS NOT NULL AND nps IS NOT NULL \(agg))
        WHERE n = 1 ORDER BY 1, 2;
        INSERT INTO agg_customer_month(customer_id, year_month, emails_sent, emails_opened, emails_clicked,
          tickets_opened, tickets_closed, purchases, revenue_cents, latest_nps, avg_csat)
        -- Per fact table and customer-month first (integer months, date_key / 100), then across tables.
        WITH events AS (
          SELECT customer_id, date_key / 100 AS m, count(*) FILTER (WHERE event_type = 'sent') AS sent, count(*) FILTER (WHERE event_type = 'opened') AS opened,
                 count(*) FILTER (WHERE event_type = 'clicked') AS clicked, 0 AS t_open, 0 AS t_closed, 0 AS purchases, 0 AS revenue, NULL AS csat_sum, 0 AS csat_n
          FROM fact_email_event WHERE customer_id IS NOT NULL \(agg) GROUP BY 1, 2
          UNION ALL
          SELECT customer_id, opened_date_key / 100, 0, 0, 0, count(*), 0, 0, 0, sum(csat), count(csat)
          FROM fact_support_ticket WHERE customer_id IS NOT NULL \(agg) GROUP BY 1, 2
          UNION ALL
          SELECT customer_id, closed_date_key / 100, 0, 0, 0, 0, count(*), 0, 0, NULL, 0
          FROM fact_support_ticket WHERE customer_id IS NOT NULL AND closed_date_key IS NOT NULL \(agg) GROUP BY 1, 2
          UNION ALL
          SELECT customer_id, date_key / 100, 0, 0, 0, 0, 0, count(*), sum(amount_cents), NULL, 0
          FROM fact_purchase WHERE customer_id IS NOT NULL \(agg) GROUP BY 1, 2
          UNION ALL
          SELECT customer_id, date_key / 100, 0, 0, 0, 0, 0, 0, 0, sum(csat_score), count(csat_score)
          FROM fact_survey_response WHERE customer_id IS NOT NULL \(agg) GROUP BY 1, 2
        )
        -- Grouped in key order, so the rows go into the table in its order without another sort.
        SELECT g.customer_id, substr(g.m, 1, 4) || '-' || substr(g.m, 5, 2), g.sent, g.opened, g.clicked, g.t_open, g.t_closed,
               g.purchases, g.revenue, l.nps, g.csat
        FROM (SELECT e.customer_id, e.m, sum(e.sent) AS sent, sum(e.opened) AS opened, sum(e.clicked) AS clicked,
                     sum(e.t_open) AS t_open, sum(e.t_closed) AS t_closed, sum(e.purchases) AS purchases, sum(e.revenue) AS revenue,
                     round(1.0 * sum(e.csat_sum) / sum(e.csat_n), 4) AS csat
              FROM events e GROUP BY e.customer_id, e.m) g
        LEFT JOIN agg_latest_nps l ON l.customer_id = g.customer_id AND l.m = g.m;
        """
    }

    static let ledger = """
        INSERT INTO etl_file(file_id, source, source_system, path, size, sha256, rows_read, rows_staged, rows_rejected,
          status, message, run_id, rows_nulled, rows_ignored)
        SELECT file_id, source, source_system, path, size, sha256, rows_read, rows_staged,
          rows_rejected, status, message, run_id, rows_nulled, rows_ignored FROM stg.etl_file ORDER BY file_id;
        INSERT INTO etl_reject SELECT reject_id, run_id, file_id, source, file, line, reason, raw_text FROM stg.etl_reject ORDER BY reject_id;
        INSERT INTO etl_nulled(file_id, line, source, field, reason, raw_value)
        SELECT file_id, line, source, field, reason, raw_value FROM stg.etl_nulled ORDER BY file_id, line, field, rowid;
        INSERT INTO etl_run SELECT run_id, command, started_at, finished_at, status, exit_code, rows_read, rows_staged,
          rows_rejected, message FROM stg.etl_run ORDER BY run_id;
        INSERT INTO etl_stage SELECT run_id, stage, started_at, seconds, rows_in, rows_out, rows_rejected, status, message
          FROM stg.etl_stage ORDER BY run_id, stage;
        """
}
