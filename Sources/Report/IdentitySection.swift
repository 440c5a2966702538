import Identity
import SQLiteDB

/// Identity quality: how many systems each customer was found in, cluster sizes, the match-weight
/// histogram against the threshold, what each comparison level weighs in the model, id events per
/// night, and, with a truth file, precision and recall over thresholds.
struct IdentitySection: ReportSection {
    let id = "identity"
    let title = "Identity quality"

    func body(_ context: ReportContext) throws -> String? {
        let db = context.db
        var out = try systemsAndSizes(db)
        out += try weights(db, threshold: context.thresholdWeight, probability: context.input.matchThreshold)
        out += comparisonWeights(context.model, modelPath: context.input.modelPath)
        out += try events(db, nights: context.input.nights)
        if let truth = context.input.truth { out += try truthCurve(db, truth: truth, threshold: context.thresholdWeight) }
        return out
    }

    private func systemsAndSizes(_ db: Database) throws -> String {
        let systems = try db.rows("SELECT source_systems, count(*) FROM customer_360 GROUP BY source_systems ORDER BY source_systems")
        let sizes = try db.rows("""
            SELECT records, count(*) FROM (SELECT count(*) AS records FROM bridge_customer_source GROUP BY customer_id)
            GROUP BY records ORDER BY records
            """)
        var out = heading("identity-clusters", "Customers and their records")
        let systemsChart = BarChart(id: "chart-source-systems", title: "Customers per number of source systems",
                                    description: "Current customers by how many of the four systems (e-mail, support, branch, survey) hold a record of them.",
                                    bars: systems.map { .init(label: "\($0.int(0) ?? 0) system\($0.int(0) == 1 ? "" : "s")", values: [Double($0.int(1) ?? 0)]) },
                                    valueTitle: "customers", format: { Format.fixed($0, 0) }, width: 460, labelWidth: 90).svg()
        let sizeChart = Histogram(id: "chart-cluster-sizes", title: "Cluster sizes",
                                  description: "Customers by the number of source records resolved to them.",
                                  bins: sizes.map { row in
                                      let n = Double(row.int(0) ?? 0)
                                      return .init(lower: n - 0.5, upper: n + 0.5, count: Int(row.int(1) ?? 0),
                                                   label: "\(row.int(0) ?? 0) record\(row.int(0) == 1 ? "" : "s")")
                                  },
                                  xTitle: "source records per customer", yTitle: "customers",
                                  xFormat: { Format.fixed($0, 0) }, width: 460, height: 260).svg()
        out += grid([systemsChart, sizeChart])
        out += DataTable(caption: "Customers per number of source systems (customer_360)", columns: ["source systems", "customers"],
                         rows: systems.map { [.text("\($0.int(0) ?? 0)"), .int($0.int(1), key: "source_systems/\($0.int(0) ?? 0)/customers")] }).html()
        out += DataTable(caption: "Customers per number of source records (bridge_customer_source)", columns: ["records", "customers"],
                         rows: sizes.map { [.text("\($0.int(0) ?? 0)"), .int($0.int(1), key: "cluster_size/\($0.int(0) ?? 0)/customers")] }).html()
        return out
    }

    /// The match-weight histogram (1-bit bins) with the threshold, and the decisions.
    private func weights(_ db: Database, threshold: Double, probability: Double) throws -> String {
        // floor() without SQLite's optional math functions: CAST truncates toward zero.
        let bins = try db.rows("""
            SELECT bin, count(*), sum(accepted) FROM (
              SELECT CAST(match_weight AS INTEGER) - (match_weight < CAST(match_weight AS INTEGER)) AS bin, accepted FROM match_pair)
            GROUP BY bin ORDER BY bin
            """)
        let decisions = try db.rows("SELECT decision, count(*) FROM match_pair GROUP BY decision ORDER BY count(*) DESC, decision")
        var out = heading("identity-weights", "Match weights")
        out += paragraph("Every scored pair kept in match_pair: accepted pairs and those near the threshold. The threshold, "
                         + "match probability \(probability), is a match weight of \(Format.fixed(threshold, 2)) bits.")
        out += Histogram(id: "chart-match-weights", title: "Match weight of scored pairs",
                         description: "Pairs of source records by match weight in 1-bit bins; the line marks the match threshold.",
                         bins: bins.map { row in
                             let lower = Double(row.int(0) ?? 0)
                             return .init(lower: lower, upper: lower + 1, count: Int(row.int(1) ?? 0),
                                          label: "\(Format.fixed(lower, 0)) to \(Format.fixed(lower + 1, 0)) bits")
                         },
                         xTitle: "match weight (bits)", yTitle: "pairs", xFormat: { Format.fixed($0, 0) },
                         reference: (threshold, "threshold \(Format.fixed(threshold, 2)) bits"),
                         sides: ("bins below the threshold", "bins at or above it"), width: 940, height: 300).svg()
        out += DataTable(caption: "Scored pairs per 1-bit weight bin (match_pair)", columns: ["weight from (bits)", "pairs", "accepted"],
                         rows: bins.map { [.text(Format.fixed(Double($0.int(0) ?? 0), 0)), .int($0.int(1), key: "match_weight/\($0.int(0) ?? 0)/pairs"),
                                           .int($0.int(2), key: "match_weight/\($0.int(0) ?? 0)/accepted")] }).html()
        out += DataTable(caption: "What clustering decided (match_pair.decision)", columns: ["decision", "pairs"],
                         rows: decisions.map { [.text($0.text(0)), .int($0.int(1), key: "decision/\($0.text(0))/pairs")] }).html()
        return out
    }

    /// log2(m/u) per comparison and level of the saved model.
    private func comparisonWeights(_ model: MatchModel?, modelPath: String) -> String {
        var out = heading("identity-model", "What each comparison weighs")
        guard let model else {
            return out + paragraph("No saved identity model at \(modelPath): with fewer than 300 compared pairs the transform "
                                   + "uses its built-in values and saves none.")
        }
        var bars: [BarChart.Bar] = []
        var rows: [[DataTable.Cell]] = []
        for comparison in model.comparisons {
            let field = comparison.settings.field.rawValue
            for level in comparison.levels {
                guard let m = level.m, let u = level.u else { continue }
                bars.append(.init(label: "\(field) · \(level.level)", values: [level.weight]))
                rows.append([.text("\(field) · \(level.level)"), .real(m, 6), .real(u, 6),
                             .real(level.weight, 2, key: "model/\(field)/\(level.level)/weight")])
            }
        }
        out += paragraph("From the model trained on \(Format.int(model.training.records)) records (\(model.training.method)"
                         + (model.training.trainedAt.map { ", \($0)" } ?? "") + "). A pair's match weight is the prior, "
                         + "log2(λ/(1−λ)) = \(Format.fixed(model.priorWeight, 2)) bits, plus the weight of each comparison's level; "
                         + "a missing value weighs 0. Names are further weighed by how rare the value is.")
        out += BarChart(id: "chart-comparison-weights", title: "Weight of each comparison level, log2(m/u)",
                        description: "How many bits each level of each comparison adds to (or, when negative, takes from) a pair's match weight.",
                        bars: bars, valueTitle: "weight (bits)", format: { Format.fixed($0, 1) }, width: 940, labelWidth: 230).svg()
        out += DataTable(caption: "m, u and weight per comparison level (identity model)", columns: ["comparison · level", "m", "u", "log2(m/u)"],
                         rows: rows).html()
        return out
    }

    /// New, merged, split and retired customer ids per night.
    private func events(_ db: Database, nights: Int) throws -> String {
        let runs = try db.rows("""
            SELECT h.run_id, coalesce(substr(r.started_at, 1, 16), ''),
                   sum(h.event = 'new'), sum(h.event = 'merge'), sum(h.event = 'split'), sum(h.event = 'retired')
            FROM customer_id_history h LEFT JOIN etl_run r ON r.run_id = h.run_id
            GROUP BY h.run_id ORDER BY h.run_id DESC LIMIT ?
            """, [.integer(Int64(nights))]).reversed()
        var out = heading("identity-events", "Merges and splits per night")
        let kinds = ["new", "merge", "split", "retired"]
        out += BarChart(id: "chart-id-events", title: "Customer id events per night",
                        description: "New, merged, split and retired customer ids of each of the last \(nights) runs that changed any (customer_id_history).",
                        series: kinds,
                        bars: runs.map { row in .init(label: "run \(row.int(0) ?? 0) · \(row.text(1).replacingOccurrences(of: "T", with: " "))",
                                                      values: (2...5).map { Double(row.int($0) ?? 0) }) },
                        valueTitle: "customer ids", format: { Format.fixed($0, 0) }, width: 940, labelWidth: 200).svg()
        out += DataTable(caption: "Customer id events per run (customer_id_history)", columns: ["run", "started (UTC)"] + kinds,
                         rows: runs.map { row in
            let run = row.int(0) ?? 0
            return [.text("\(run)"), .text(row.text(1))] + kinds.enumerated().map { .int(row.int($0.offset + 2), key: "id_events/\(run)/\($0.element)") }
        }).html()
        return out
    }

    /// Precision, recall and F1 over thresholds against the truth file.
    private func truthCurve(_ db: Database, truth: TruthLabels, threshold: Double) throws -> String {
        let range = try db.rows("SELECT min(match_weight), max(match_weight) FROM match_pair").first
        let lowest = (range?.double(0) ?? threshold - 3).rounded(.down)
        let highest = min((range?.double(1) ?? threshold + 10).rounded(.up), threshold + 20)
        var thresholds: [Double] = []
        var t = lowest
        while t <= highest { thresholds.append(t); t += 0.5 }
        let curve = try ThresholdCurve.compute(db: db, truth: truth, thresholds: thresholds)
        var out = heading("identity-truth", "Against the truth file")
        out += paragraph("Scored against \(truth.name): \(Format.int(curve.published.records)) records both know; "
                         + "\(Format.int(curve.onlyInTruth)) truth records are not in the warehouse and \(Format.int(curve.onlyInWarehouse)) "
                         + "warehouse records are not labelled (neither is counted). The published clustering is what `oneface evaluate "
                         + "--from warehouse` scores; the curve estimates the clustering each threshold would give from the kept pairs "
                         + "(guards are not re-run, and pairs below the review cutoff are not kept).")
        let p = curve.published
        out += DataTable(caption: "The published clustering against the truth", columns: ["measure", "precision", "recall", "F1"], rows: [
            [.text("pairwise"), .real(p.pairwise.precision, 5, key: "truth/pairwise/precision"),
             .real(p.pairwise.recall, 5, key: "truth/pairwise/recall"), .real(p.pairwise.f1, 5, key: "truth/pairwise/f1")],
            [.text("B-cubed"), .real(p.bCubed.precision, 5, key: "truth/bcubed/precision"),
             .real(p.bCubed.recall, 5, key: "truth/bcubed/recall"), .real(p.bCubed.f1, 5, key: "truth/bcubed/f1")],
        ], collapsed: false).html()
        let x = curve.points.map { (value: $0.threshold, label: Format.fixed($0.threshold, 1)) }
        out += LineChart(id: "chart-threshold-curve", title: "Pairwise precision, recall and F1 over the threshold",
                         description: "Estimated pairwise precision, recall and F1 if pairs of at least each match weight were linked; the line marks the configured threshold.",
                         x: x, xTitle: "threshold (match weight, bits)", yTitle: "pairwise score",
                         series: [.init(name: "precision", values: curve.points.map(\.precision)),
                                  .init(name: "recall", values: curve.points.map(\.recall)),
                                  .init(name: "F1", values: curve.points.map(\.f1))],
                         format: { Format.fixed($0, 3) }, markers: [(threshold, "threshold \(Format.fixed(threshold, 2))")],
                         includeZero: false, width: 940, height: 320).svg()
        out += DataTable(caption: "Pairwise scores per threshold (estimate)", columns: ["threshold (bits)", "precision", "recall", "F1"],
                         rows: curve.points.map { [.text(Format.fixed($0.threshold, 1)), .real($0.precision, 5),
                                                   .real($0.recall, 5), .real($0.f1, 5)] }).html()
        return out
    }
}
