import SQLiteDB

/// The review of matches near the threshold (`oneface review`): how many decisions people have
/// made and what became of them (`review_decision`), and how many pairs still wait
/// (`v_review_queue`), by what the matcher did with them. Counts only: no record of a person.
struct ReviewSection: ReportSection {
    let id = "review"
    let title = "Review of matches near the threshold"

    func body(_ context: ReportContext) throws -> String? {
        let db = context.db
        guard try db.hasTable("review_decision"),
              try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = 'v_review_queue'")?.int == 1 else { return nil }
        let waiting = try db.scalar("SELECT count(*) FROM v_review_queue")?.int ?? 0
        let decided = try db.scalar("SELECT count(*) FROM review_decision")?.int ?? 0
        var out = paragraph("People's decisions (oneface review --link N | --keep-apart N, kept in the pipeline's reviewed-decisions "
                            + "file) are applied before clustering every night. \(decided) decision\(decided == 1 ? " is" : "s are") in force; "
                            + "\(waiting) pair\(waiting == 1 ? "" : "s") near the threshold or refused by a guard wait for one.")
        let statuses = try db.rows("SELECT decision, status, count(*) FROM review_decision GROUP BY 1, 2 ORDER BY 1, 2")
        if !statuses.isEmpty {
            out += DataTable(caption: "Decisions in force (review_decision)", columns: ["decision", "status", "pairs"],
                             rows: statuses.map { row in
                [.text(row.text(0)), .text(row.text(1)), .int(row.int(2), key: "review_decision/\(row.text(0))/\(row.text(1))")]
            }).html()
        }
        let queue = try db.rows("SELECT decision, count(*) FROM v_review_queue GROUP BY 1 ORDER BY 1")
        if !queue.isEmpty {
            out += DataTable(caption: "Pairs waiting for a decision (v_review_queue), by what the matcher did",
                             columns: ["matcher's decision", "pairs"],
                             rows: queue.map { row in [.text(row.text(0)), .int(row.int(1), key: "v_review_queue/\(row.text(0))")] }).html()
        }
        return out
    }
}
