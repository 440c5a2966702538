import Foundation
import Testing
import TestSupport

/// Every KPI of the data dictionary against numbers computed by hand on `KPIFixture`, loaded by
/// the real `oneface` and read through the real `sqlite3` shell.
///
/// Activity days of each person (day 1 = 2026-01-01; purchases, tickets opened, survey answers,
/// e-mail opens and clicks):
///   A: 6 (open+click K1), 10 (P1), 12 (R1), 46 (P2), 60 (T4), 79 (P3), 84 (R2)
///   B: 7 (click K1), 20 (P4), 25 (P5), 28 (R3), 32 (T1)
///   C: 64 (P6), 65 (R4), 69 (T2), 88 (T5)
///   D: -361 (P9, 2025-01-04), 5 (P8), 41 (R6)
///   E: 62 (open K2), 66 (R5), 87 (T3), 90 (open K2)
@Suite("KPIs on a hand-computed fixture", .serialized)
struct KPIFixtureTests {
    @Test("kpi_month: NPS, CSAT, CES, churn, repeat purchase, e-mail rates, median resolution")
    func kpiMonth() throws {
        let f = try KPIFixture()
        #expect(try f.sql("SELECT value FROM dw_meta WHERE key = 'as_of_date'") == "2026-03-31")
        #expect(try f.sql("SELECT value FROM dw_meta WHERE key = 'kpi_churn_window_days'") == "30")
        // Months from the first date in the data (P9, 2025-01-04) to as_of: 2025-01 … 2026-03.
        #expect(try f.sql("SELECT count(*), min(year_month), max(year_month) FROM kpi_month") == "15|2025-01|2026-03")

        let columns = "year_month, window_end_date, transactions, revenue_cents, active_customers"
        // Jan: P1 1000 + P4 5000 + P5 1000 + P8 1500 = 8500 in 4 transactions; active A, B, D.
        // Feb: P2 2000; active A (46), B (32), D (41). Mar: P3 2000 + P6 4000 + P7 500 (anonymous); active A, C, E.
        #expect(try f.sql("SELECT \(columns) FROM kpi_month WHERE year_month >= '2026-01' ORDER BY 1") == """
            2026-01|2026-01-31|4|8500|3
            2026-02|2026-02-28|1|2000|3
            2026-03|2026-03-31|3|6500|3
            """)

        // NPS, one answer per respondent and survey (the latest): A answered SRV-1 twice, so R1 (Jan, 10)
        // is dropped and R2 (Mar, 6) counts.
        // Jan: R3 9 → 1 promoter of 1: NPS 100, recommendation rate 100.
        // Feb: R6 7 → 1 passive: NPS 0, recommendation rate 0.
        // Mar: R2 6, R4 3 (detractors), R5 8 (passive): NPS = 100 × (0 − 2) / 3 = −66.67; recommendation 0.
        #expect(try f.sql("""
            SELECT year_month, nps_responses, promoters, passives, detractors, nps, recommendation_rate_pct
            FROM kpi_month WHERE year_month >= '2026-01' ORDER BY 1
            """) == """
            2026-01|1|1|0|0|100.0|100.0
            2026-02|1|0|1|0|0.0|0.0
            2026-03|3|0|1|2|-66.67|0.0
            """)

        // CSAT: survey answers by month answered, ticket ratings by month opened.
        // Jan: R1 5, R3 3 → avg 4.0, satisfied 1/2 = 50 %. Feb: T1 4 → 4.0, 100 %.
        // Mar: R2 4, R4 2, R5 5, T4 5, T2 2 → 18/5 = 3.6, satisfied 3/5 = 60 %.
        // CES (7 = very easy): Jan R1 6, R3 7 → 6.5; Feb R6 4 → 4.0; Mar R2 5, R4 2 → 3.5 (R5 has none).
        #expect(try f.sql("""
            SELECT year_month, csat_responses, csat_avg, csat_satisfied_pct, ces_responses, ces_avg
            FROM kpi_month WHERE year_month >= '2026-01' ORDER BY 1
            """) == """
            2026-01|2|4.0|50.0|2|6.5
            2026-02|1|4.0|100.0|1|4.0
            2026-03|5|3.6|60.0|2|3.5
            """)

        // Churn, w = 30. Jan: end 31, previous window (-29, 1]: nobody → base 0, rate NULL.
        // Feb: end 59, previous (-1, 29]: A, B, D; current (29, 59]: A 46, B 32, D 41 → none lost, 0 %.
        // Mar: end 90, previous (30, 60]: A (46, 60), B (32), D (41); current (60, 90]: only A → B, D lost:
        //      2 / 3 = 66.67 %.
        // 2025-01: the previous window lies before the first date in the data → NULL though nobody churned.
        #expect(try f.sql("""
            SELECT year_month, churn_window_days, churn_base_customers, churned_customers, coalesce(churn_rate_pct, 'NULL')
            FROM kpi_month WHERE year_month IN ('2025-01', '2026-01', '2026-02', '2026-03') ORDER BY 1
            """) == """
            2025-01|30|0|0|NULL
            2026-01|30|0|0|NULL
            2026-02|30|3|0|0.0
            2026-03|30|3|2|66.67
            """)

        // Repeat purchase in the window (end − 30, end]: Jan (1..31]: A P1, B P4+P5, D P8 → 1 of 3 = 33.33 %.
        // Feb (29..59]: A P2 → 0 of 1. Mar (60..90]: A P3, C P6 (P7 anonymous) → 0 of 2.
        #expect(try f.sql("""
            SELECT year_month, buyers, repeat_buyers, repeat_purchase_rate_pct FROM kpi_month WHERE year_month >= '2026-01' ORDER BY 1
            """) == """
            2026-01|3|1|33.33
            2026-02|1|0|0.0
            2026-03|2|0|0.0
            """)

        // E-mail, by month sent, one message per contact and campaign.
        // Jan (K1): 4 sent, EM3 bounced → 3 delivered; EM1 opened+clicked, EM2 clicked (counts as an open):
        //   opened 2, clicked 2 → 66.67 % and 66.67 %. Feb: nothing sent → NULL rates.
        // Mar (K2): 2 sent and delivered, EM4 opened → 50 %, clicked 0 → 0 %.
        #expect(try f.sql("""
            SELECT year_month, emails_sent, emails_delivered, emails_opened, emails_clicked,
                   coalesce(email_open_rate_pct, 'NULL'), coalesce(email_click_rate_pct, 'NULL')
            FROM kpi_month WHERE year_month >= '2026-01' ORDER BY 1
            """) == """
            2026-01|4|3|2|2|66.67|66.67
            2026-02|0|0|0|0|NULL|NULL
            2026-03|2|2|1|0|50.0|0.0
            """)

        // Median resolution of tickets closed in the month: Feb T1 24 h; Mar T4 6 h and T2 48 h (the
        // re-delivered, closed version) → (6 + 48) / 2 = 27 h. Jan: none.
        #expect(try f.sql("""
            SELECT year_month, tickets_closed, coalesce(median_resolution_hours, 'NULL') FROM kpi_month WHERE year_month >= '2026-01' ORDER BY 1
            """) == """
            2026-01|0|NULL
            2026-02|1|24.0
            2026-03|2|27.0
            """)
    }

    @Test("agg_branch_month: sales per branch, NPS and CSAT of answers attributed to the last branch bought at")
    func branchMonth() throws {
        let f = try KPIFixture()
        // Sales: B1 Jan P1 (A 1000), P4 (B 5000), P5 (B 1000) → 3 transactions, 2 customers, 7000.
        //        B1 Feb P2 2000. B2 2025-01 P9 2500. B2 Jan P8 1500.
        //        B2 Mar P3 (A 2000), P6 (C 4000), P7 (anonymous 500) → 3 transactions, 2 identified, 2 customers, 6500.
        // Attribution to the last purchase at or before answering:
        //   R1 (A, Jan 12) → P1 B1, not counted for NPS (A's later SRV-1 answer R2 replaces it), CSAT 5.
        //   R3 (B, Jan 28) → P5 B1: promoter 9, CSAT 3.  So B1 Jan: NPS 1/1 promoters = 100; CSAT (5+3)/2 = 4.0, 50 %.
        //   R6 (D, Feb 10) → P8 B2: passive 7, no CSAT → B2 Feb exists only through feedback: NPS 0.
        //   R2 (A, Mar 25) → P3 B2: detractor 6, CSAT 4.  R4 (C, Mar 6) → P6 B2: detractor 3, CSAT 2.
        //   So B2 Mar: NPS 100 × (0 − 2) / 2 = −100; CSAT (4+2)/2 = 3.0, 50 %.
        //   R5 (E) has no purchase → no branch.
        #expect(try f.sql("""
            SELECT b.branch_id, a.year_month, a.transactions, a.identified_transactions, a.customers, a.revenue_cents,
                   a.nps_responses, a.promoters, a.detractors, coalesce(a.nps, 'NULL'),
                   a.csat_responses, coalesce(a.csat_avg, 'NULL'), coalesce(a.csat_satisfied_pct, 'NULL')
            FROM agg_branch_month a JOIN dim_branch b USING (branch_key) ORDER BY 1, 2
            """) == """
            B1|2026-01|3|3|2|7000|1|1|0|100.0|2|4.0|50.0
            B1|2026-02|1|1|1|2000|0|0|0|NULL|0|NULL|NULL
            B2|2025-01|1|1|1|2500|0|0|0|NULL|0|NULL|NULL
            B2|2026-01|1|1|1|1500|0|0|0|NULL|0|NULL|NULL
            B2|2026-02|0|0|0|0|1|0|0|0.0|0|NULL|NULL
            B2|2026-03|3|2|2|6500|2|0|2|-100.0|2|3.0|50.0
            """)
        // The view adds names and keeps the numbers.
        #expect(try f.sql("SELECT branch_name, nps FROM v_nps_branch_month WHERE branch_id = 'B1' AND year_month = '2026-01'") == "Filiale Nord|100.0")
    }

    @Test("customer_360: value, RFM scores and segments, contact, satisfaction, churn")
    func customer360() throws {
        let f = try KPIFixture()
        let (a, b, c, d, e) = (try f.customer("anna@example.de"), try f.customer("bernd@example.de"),
                               try f.customer("clara@example.de"), try f.customer("dieter@example.de"),
                               try f.customer("eva@example.de"))
        #expect(Set([a, b, c, d, e]).count == 5 && !a.isEmpty)
        #expect(try f.sql("SELECT count(*) FROM customer_360") == "5")
        func row(_ id: String, _ columns: String) throws -> String {
            try f.sql("SELECT \(columns) FROM customer_360 WHERE customer_id = '\(id)'")
        }

        // Value. A: 1000 + 2000 + 2000 = 5000 in 3 purchases, AOV 5000/3 = 1666.67 → 1667; all 3 in the
        //   last 365 days → predicted 5000 × 3 / 3 = 5000.
        // B: 6000 in 2 → AOV 3000, predicted 6000. C: 4000 in 1 → 4000, 4000.
        // D: P9 2500 (2025-01-04, more than 365 days before 2026-03-31) + P8 1500 → 4000 in 2, AOV 2000;
        //   1 purchase in the last 365 days → predicted 4000 × 1 / 2 = 2000 (historic stays 4000).
        // E: no purchase → 0, segment no_purchases.
        let value = "purchases, lifetime_revenue_cents, coalesce(average_order_value_cents, 'NULL'), purchases_last_365d, historic_value_cents, predicted_annual_value_cents"
        #expect(try row(a, value) == "3|5000|1667|3|5000|5000")
        #expect(try row(b, value) == "2|6000|3000|2|6000|6000")
        #expect(try row(c, value) == "1|4000|4000|1|4000|4000")
        #expect(try row(d, value) == "2|4000|2000|1|4000|2000")
        #expect(try row(e, value) == "0|0|NULL|0|0|0")

        // RFM over the 4 buyers (N = 4), window 60 days = days 31..90:
        //   recency (as_of − last purchase): A 90−79 = 11, B 90−25 = 65, C 90−64 = 26, D 90−5 = 85.
        //   r = 1 + floor(5 × #(larger recency) / 4): D 1 + 0 = 1, B 1 + 5/4 = 2, C 1 + 10/4 = 3, A 1 + 15/4 = 4.
        //   frequency in window: A 2 (P2, P3), B 0, C 1, D 0 → B, D: 1; C: 1 + 10/4 = 3; A: 1 + 15/4 = 4.
        //   monetary in window: A 4000, B 0, C 4000, D 0 → B, D: 1; A, C: 1 + 10/4 = 3.
        // Segments (first rule): A (4,4,3) loyal (champions needs M ≥ 4); B (2,1,1) hibernating;
        //   C (3,3,3) need_attention; D (1,1,1) lost.
        let rfm = "recency_days, rfm_frequency, rfm_monetary_cents, r_score, f_score, m_score, rfm_segment"
        #expect(try row(a, rfm) == "11|2|4000|4|4|3|loyal")
        #expect(try row(b, rfm) == "65|0|0|2|1|1|hibernating")
        #expect(try row(c, rfm) == "26|1|4000|3|3|3|need_attention")
        #expect(try row(d, rfm) == "85|0|0|1|1|1|lost")
        #expect(try row(e, "coalesce(r_score, 'NULL'), rfm_segment") == "NULL|no_purchases")

        // Contact: last activity and its channel; preferred = most activities (ties: most recent).
        //   A: branch ×3, email ×2 (open, click), survey ×2, web ×1 → branch; last R2 survey Mar 25.
        //   B: branch ×2 → branch; last T1 by phone Feb 1.
        //   C: branch, survey, chat, phone once each → the most recent, phone (T5 Mar 29), also the last.
        //   D: branch ×2 → branch; last R6 survey Feb 10.
        //   E: email ×3 (two opens, ticket T3 by e-mail), survey ×1 → email; last the open of Mar 31.
        let contact = "last_contact_at, last_contact_channel, preferred_channel, last_activity_date, days_since_last_activity"
        #expect(try row(a, contact) == "2026-03-25T10:00:00Z|survey|branch|2026-03-25|6")
        #expect(try row(b, contact) == "2026-02-01T08:00:00Z|phone|branch|2026-02-01|58")
        #expect(try row(c, contact) == "2026-03-29T10:00:00Z|phone|phone|2026-03-29|2")
        #expect(try row(d, contact) == "2026-02-10T10:00:00Z|survey|branch|2026-02-10|49")
        #expect(try row(e, contact) == "2026-03-31T12:00:00Z|email|email|2026-03-31|0")

        // Satisfaction. A: latest NPS R2 6 (detractor); CSAT R1 5, R2 4, T4 5 → 14/3 = 4.67.
        // B: 9 promoter; R3 3, T1 4 → 3.5. C: 3 detractor; R4 2, T2 2 → 2.0. D: 7 passive, no CSAT. E: 8, R5 5.
        let feedback = "survey_responses, latest_nps, nps_category, coalesce(avg_csat, 'NULL'), tickets, open_tickets"
        #expect(try row(a, feedback) == "2|6|detractor|4.67|1|0")
        #expect(try row(b, feedback) == "1|9|promoter|3.5|1|0")
        #expect(try row(c, feedback) == "1|3|detractor|2.0|2|1")
        #expect(try row(d, feedback) == "1|7|passive|NULL|0|0")
        #expect(try row(e, feedback) == "1|8|passive|5.0|1|1")

        // Churn at as_of (day 90), w = 30: churned = active in (30, 60] and not in (60, 90] → B, D.
        // Risk = days since last activity < 60 and (≥ 15 or latest NPS ≤ 6):
        //   A 6 days but detractor → 1; B 58 → 1; C 2 days, detractor → 1; D 49 → 1; E 0 days, passive → 0.
        let churn = "churned_last_window, churn_risk"
        #expect(try [a, b, c, d, e].map { try row($0, churn) } == ["0|1", "1|1", "0|1", "1|1", "0|0"])
        // The latest month's churned customers are exactly the flagged ones.
        #expect(try f.sql("SELECT churned_customers FROM kpi_month ORDER BY year_month DESC LIMIT 1")
                == f.sql("SELECT count(*) FROM customer_360 WHERE churned_last_window = 1"))

        // E-mail and consent. A: 2 sent, 1 opened, 1 clicked; B consent 0; E unsubscribed (K2).
        let email = "coalesce(marketing_consent, 'NULL'), emails_sent, emails_opened, emails_clicked, email_unsubscribed, source_systems"
        #expect(try row(a, email) == "1|2|1|1|0|4")
        #expect(try row(b, email) == "0|1|0|1|0|4")
        #expect(try row(d, email) == "NULL|0|0|0|0|2")
        #expect(try row(e, email) == "1|2|2|0|1|3")
    }

    @Test("campaigns, RFM segment sizes and the analysts' views")
    func aggregatesAndViews() throws {
        let f = try KPIFixture()
        // K1: 4 sent, 3 delivered, 2 opened, 2 clicked → 66.67 %, 66.67 %, click-to-open 100 %.
        // K2: 2 sent and delivered, 1 opened, 0 clicked, 1 unsubscribed → 50 %, 0 %, 0 %.
        #expect(try f.sql("""
            SELECT campaign_id, campaign_name, first_sent_date, sent, delivered, opened, clicked, unsubscribed,
                   open_rate_pct, click_rate_pct, click_to_open_pct FROM v_campaign_performance ORDER BY 1
            """) == """
            K1|Januar|2026-01-05|4|3|2|2|0|66.67|66.67|100.0
            K2|März|2026-03-02|2|2|1|0|1|50.0|0.0|0.0
            """)

        // One customer each in loyal (A), hibernating (B), need_attention (C), lost (D), no_purchases (E):
        // 1 of 5 = 20 %. E-mailable: A (consent) and C (consent, the bounce does not unsubscribe);
        // B has no consent, D no contact record, E unsubscribed.
        #expect(try f.sql("""
            SELECT segment, customers, share_pct, lifetime_revenue_cents, predicted_annual_value_cents, emailable_customers
            FROM v_rfm_segments WHERE customers > 0 ORDER BY priority
            """) == """
            loyal|1|20.0|5000|5000|1
            lost|1|20.0|4000|2000|0
            hibernating|1|20.0|6000|6000|0
            need_attention|1|20.0|4000|4000|1
            no_purchases|1|20.0|0|0|0
            """)
        #expect(try f.sql("SELECT count(*) FROM v_rfm_segments") == "8")

        // Open tickets: T3 (E, NPS 8, CSAT 5.0: not low) and T5 (C, NPS 3): only T5.
        #expect(try f.sql("SELECT ticket_id, category, full_name, latest_nps, avg_csat FROM v_open_tickets_low_score")
                == "T5|Rechnung|Clara Chen|3|2.0")
        #expect(try f.sql("SELECT first_name FROM v_consent_eligible ORDER BY 1") == "Anna\nClara")
        #expect(try f.sql("SELECT full_name FROM v_churned_customers ORDER BY 1") == "Bernd Bau\nDieter Dorn")
    }

    @Test("facts: the latest ticket version wins, exact line amounts, product, survey and category keys")
    func factsAndDimensions() throws {
        let f = try KPIFixture()
        // T2 came open in tickets_1 and closed (reopened once, CSAT 2) in tickets_2: one row, the closed one.
        #expect(try f.sql("""
            SELECT count(*), status, closed_at, first_response_hours, resolution_hours, csat, reopen_count, k.category
            FROM fact_support_ticket t JOIN dim_ticket_category k USING (category_key) WHERE source_record_id = 'T2'
            """) == "1|closed|2026-03-12T09:00:00Z|0.5|48.0|2|1|Beschwerde")
        #expect(try f.sql("SELECT count(*) FROM fact_support_ticket") == "5")
        #expect(try f.sql("SELECT group_concat(category, ',') FROM (SELECT category FROM dim_ticket_category ORDER BY category_key)")
                == "Beschwerde,Lieferung,Rechnung")

        // Line amounts: 0.75 × 1333 = 999.75 cents is not whole → NULL and the exact text;
        // 1.50 × 1000 = 1500 is whole although the quantity is not.
        #expect(try f.sql("""
            SELECT p.source_record_id, l.line_number, d.sku, l.quantity, l.unit_price_cents,
                   coalesce(l.line_amount_cents, 'NULL'), l.line_amount_cents_exact
            FROM fact_purchase_line l JOIN fact_purchase p USING (purchase_key) JOIN dim_product d USING (product_key)
            ORDER BY 1, 2
            """) == """
            P1|1|S1|1|1000|1000|1000
            P2|1|S2|2|1000|2000|2000
            P3|1|S1|1|1000|1000|1000
            P3|2|S3|0.75|1333|NULL|999.75
            P4|1|S2|5|1000|5000|5000
            P6|1|S1|1.50|1000|1500|1500
            """)
        #expect(try f.sql("SELECT typeof(line_amount_cents) FROM fact_purchase_line WHERE line_amount_cents IS NOT NULL GROUP BY 1") == "integer")
        #expect(try f.sql("SELECT sku, name FROM dim_product ORDER BY product_key") == "S1|Kaffee\nS2|Tee\nS3|Käse")

        // Surveys carry their scale; every answer has its survey key.
        #expect(try f.sql("SELECT survey_id, nps_min, nps_max, ces_min, ces_max, ces_easiest, csat_min, csat_max FROM dim_survey ORDER BY 1")
                == "SRV-1|0|10|1|7|7|1|5\nSRV-2|0|10|1|7|7|1|5")
        #expect(try f.sql("SELECT count(*) FROM fact_survey_response WHERE survey_key IS NULL") == "0")
    }

    @Test("the churn window comes from the pipeline file and defaults to 90 days")
    func churnWindowIsConfiguration() throws {
        let f = try KPIFixture(pipeline: KPIFixture.pipeline.replacingOccurrences(of: """
            kpi:
              churn_window_days: 30
              rfm_window_days: 60

            """, with: ""))
        #expect(try f.sql("SELECT group_concat(key || '=' || value, ',') FROM (SELECT * FROM dw_meta WHERE key LIKE 'kpi_%' ORDER BY key)")
                == "kpi_churn_window_days=90,kpi_rfm_window_days=365")
        // w = 90, as_of day 90: previous window (-90, 0] holds only dates before 2026: nobody;
        // every March figure changes accordingly.
        #expect(try f.sql("SELECT churn_window_days, churn_base_customers, churned_customers FROM kpi_month WHERE year_month = '2026-03'") == "90|0|0")
        // Repeat purchase over (0, 90]: A 3 purchases, B 2, C 1, D 1 (P8) → 2 of 4 = 50 %.
        #expect(try f.sql("SELECT buyers, repeat_buyers, repeat_purchase_rate_pct FROM kpi_month WHERE year_month = '2026-03'") == "4|2|50.0")
    }
}
