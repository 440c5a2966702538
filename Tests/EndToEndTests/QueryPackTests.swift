import Foundation
import Testing
import TestSupport

/// The analyst's view of a SampleData warehouse: the query pack runs through the real `sqlite3`
/// shell, the catalog describes everything, and the committed data dictionary is current.
@Suite("query pack and data dictionary on SampleData", .serialized)
struct QueryPackTests {
    static let queries = RepositoryPaths.root.appendingPathComponent("docs/queries")

    /// A warehouse of SampleData/ in a fresh folder.
    static func sampleWarehouse() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory("oneface-queries")
        let result = try SampleRunTests.oneface(["run"], in: dir)
        guard result.status == 0 else { throw FixtureError(message: "oneface run exited \(result.status): \(result.stderr)") }
        return (dir, dir.file("warehouse.sqlite"))
    }

    static func queryFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: queries, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("every query of docs/queries runs in sqlite3 without error and returns rows; some match an independent computation")
    func queryPack() throws {
        let (dir, db) = try Self.sampleWarehouse()
        _ = dir
        let files = try Self.queryFiles()
        #expect(files.count >= 10)
        var output: [String: String] = [:]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.hasPrefix("-- Question: "), "\(file.lastPathComponent) starts with its question")
            let result = try ProcessRunner.run("/usr/bin/sqlite3", ["-batch", "-bail", "-noheader", db, ".read \(file.path)"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(file.lastPathComponent): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(file.lastPathComponent) returned no rows on SampleData")
            output[file.lastPathComponent] = result.stdout
        }
        func lines(_ name: String) -> [[String]] {
            (output[name] ?? "").split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        }
        func sql(_ query: String) throws -> String { try ProcessRunner.sqlite3(db, query) }

        // RFM segment sizes add up to every current customer, and match a count over customer_360.
        let segments = lines("09_rfm_segment_sizes.sql")
        #expect(segments.map { Int($0[2]) ?? -1 }.reduce(0, +) == Int(try sql("SELECT count(*) FROM dim_customer WHERE is_current = 1")))
        for segment in segments {
            #expect(segment[2] == (try sql("SELECT count(*) FROM customer_360 WHERE rfm_segment = '\(segment[0])'")))
        }

        // Churned customers, recomputed from the facts: active (purchase, ticket, survey answer, e-mail
        // open/click) in the 90 days before the last 90 days up to as_of_date, and not in the last 90.
        let churned = try sql("""
            WITH asof AS (SELECT julianday(value) AS d FROM dw_meta WHERE key = 'as_of_date'),
            act AS (
              SELECT p.customer_id, julianday(x.date) AS d FROM fact_purchase p JOIN dim_date x ON x.date_key = p.date_key WHERE p.customer_id IS NOT NULL
              UNION SELECT t.customer_id, julianday(x.date) FROM fact_support_ticket t JOIN dim_date x ON x.date_key = t.opened_date_key WHERE t.customer_id IS NOT NULL
              UNION SELECT s.customer_id, julianday(x.date) FROM fact_survey_response s JOIN dim_date x ON x.date_key = s.date_key WHERE s.customer_id IS NOT NULL
              UNION SELECT e.customer_id, julianday(x.date) FROM fact_email_event e JOIN dim_date x ON x.date_key = e.date_key
                    WHERE e.customer_id IS NOT NULL AND e.event_type IN ('opened', 'clicked'))
            SELECT count(*) FROM (
              SELECT customer_id FROM act, asof WHERE act.d > asof.d - 180 AND act.d <= asof.d - 90
              EXCEPT SELECT customer_id FROM act, asof WHERE act.d > asof.d - 90)
            """)
        #expect(churned == (try sql("SELECT count(*) FROM v_churned_customers")))
        #expect(churned == (try sql("SELECT churned_customers FROM kpi_month ORDER BY year_month DESC LIMIT 1")))
        #expect(lines("02_churned_customers_last_quarter.sql").count == min(100, Int(churned) ?? 0))

        // Campaign click-through of every campaign, recomputed from the e-mail events.
        let recomputed = try sql("""
            SELECT k.campaign_id, count(*),
                   round(100.0 * sum(m.clicked AND NOT m.bounced) / sum(NOT m.bounced), 2)
            FROM (SELECT contact_record_id, campaign_key, max(event_type = 'clicked') AS clicked, max(event_type = 'bounced') AS bounced
                  FROM fact_email_event GROUP BY contact_record_id, campaign_key HAVING max(event_type = 'sent') = 1) m
            JOIN dim_campaign k ON k.campaign_key = m.campaign_key GROUP BY k.campaign_id ORDER BY k.campaign_id
            """)
        #expect(lines("08_campaign_click_through.sql").map { "\($0[0])|\($0[3])|\($0[9])" }.sorted().joined(separator: "\n") == recomputed)

        // NPS per month, recomputed: the latest answer of each respondent and survey (by max answered_at).
        let nps = try sql("""
            SELECT x.year_month, round(100.0 * (sum(s.nps >= 9) - sum(s.nps <= 6)) / count(*), 2)
            FROM fact_survey_response s
            JOIN (SELECT customer_id, survey_id, max(answered_at) AS at FROM fact_survey_response WHERE nps IS NOT NULL GROUP BY 1, 2) l
              ON l.customer_id = s.customer_id AND l.survey_id = s.survey_id AND l.at = s.answered_at
            JOIN dim_date x ON x.date_key = s.date_key
            WHERE s.nps IS NOT NULL GROUP BY x.year_month ORDER BY 1
            """)
        #expect(nps == (try sql("SELECT year_month, nps FROM kpi_month WHERE nps IS NOT NULL ORDER BY 1")))

        // Customers in all four systems, counted from the bridge.
        let inAllFour = try sql("""
            SELECT count(*) FROM (SELECT customer_id FROM bridge_customer_source GROUP BY customer_id HAVING count(DISTINCT source_system) = 4)
            """)
        #expect(inAllFour == (try sql("SELECT count(*) FROM customer_360 WHERE source_systems = 4")))
        #expect(lines("10_customers_in_all_four_systems.sql").count == min(50, Int(inAllFour) ?? 0))

        // The most valuable customer: predicted annual value recomputed from the purchases.
        let top = lines("03_top_customers_by_value.sql")[0]
        #expect(top[3] == (try sql("""
            SELECT (sum(amount_cents) * sum(julianday(x.date) > julianday((SELECT value FROM dw_meta WHERE key = 'as_of_date')) - 365)
                    * 2 + count(*)) / (2 * count(*))
            FROM fact_purchase p JOIN dim_date x ON x.date_key = p.date_key WHERE p.customer_id = '\(top[0])'
            """)))
    }

    @Test("dw_catalog describes every table and column of the warehouse; the RFM rules cover every score")
    func catalogCoversWarehouse() throws {
        let (dir, db) = try Self.sampleWarehouse()
        _ = dir
        let undescribed = try ProcessRunner.sqlite3(db, """
            SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
            WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
              AND NOT EXISTS (SELECT 1 FROM dw_catalog c WHERE c.table_name = m.name AND c.column_name = p.name AND c.description <> '')
            UNION ALL
            SELECT m.name FROM sqlite_master m WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
              AND NOT EXISTS (SELECT 1 FROM dw_catalog c WHERE c.table_name = m.name AND c.column_name IS NULL AND c.description <> '')
            """)
        #expect(undescribed == "", "describe these in Sources/Warehouse/Catalog/CatalogEntries.swift: \(undescribed)")
        // KPI columns carry their formula.
        #expect(try ProcessRunner.sqlite3(db, """
            SELECT count(*) FROM dw_catalog WHERE table_name = 'kpi_month'
              AND column_name IN ('nps', 'recommendation_rate_pct', 'csat_avg', 'csat_satisfied_pct', 'ces_avg', 'churn_rate_pct',
                                  'repeat_purchase_rate_pct', 'email_open_rate_pct', 'email_click_rate_pct', 'median_resolution_hours')
              AND formula IS NOT NULL
            """) == "10")
        // Every combination of R, F and M scores 1-5 falls into a segment.
        #expect(try ProcessRunner.sqlite3(db, """
            WITH s(v) AS (VALUES (1), (2), (3), (4), (5))
            SELECT count(*) FROM s r, s f, s m WHERE NOT EXISTS (
              SELECT 1 FROM dim_rfm_segment g WHERE r.v BETWEEN g.r_min AND g.r_max AND f.v BETWEEN g.f_min AND g.f_max AND m.v BETWEEN g.m_min AND g.m_max)
            """) == "0")
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM customer_360 WHERE purchases > 0 AND rfm_segment = 'no_purchases'") == "0")
    }

    @Test("docs/data-dictionary.md is what `oneface docs` writes now")
    func dataDictionaryIsCurrent() throws {
        let dir = try TemporaryDirectory("oneface-docs")
        let result = try ProcessRunner.oneface(["docs", "--out", dir.file("dictionary.md")])
        #expect(result.status == 0, "\(result.stderr)")
        let generated = try String(contentsOfFile: dir.file("dictionary.md"), encoding: .utf8)
        let committed = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("docs/data-dictionary.md"), encoding: .utf8)
        #expect(generated == committed, "regenerate it: oneface docs --out docs/data-dictionary.md")
        #expect(generated.contains("## kpi_month") && generated.contains("| `churn_rate_pct` |"))
        // Without --out it goes to standard output, unchanged.
        #expect(try ProcessRunner.oneface(["docs"]).stdout == generated)
    }
}
