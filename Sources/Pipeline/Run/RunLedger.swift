import Foundation
import SQLiteDB

/// The run and stage rows in staging: when, how long, rows per stage, outcome.
struct RunLedger {
    let db: Database

    func start(command: String) throws -> Int64 {
        try db.execute("INSERT INTO etl_run(command, started_at, status) VALUES (?, ?, 'running')", [.text(command), .text(Clock.nowISO())])
        return db.lastInsertRowID
    }

    func startStage(_ run: Int64, _ stage: String) throws {
        try db.execute("INSERT OR REPLACE INTO etl_stage(run_id, stage, started_at, status) VALUES (?, ?, ?, 'running')",
                       [.integer(run), .text(stage), .text(Clock.nowISO())])
    }

    func finishStage(_ run: Int64, _ stage: String, seconds: Double, rowsIn: Int, rowsOut: Int, rejected: Int, status: String, message: String? = nil) throws {
        try db.execute("""
            UPDATE etl_stage SET seconds = ?, rows_in = ?, rows_out = ?, rows_rejected = ?, status = ?, message = ?
            WHERE run_id = ? AND stage = ?
            """, [.real((seconds * 1000).rounded() / 1000), .integer(Int64(rowsIn)), .integer(Int64(rowsOut)), .integer(Int64(rejected)),
                  .text(status), SQLValue(message), .integer(run), .text(stage)])
    }

    func finish(_ run: Int64, status: String, exitCode: Int32, read: Int, staged: Int, rejected: Int, message: String?) throws {
        try db.execute("""
            UPDATE etl_run SET finished_at = ?, status = ?, exit_code = ?, rows_read = ?, rows_staged = ?, rows_rejected = ?, message = ?
            WHERE run_id = ?
            """, [.text(Clock.nowISO()), .text(status), .integer(Int64(exitCode)), .integer(Int64(read)), .integer(Int64(staged)),
                  .integer(Int64(rejected)), SQLValue(message), .integer(run)])
    }
}
