import SQLiteDB

/// Customer KPIs over time, per branch and per RFM segment, and campaign click-through, from the
/// warehouse's KPI tables (`kpi_month`, `agg_branch_month`, `agg_rfm_segment`, `agg_campaign`,
/// `customer_360`, `agg_customer_month`). The definitions are the data dictionary's (`dw_catalog`).
struct KPISection: ReportSection {
    let id = "kpis"
    let title = "Customer KPIs"

    func body(_ context: ReportContext) throws -> String? {
        var out = paragraph("Per calendar month of the local date; \"active\" means any purchase, ticket, survey answer or e-mail "
                            + "open or click by an identified customer. Definitions: `oneface docs` (table dw_catalog).")
        out += try months(context.db)
        out += try branches(context.db)
        out += try segments(context.db)
        out += try campaigns(context.db)
        return out
    }

    /// The company-wide month KPIs: six small charts and one table.
    private func months(_ db: Database) throws -> String {
        let rows = try db.rows("""
            SELECT year_month, nps, nps_responses, csat_avg, csat_responses, ces_avg, ces_responses, churn_rate_pct,
                   active_customers, revenue_cents, transactions
            FROM kpi_month ORDER BY year_month
            """)
        let x = rows.enumerated().map { (value: Double($0.offset), label: $0.element.text(0)) }
        func chart(_ id: String, _ title: String, _ yTitle: String, _ column: Int, includeZero: Bool = true,
                   scale: Double = 1, format: @escaping (Double) -> String) -> String {
            LineChart(id: id, title: title, description: "\(title) per month, \(x.first?.label ?? "") to \(x.last?.label ?? "").",
                      x: x, xTitle: "month", yTitle: yTitle,
                      series: [.init(name: "", values: rows.map { $0.double(column).map { $0 * scale } })],
                      format: format, includeZero: includeZero, width: 460, height: 240).svg()
        }
        var out = heading("kpi-months", "Over time")
        out += grid([
            chart("chart-nps", "Net Promoter Score", "NPS (−100 to 100)", 1) { Format.fixed($0, 0) },
            chart("chart-csat", "Customer satisfaction (CSAT)", "answer (1–5)", 3, includeZero: false) { Format.fixed($0, 2) },
            chart("chart-ces", "Customer effort score (CES)", "answer (1–7, 7 = easy)", 5, includeZero: false) { Format.fixed($0, 2) },
            chart("chart-churn", "Churn rate", "churned customers (%)", 7) { Format.fixed($0, 1) + " %" },
            chart("chart-active", "Active customers", "customers", 8) { Format.fixed($0, 0) },
            chart("chart-revenue", "Revenue", "revenue (€)", 9, scale: 0.01) { Format.fixed($0, 0) + " €" },
        ])
        let table = DataTable(caption: "KPIs per month (kpi_month)",
                              columns: ["month", "NPS", "NPS answers", "CSAT", "CSAT answers", "CES", "CES answers", "churn %",
                                        "active customers", "revenue", "transactions"],
                              rows: rows.map { row in
            let month = row.text(0)
            func key(_ column: String) -> String { "kpi_month/\(month)/\(column)" }
            return [.text(month), .real(row.double(1), 1, key: key("nps")), .int(row.int(2), key: key("nps_responses")),
                    .real(row.double(3), 2, key: key("csat_avg")), .int(row.int(4), key: key("csat_responses")),
                    .real(row.double(5), 2, key: key("ces_avg")), .int(row.int(6), key: key("ces_responses")),
                    .real(row.double(7), 1, key: key("churn_rate_pct")), .int(row.int(8), key: key("active_customers")),
                    .euro(row.int(9), key: key("revenue_cents")), .int(row.int(10), key: key("transactions"))]
        })
        return out + table.html()
    }

    /// Revenue per branch and month, and each branch's NPS and CSAT over all months.
    private func branches(_ db: Database) throws -> String {
        let branches = try db.rows("""
            SELECT b.branch_key, coalesce(b.name, b.branch_id), sum(a.transactions), sum(a.revenue_cents), sum(a.nps_responses),
                   sum(a.promoters), sum(a.detractors),
                   round(100.0 * (sum(a.promoters) - sum(a.detractors)) / nullif(sum(a.nps_responses), 0), 1),
                   sum(a.csat_responses), round(sum(a.csat_avg * a.csat_responses) / nullif(sum(a.csat_responses), 0), 2)
            FROM agg_branch_month a JOIN dim_branch b ON b.branch_key = a.branch_key
            GROUP BY b.branch_key ORDER BY sum(a.revenue_cents) DESC, b.branch_key
            """)
        let months = try db.rows("SELECT DISTINCT year_month FROM agg_branch_month ORDER BY year_month").map { $0.text(0) }
        let monthIndex = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
        let cells = try db.rows("SELECT branch_key, year_month, revenue_cents FROM agg_branch_month ORDER BY branch_key, year_month")
        var revenue: [Int64: [Double?]] = [:]
        for cell in cells {
            guard let branch = cell.int(0), let index = monthIndex[cell.text(1)] else { continue }
            revenue[branch, default: Array(repeating: nil, count: months.count)][index] = cell.double(2).map { $0 / 100 }
        }
        var out = heading("kpi-branches", "Per branch")
        let x = months.enumerated().map { (value: Double($0.offset), label: $0.element) }
        // One small chart per branch on a shared scale: twelve lines in one chart cannot be told apart.
        let highest = cells.compactMap { $0.double(2) }.max().map { $0 / 100 } ?? 0
        let small = branches.enumerated().map { index, branch in
            LineChart(id: "chart-branch-revenue-\(index + 1)", title: branch.text(1),
                      description: "Revenue of \(branch.text(1)) per month, in euro.",
                      x: x, xTitle: "month", yTitle: "revenue (€)",
                      series: [.init(name: "", values: revenue[branch.int(0) ?? -1] ?? [])],
                      format: { Format.fixed($0, 0) + " €" }, yMaximum: highest, width: 300, height: 180).svg()
        }
        out += paragraph("Revenue per month, one chart per branch, all on the same scale (largest first).")
        out += grid(small)
        let nps = BarChart(id: "chart-branch-nps", title: "NPS per branch (all months)",
                           description: "Net Promoter Score of each branch's survey answers over all months (branches without answers are left out).",
                           bars: branches.filter { $0.double(7) != nil }.map { .init(label: $0.text(1), values: [$0.double(7)!]) },
                           valueTitle: "NPS (−100 to 100)", format: { Format.fixed($0, 1) }, width: 460).svg()
        let csat = BarChart(id: "chart-branch-csat", title: "CSAT per branch (all months)",
                            description: "Average CSAT answer (1–5) of each branch over all months (branches without answers are left out).",
                            bars: branches.filter { $0.double(9) != nil }.map { .init(label: $0.text(1), values: [$0.double(9)!]) },
                            valueTitle: "average CSAT (1–5)", format: { Format.fixed($0, 2) }, width: 460).svg()
        out += grid([nps, csat])
        var cents: [Int64: [String: Int64]] = [:]
        for cell in cells { if let branch = cell.int(0) { cents[branch, default: [:]][cell.text(1)] = cell.int(2) } }
        out += DataTable(caption: "Revenue per branch and month (agg_branch_month)", columns: ["month"] + branches.map { $0.text(1) },
                         rows: months.map { month in
            [.text(month)] + branches.map { branch in
                let key = branch.int(0) ?? 0
                return .euro(cents[key]?[month], key: "agg_branch_month/\(key)/\(month)/revenue_cents")
            }
        }).html()
        out += DataTable(caption: "Branches over all months (agg_branch_month)",
                         columns: ["branch", "transactions", "revenue", "NPS answers", "NPS", "CSAT answers", "CSAT"],
                         rows: branches.map { row in
            let key = "agg_branch_month/\(row.int(0) ?? 0)"
            return [.text(row.text(1)), .int(row.int(2), key: key + "/transactions"), .euro(row.int(3), key: key + "/revenue_cents"),
                    .int(row.int(4), key: key + "/nps_responses"), .real(row.double(7), 1, key: key + "/nps"),
                    .int(row.int(8), key: key + "/csat_responses"), .real(row.double(9), 2, key: key + "/csat_avg")]
        }).html()
        return out
    }

    /// RFM segment sizes and value, and revenue per month by the customers' current segment.
    private func segments(_ db: Database) throws -> String {
        let rows = try db.rows("""
            SELECT g.segment, coalesce(a.customers, 0), a.share_pct, coalesce(a.lifetime_revenue_cents, 0),
                   coalesce(a.predicted_annual_value_cents, 0), coalesce(a.emailable_customers, 0)
            FROM dim_rfm_segment g LEFT JOIN agg_rfm_segment a ON a.segment = g.segment ORDER BY g.priority
            """)
        var out = heading("kpi-segments", "Per RFM segment")
        let sizes = BarChart(id: "chart-rfm-customers", title: "Customers per RFM segment",
                             description: "Current customers in each RFM segment (recency, frequency, monetary value).",
                             bars: rows.map { .init(label: $0.text(0), values: [Double($0.int(1) ?? 0)]) },
                             valueTitle: "customers", format: { Format.fixed($0, 0) }, width: 460, labelWidth: 120).svg()
        let value = BarChart(id: "chart-rfm-value", title: "Value per RFM segment",
                             description: "Lifetime revenue and predicted annual value of each segment's customers, in euro.",
                             series: ["lifetime revenue", "predicted annual value"], isStacked: false,
                             bars: rows.map { .init(label: $0.text(0), values: [Double($0.int(3) ?? 0) / 100, Double($0.int(4) ?? 0) / 100]) },
                             valueTitle: "euro", format: { Format.fixed($0, 0) + " €" }, width: 460, labelWidth: 120).svg()
        out += grid([sizes, value])
        let monthly = try db.rows("""
            SELECT x.rfm_segment, a.year_month, sum(a.revenue_cents)
            FROM agg_customer_month a JOIN customer_360 x ON x.customer_id = a.customer_id
            GROUP BY x.rfm_segment, a.year_month HAVING sum(a.revenue_cents) > 0 ORDER BY a.year_month
            """)
        let months = Array(Set(monthly.map { $0.text(1) })).sorted()
        let monthIndex = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
        var bySegment: [String: [Double?]] = [:]
        for row in monthly {
            guard let index = monthIndex[row.text(1)] else { continue }
            bySegment[row.text(0), default: Array(repeating: nil, count: months.count)][index] = row.double(2).map { $0 / 100 }
        }
        let order = rows.map { $0.text(0) }.filter { bySegment[$0] != nil }
        let highest = monthly.compactMap { $0.double(2) }.max().map { $0 / 100 } ?? 0
        out += paragraph("Revenue per month of identified customers, one chart per segment they are in now, on the same scale.")
        out += grid(order.enumerated().map { index, segment in
            LineChart(id: "chart-rfm-revenue-\(index + 1)", title: segment,
                      description: "Monthly revenue of the customers now in segment \(segment), in euro.",
                      x: months.enumerated().map { (Double($0.offset), $0.element) }, xTitle: "month", yTitle: "revenue (€)",
                      series: [.init(name: "", values: bySegment[segment]!)],
                      format: { Format.fixed($0, 0) + " €" }, yMaximum: highest, width: 300, height: 180).svg()
        })
        var cents: [String: [String: Int64]] = [:]
        for row in monthly { cents[row.text(0), default: [:]][row.text(1)] = row.int(2) }
        out += DataTable(caption: "Revenue per month by current RFM segment (agg_customer_month, customer_360)", columns: ["month"] + order,
                         rows: months.map { month in
            [.text(month)] + order.map { .euro(cents[$0]?[month], key: "segment_month/\($0)/\(month)/revenue_cents") }
        }).html()
        out += DataTable(caption: "RFM segments (agg_rfm_segment)",
                         columns: ["segment", "customers", "share %", "lifetime revenue", "predicted annual value", "e-mailable customers"],
                         rows: rows.map { row in
            let key = "agg_rfm_segment/\(row.text(0))"
            return [.text(row.text(0)), .int(row.int(1), key: key + "/customers"), .real(row.double(2), 1, key: key + "/share_pct"),
                    .euro(row.int(3), key: key + "/lifetime_revenue_cents"), .euro(row.int(4), key: key + "/predicted_annual_value_cents"),
                    .int(row.int(5), key: key + "/emailable_customers")]
        }).html()
        return out
    }

    /// Click-through per campaign.
    private func campaigns(_ db: Database) throws -> String {
        let rows = try db.rows("""
            SELECT k.campaign_id, coalesce(k.name, k.campaign_id), a.sent, a.delivered, a.opened, a.clicked, a.open_rate_pct,
                   a.click_rate_pct, a.click_to_open_pct
            FROM agg_campaign a JOIN dim_campaign k ON k.campaign_key = a.campaign_key
            ORDER BY a.first_sent_date_key, k.campaign_id
            """)
        var out = heading("kpi-campaigns", "Campaigns")
        out += BarChart(id: "chart-campaign-ctr", title: "Click-through rate per campaign",
                        description: "Share of delivered e-mails of each campaign that were clicked, in percent, in order of first sending.",
                        bars: rows.map { .init(label: $0.text(1), values: [$0.double(7) ?? 0]) },
                        valueTitle: "clicked / delivered (%)", format: { Format.fixed($0, 1) + " %" }, width: 940, labelWidth: 260).svg()
        out += DataTable(caption: "Campaigns (agg_campaign)",
                         columns: ["campaign", "sent", "delivered", "opened", "clicked", "open rate %", "click rate %", "click-to-open %"],
                         rows: rows.map { row in
            let key = "agg_campaign/\(row.text(0))"
            return [.text(row.text(1)), .int(row.int(2), key: key + "/sent"), .int(row.int(3), key: key + "/delivered"),
                    .int(row.int(4), key: key + "/opened"), .int(row.int(5), key: key + "/clicked"),
                    .real(row.double(6), 1, key: key + "/open_rate_pct"), .real(row.double(7), 1, key: key + "/click_rate_pct"),
                    .real(row.double(8), 1, key: key + "/click_to_open_pct")]
        }).html()
        return out
    }
}
