import Foundation
import SQLiteDB
import Staging

/// Prometheus text-format metrics of a run, written at its end for node_exporter's textfile
/// collector (`--metrics-file PATH`): temp file in the same folder, then `rename(2)`, so the
/// collector never reads half a file.
///
/// Everything comes from the run's ledger rows in staging, the numbers `status` shows.
/// No customer data: labels are commands, stages, sources and event kinds.
enum MetricsFile {
    static func write(path: String, runID: Int64, db: Database, customers: Int?) throws {
        var out = MetricsText()
        let run = try db.rows("SELECT command, status, exit_code, started_at, finished_at FROM etl_run WHERE run_id = ?", [.integer(runID)]).first
        let command = run?[0].string ?? "unknown"
        let status = run?[1].string ?? "unknown"
        let started = run?[3].string.flatMap(Self.epoch), finished = run?[4].string.flatMap(Self.epoch)

        out.family("oneface_run_success", "1 when the last run succeeded (completed_with_errors and failed are 0)", "gauge")
        out.sample("oneface_run_success", ["command": command], status == LedgerStatus.succeeded.rawValue ? 1 : 0)
        out.family("oneface_run_exit_code", "Exit code of the last run (0, 65, 70, 75, 78)", "gauge")
        out.sample("oneface_run_exit_code", ["command": command], Double(run?[2].int ?? -1))
        out.family("oneface_run_duration_seconds", "Wall time of the last run", "gauge")
        out.sample("oneface_run_duration_seconds", ["command": command], max(0, (finished ?? 0) - (started ?? 0)))
        out.family("oneface_run_timestamp_seconds", "When the last run finished (Unix time)", "gauge")
        out.sample("oneface_run_timestamp_seconds", ["command": command], finished ?? 0)

        // Each family's samples together, after its HELP and TYPE, as the format requires.
        let stages = try db.rows("SELECT stage, seconds, status FROM etl_stage WHERE run_id = ? ORDER BY stage", [.integer(runID)])
        out.family("oneface_stage_duration_seconds", "Wall time of each stage of the last run", "gauge")
        for stage in stages { out.sample("oneface_stage_duration_seconds", ["stage": stage[0].string ?? "unknown"], stage[1].double ?? 0) }
        out.family("oneface_stage_success", "1 when the stage succeeded in the last run", "gauge")
        for stage in stages {
            out.sample("oneface_stage_success", ["stage": stage[0].string ?? "unknown"], stage[2].string == LedgerStatus.succeeded.rawValue ? 1 : 0)
        }

        let files = try db.rows("""
            SELECT source, sum(rows_read), sum(rows_staged), sum(rows_nulled), sum(rows_rejected), sum(status = ?)
            FROM etl_file WHERE run_id = ? GROUP BY source ORDER BY source
            """, [.text(FileStatus.failed.rawValue), .integer(runID)])
        out.family("oneface_source_rows", "Rows of the files the last run extracted, per source and outcome", "gauge")
        for row in files {
            for (index, outcome) in ["read", "staged", "nulled", "rejected"].enumerated() {
                out.sample("oneface_source_rows", ["source": row[0].string ?? "unknown", "outcome": outcome], Double(row[index + 1].int ?? 0))
            }
        }
        out.family("oneface_source_files_failed", "Files of the last run that failed (unreadable or over their limits), per source", "gauge")
        for row in files { out.sample("oneface_source_files_failed", ["source": row[0].string ?? "unknown"], Double(row[5].int ?? 0)) }

        if let customers {
            out.family("oneface_customers", "Current customers in the warehouse the last run published", "gauge")
            out.sample("oneface_customers", [:], Double(customers))
        }
        out.family("oneface_identity_events", "Customer id events of the last run (new, merge, split, retired)", "gauge")
        var events = ["new": 0, "merge": 0, "split": 0, "retired": 0]
        for row in try db.rows("SELECT event, count(*) FROM customer_id_history WHERE run_id = ? GROUP BY event", [.integer(runID)]) {
            events[row[0].string ?? "unknown"] = Int(row[1].int ?? 0)
        }
        for kind in events.keys.sorted() { out.sample("oneface_identity_events", ["kind": kind], Double(events[kind]!)) }

        out.family("oneface_last_success_timestamp_seconds", "When a run last succeeded (Unix time; 0: never)", "gauge")
        let lastSuccess = try db.scalar("SELECT max(finished_at) FROM etl_run WHERE status = ?", [.text(LedgerStatus.succeeded.rawValue)])?.string
        out.sample("oneface_last_success_timestamp_seconds", [:], lastSuccess.flatMap(Self.epoch) ?? 0)

        try Self.replace(path, with: out.text)
    }

    /// Writes `text` next to `path` and renames it into place.
    static func replace(_ path: String, with text: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw PipelineError.failure("cannot write the metrics file next to \(path): \(error.localizedDescription). Check the folder exists and is writable.")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PipelineError.failure("cannot move the metrics file into place at \(path): \(reason)")
        }
    }

    static func epoch(_ iso: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: iso) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: iso)?.timeIntervalSince1970
    }
}

/// The Prometheus text exposition format (version 0.0.4): HELP and TYPE once per family, then samples.
struct MetricsText {
    private(set) var text = ""

    mutating func family(_ name: String, _ help: String, _ type: String) {
        text += "# HELP \(name) \(help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n"))\n"
        text += "# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
        let rendered = labels.keys.sorted().map { key in
            let escaped = labels[key]!.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        text += name + (rendered.isEmpty ? "" : "{" + rendered.joined(separator: ",") + "}") + " " + number + "\n"
    }
}
