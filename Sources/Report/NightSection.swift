import SQLiteDB

/// The night itself, from the run ledger the warehouse carries (`etl_run`, `etl_stage`,
/// `etl_file`, `etl_reject`, `etl_nulled`): rows per source and file, the top reject and nulled
/// reasons, stage times, and the last nights side by side.
struct NightSection: ReportSection {
    let id = "night"
    let title = "The night"

    func body(_ context: ReportContext) throws -> String? {
        let db = context.db
        // The files shown are those of the latest run that extracted any (a night with unchanged
        // exports stages none).
        guard let fileRun = try db.scalar("SELECT max(run_id) FROM etl_file")?.int else {
            return paragraph("No file has been extracted yet.") + (try nights(db, count: context.input.nights))
        }
        var out = try files(db, run: fileRun)
        out += try reasons(db, run: fileRun)
        out += try stages(db)
        out += try nights(db, count: context.input.nights)
        return out
    }

    private func files(_ db: Database, run: Int64) throws -> String {
        let rows = try db.rows("""
            SELECT file_id, source, path, rows_read, rows_staged, rows_nulled, rows_rejected, status
            FROM etl_file WHERE run_id = ? ORDER BY source, path, file_id
            """, [.integer(run)])
        let sources = try db.rows("""
            SELECT source, count(*), sum(rows_read), sum(rows_staged), sum(rows_nulled), sum(rows_rejected), sum(status = 'failed')
            FROM etl_file WHERE run_id = ? GROUP BY source ORDER BY source
            """, [.integer(run)])
        var out = heading("night-files", "Rows per source and file (run \(run))")
        out += BarChart(id: "chart-file-rows", title: "Rows read per file, by outcome",
                        description: "Each file's rows read in run \(run): staged as they were, staged with a value nulled (etl_nulled), and rejected (etl_reject).",
                        series: ["staged", "staged, a value nulled", "rejected"],
                        bars: rows.map { row in
                            let staged = Double(row.int(4) ?? 0), nulled = Double(row.int(5) ?? 0)
                            return .init(label: "\(row.text(1)) · \(fileName(row.text(2)))",
                                         values: [staged - nulled, nulled, Double(row.int(6) ?? 0)])
                        },
                        valueTitle: "rows read", format: { Format.fixed($0, 0) }, width: 940, labelWidth: 330).svg()
        out += DataTable(caption: "Files of run \(run) (etl_file)",
                         columns: ["source · file", "read", "staged", "with a nulled value", "rejected", "status"],
                         rows: rows.map { row in
            let key = "etl_file/\(row.int(0) ?? 0)"
            return [.text("\(row.text(1)) · \(row.text(2))"), .int(row.int(3), key: key + "/rows_read"), .int(row.int(4), key: key + "/rows_staged"),
                    .int(row.int(5), key: key + "/rows_nulled"), .int(row.int(6), key: key + "/rows_rejected"), .text(row.text(7))]
        }, collapsed: false).html()
        out += DataTable(caption: "Sources of run \(run) (etl_file, summed)",
                         columns: ["source", "files", "read", "staged", "with a nulled value", "rejected", "files failed"],
                         rows: sources.map { row in
            let key = "etl_source/\(row.text(0))"
            return [.text(row.text(0)), .int(row.int(1), key: key + "/files"), .int(row.int(2), key: key + "/rows_read"),
                    .int(row.int(3), key: key + "/rows_staged"), .int(row.int(4), key: key + "/rows_nulled"),
                    .int(row.int(5), key: key + "/rows_rejected"), .int(row.int(6), key: key + "/files_failed")]
        }).html()
        return out
    }

    /// The ten most frequent reasons for rejected rows and nulled values of the night's files.
    /// Reasons never hold the value itself (that stays in `etl_reject.raw_text`, which the report does not read).
    private func reasons(_ db: Database, run: Int64) throws -> String {
        let rejects = try db.rows("""
            SELECT source, reason, count(*) FROM etl_reject WHERE run_id = ?
            GROUP BY source, reason ORDER BY count(*) DESC, source, reason LIMIT 10
            """, [.integer(run)])
        let nulled = try db.rows("""
            SELECT n.source, n.field || ': ' || n.reason, count(*) FROM etl_nulled n JOIN etl_file f ON f.file_id = n.file_id
            WHERE f.run_id = ? GROUP BY n.source, n.field, n.reason ORDER BY count(*) DESC, n.source, n.field, n.reason LIMIT 10
            """, [.integer(run)])
        var out = heading("night-reasons", "Top reasons (run \(run))")
        var charts: [String] = []
        for (id, title, what, rows) in [("chart-reject-reasons", "Top reject reasons", "rejected rows", rejects),
                                         ("chart-nulled-reasons", "Top reasons for nulled values", "nulled values", nulled)] {
            if rows.isEmpty {
                charts.append("<div class=\"note\"><h4>\(HTML.escape(title))</h4><p>No \(HTML.escape(what)) in run \(run).</p></div>\n")
            } else {
                charts.append(BarChart(id: id, title: title, description: "The most frequent reasons for \(what) in run \(run), per source.",
                                       bars: rows.map { .init(label: "\($0.text(0)) · \($0.text(1))", values: [Double($0.int(2) ?? 0)]) },
                                       valueTitle: what, format: { Format.fixed($0, 0) }, width: 940, labelWidth: 430).svg())
            }
        }
        out += charts.joined()
        out += DataTable(caption: "Top reject reasons (etl_reject)", columns: ["source · reason", "rows"],
                         rows: rejects.enumerated().map { [.text("\($0.element.text(0)) · \($0.element.text(1))"),
                                                           .int($0.element.int(2), key: "reject_reason/\($0.offset + 1)/rows")] }).html()
        out += DataTable(caption: "Top reasons for nulled values (etl_nulled)", columns: ["source · field: reason", "values"],
                         rows: nulled.enumerated().map { [.text("\($0.element.text(0)) · \($0.element.text(1))"),
                                                          .int($0.element.int(2), key: "nulled_reason/\($0.offset + 1)/values")] }).html()
        return out
    }

    /// Stage times of the last run.
    private func stages(_ db: Database) throws -> String {
        guard let run = try db.scalar("SELECT max(run_id) FROM etl_stage")?.int else { return "" }
        let rows = try db.rows("""
            SELECT stage, seconds, rows_in, rows_out, status FROM etl_stage WHERE run_id = ?
            ORDER BY CASE stage WHEN 'extract' THEN 1 WHEN 'transform' THEN 2 WHEN 'load' THEN 3 ELSE 4 END, stage
            """, [.integer(run)])
        var out = heading("night-stages", "Stage times (run \(run))")
        out += paragraph("The load's own time is written after the warehouse it describes was built, so the warehouse does not hold it; `oneface status` shows it.")
        out += BarChart(id: "chart-stage-seconds", title: "Seconds per stage",
                        description: "Wall time of each stage of run \(run) as the warehouse records it.",
                        bars: rows.filter { $0.double(1) != nil }.map { .init(label: $0.text(0), values: [$0.double(1) ?? 0]) },
                        valueTitle: "seconds", format: { Format.fixed($0, 2) + " s" }, width: 460, labelWidth: 90).svg()
        out += DataTable(caption: "Stages of run \(run) (etl_stage)", columns: ["stage", "seconds", "rows in", "rows out", "status"],
                         rows: rows.map { row in
            [.text(row.text(0)), .real(row.double(1), 3, key: "etl_stage/\(run)/\(row.text(0))/seconds"),
             .int(row.int(2)), .int(row.int(3)), .text(row.text(4))]
        }, collapsed: false).html()
        return out
    }

    /// The last `count` runs side by side.
    private func nights(_ db: Database, count: Int) throws -> String {
        let rows = try db.rows("""
            SELECT r.run_id, r.command, r.started_at, r.status, r.exit_code,
                   (SELECT sum(rows_read) FROM etl_file f WHERE f.run_id = r.run_id),
                   (SELECT sum(rows_staged) FROM etl_file f WHERE f.run_id = r.run_id),
                   (SELECT sum(rows_rejected) FROM etl_file f WHERE f.run_id = r.run_id),
                   (SELECT seconds FROM etl_stage s WHERE s.run_id = r.run_id AND s.stage = 'extract'),
                   (SELECT seconds FROM etl_stage s WHERE s.run_id = r.run_id AND s.stage = 'transform'),
                   (SELECT count(*) FROM customer_id_history h WHERE h.run_id = r.run_id AND h.event IN ('merge', 'split'))
            FROM etl_run r ORDER BY r.run_id DESC LIMIT ?
            """, [.integer(Int64(count))]).reversed()
        var out = heading("night-runs", "The last nights side by side")
        out += BarChart(id: "chart-run-seconds", title: "Extract and transform seconds per run",
                        description: "Wall time of the extract and transform stages of the last \(count) runs.",
                        series: ["extract", "transform"],
                        bars: rows.map { .init(label: "run \($0.int(0) ?? 0) · \($0.text(1))", values: [$0.double(8) ?? 0, $0.double(9) ?? 0]) },
                        valueTitle: "seconds", format: { Format.fixed($0, 2) + " s" }, width: 940, labelWidth: 160).svg()
        out += DataTable(caption: "Runs (etl_run, etl_file, etl_stage, customer_id_history)",
                         columns: ["run", "command", "started (UTC)", "status", "exit code", "rows read", "rows staged", "rows rejected",
                                   "extract s", "transform s", "merges and splits"],
                         rows: rows.map { row in
            let key = "etl_run/\(row.int(0) ?? 0)"
            return [.text("\(row.int(0) ?? 0)"), .text(row.text(1)), .text(row.text(2)), .text(row.text(3)), .int(row.int(4)),
                    .int(row.int(5), key: key + "/rows_read"), .int(row.int(6), key: key + "/rows_staged"),
                    .int(row.int(7), key: key + "/rows_rejected"), .real(row.double(8), 2), .real(row.double(9), 2),
                    .int(row.int(10), key: key + "/merges_splits")]
        }, collapsed: false).html()
        return out
    }

    private func fileName(_ path: String) -> String { String(path.split(separator: "/").last ?? Substring(path)) }
}
