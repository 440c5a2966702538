import Foundation
import SQLiteDB

/// The outcome of a run or a stage (`etl_run.status`, `etl_stage.status`).
public enum LedgerStatus: String, Sendable, CaseIterable {
    case running
    case succeeded
    /// Finished, but some input could not be read (exit 65).
    case completedWithErrors = "completed_with_errors"
    case failed
    /// Was still `running` when the next run took the lock: killed or cut off.
    case interrupted
}

/// The run and stage rows in staging: when, how long, rows per stage, outcome.
public struct RunLedger {
    let db: Database

    public init(db: Database) { self.db = db }

    /// Marks runs and stages still `running` as `interrupted`; call only while holding the run lock.
    public func closeInterrupted() throws {
        for table in ["etl_run", "etl_stage"] {
            try db.execute("UPDATE \(table) SET status = ? WHERE status = ?",
                           [.text(LedgerStatus.interrupted.rawValue), .text(LedgerStatus.running.rawValue)])
        }
    }

    public func start(command: String) throws -> Int64 {
        try db.execute("INSERT INTO etl_run(command, started_at, status) VALUES (?, ?, ?)",
                       [.text(command), .text(LedgerClock.nowISO()), .text(LedgerStatus.running.rawValue)])
        return db.lastInsertRowID
    }

    public func startStage(_ run: Int64, _ stage: String) throws {
        try db.execute("INSERT OR REPLACE INTO etl_stage(run_id, stage, started_at, status) VALUES (?, ?, ?, ?)",
                       [.integer(run), .text(stage), .text(LedgerClock.nowISO()), .text(LedgerStatus.running.rawValue)])
    }

    public func finishStage(_ run: Int64, _ stage: String, seconds: Double, rowsIn: Int, rowsOut: Int, rejected: Int,
                            status: LedgerStatus, message: String? = nil) throws {
        try db.execute("""
            UPDATE etl_stage SET seconds = ?, rows_in = ?, rows_out = ?, rows_rejected = ?, status = ?, message = ?
            WHERE run_id = ? AND stage = ?
            """, [.real((seconds * 1000).rounded() / 1000), .integer(Int64(rowsIn)), .integer(Int64(rowsOut)), .integer(Int64(rejected)),
                  .text(status.rawValue), SQLValue(message), .integer(run), .text(stage)])
    }

    public func finish(_ run: Int64, status: LedgerStatus, exitCode: Int32, read: Int, staged: Int, rejected: Int, message: String?) throws {
        try db.execute("""
            UPDATE etl_run SET finished_at = ?, status = ?, exit_code = ?, rows_read = ?, rows_staged = ?, rows_rejected = ?, message = ?
            WHERE run_id = ?
            """, [.text(LedgerClock.nowISO()), .text(status.rawValue), .integer(Int64(exitCode)), .integer(Int64(read)), .integer(Int64(staged)),
                  .integer(Int64(rejected)), SQLValue(message), .integer(run)])
    }
}
