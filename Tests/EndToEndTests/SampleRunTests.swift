import Foundation
import Testing
import TestSupport

/// Runs the built `oneface` on SampleData/ and checks the warehouse through the `sqlite3` shell.
@Suite("oneface run on SampleData", .serialized)
struct SampleRunTests {
    static let pipeline = RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml").path

    /// Runs a command against a warehouse and staging in `dir`.
    static func oneface(_ command: [String], in dir: TemporaryDirectory, extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.oneface(command + ["--pipeline", pipeline, "--warehouse", dir.file("warehouse.sqlite"),
                                             "--staging", dir.file("staging.sqlite"), "--quiet"] + extra)
    }

    @Test("the warehouse has every table, filled, and reconciles")
    func fullRun() throws {
        let dir = try TemporaryDirectory()
        let result = try Self.oneface(["run"], in: dir)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let db = dir.file("warehouse.sqlite")
        for table in ["dim_customer", "dim_date", "dim_source_system", "dim_channel", "dim_branch", "dim_campaign",
                      "fact_email_event", "fact_support_ticket", "fact_purchase", "fact_survey_response",
                      "bridge_customer_source", "agg_customer_month", "etl_run", "etl_file"] {
            let count = try ProcessRunner.sqlite3(db, "SELECT count(*) FROM \(table)")
            #expect((Int(count) ?? 0) > 0, "\(table) is empty")
        }
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM v_customer_360") == ProcessRunner.sqlite3(db, "SELECT count(DISTINCT customer_id) FROM dim_customer WHERE is_current = 1"))
        // Nothing lost: per file, rows read = rows staged + rows rejected.
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM etl_file WHERE rows_read <> rows_staged + rows_rejected") == "0")
        #expect(try ProcessRunner.sqlite3(db, "SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") == "succeeded")
        #expect(try ProcessRunner.sqlite3(db, "PRAGMA foreign_key_check") == "")
        #expect(try ProcessRunner.sqlite3(db, "PRAGMA integrity_check") == "ok")
        // Every staged row of the survey file is a fact (one row per response id).
        let staged = try ProcessRunner.sqlite3(db, "SELECT sum(rows_staged) FROM etl_file WHERE source = 'survey_responses' AND status = 'staged'")
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM fact_survey_response") == staged)
        // Postcodes keep their leading zeros.
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM dim_customer WHERE postcode LIKE '0%'") != "0")
    }

    @Test("records of the same person across systems are merged (checked against truth.csv)")
    func knownCustomersMerged() throws {
        let dir = try TemporaryDirectory()
        #expect(try Self.oneface(["run"], in: dir).status == 0)
        let db = dir.file("warehouse.sqlite")
        let truth = RepositoryPaths.root.appendingPathComponent("SampleData/truth.csv").path
        // Import the ground truth the way an analyst would, then compare pairs in SQL.
        let check = dir.file("check.sqlite")
        _ = try ProcessRunner.sqlite3(check, ".import --csv \(truth) truth", options: ["-batch"])
        let sql = """
            ATTACH '\(db)' AS w;
            CREATE TEMP TABLE r AS SELECT t.system, t.source_record_id, t.entity_id, b.customer_id
              FROM truth t JOIN w.bridge_customer_source b ON b.source_system = t.system AND b.source_record_id = t.source_record_id;
            SELECT (SELECT count(*) FROM truth), (SELECT count(*) FROM r),
              (SELECT count(*) FROM r a JOIN r b ON a.entity_id = b.entity_id AND (a.system, a.source_record_id) < (b.system, b.source_record_id)),
              (SELECT count(*) FROM r a JOIN r b ON a.customer_id = b.customer_id AND (a.system, a.source_record_id) < (b.system, b.source_record_id)),
              (SELECT count(*) FROM r a JOIN r b ON a.customer_id = b.customer_id AND a.entity_id = b.entity_id AND (a.system, a.source_record_id) < (b.system, b.source_record_id));
            """
        let numbers = try ProcessRunner.sqlite3(check, sql).split(separator: "|").compactMap { Double($0) }
        try #require(numbers.count == 5)
        let (truthRows, bridged, truePairs, predictedPairs, correctPairs) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
        #expect(truthRows == bridged, "every person record of truth.csv is in the bridge")
        let precision = correctPairs / predictedPairs, recall = correctPairs / truePairs
        // Measured 0.997 / 0.995 (seed 42, 2,000 people); the margin leaves room for model changes.
        #expect(precision > 0.98, "pairwise precision \(precision)")
        #expect(recall > 0.97, "pairwise recall \(recall)")
    }

    @Test("two runs over the same inputs give the same warehouse content")
    func rerunIsIdentical() throws {
        let first = try TemporaryDirectory(), second = try TemporaryDirectory()
        #expect(try Self.oneface(["run"], in: first).status == 0)
        let once = try WarehouseSnapshot.content(of: first.file("warehouse.sqlite"))
        #expect(try Self.oneface(["run"], in: first).status == 0)
        let twice = try WarehouseSnapshot.content(of: first.file("warehouse.sqlite"))
        #expect(once == twice)
        #expect(try Self.oneface(["run"], in: second).status == 0)
        let elsewhere = try WarehouseSnapshot.content(of: second.file("warehouse.sqlite"))
        #expect(once == elsewhere)
        #expect(once.keys.count >= 15)
    }

    @Test("extracting one source at a time, then transform and load, equals a full run")
    func stagewiseEqualsFullRun() throws {
        let full = try TemporaryDirectory(), staged = try TemporaryDirectory()
        #expect(try Self.oneface(["run"], in: full).status == 0)
        for source in ["survey_responses", "branch_transactions", "email_events", "support_tickets", "branch_branches", "email_contacts"] {
            let result = try Self.oneface(["extract", "--source", source], in: staged)
            #expect(result.status == 0, "\(source): \(result.stderr)")
        }
        #expect(try Self.oneface(["transform"], in: staged).status == 0)
        #expect(try Self.oneface(["load"], in: staged).status == 0)
        var a = try WarehouseSnapshot.content(of: full.file("warehouse.sqlite"))
        var b = try WarehouseSnapshot.content(of: staged.file("warehouse.sqlite"))
        // File ids depend on extraction order; compare the manifest by path instead.
        for table in ["etl_file", "etl_reject", "etl_nulled"] { a[table] = nil; b[table] = nil }
        #expect(a == b)
        let manifest = "SELECT source, path, sha256, rows_read, rows_staged, rows_rejected, rows_nulled, status FROM etl_file ORDER BY path, source"
        #expect(try ProcessRunner.sqlite3(full.file("warehouse.sqlite"), manifest) == ProcessRunner.sqlite3(staged.file("warehouse.sqlite"), manifest))
        let nulled = "SELECT f.path, n.line, n.field, n.reason, n.raw_value FROM etl_nulled n JOIN etl_file f USING (file_id) ORDER BY 1, 2, 3"
        #expect(try ProcessRunner.sqlite3(full.file("warehouse.sqlite"), nulled) == ProcessRunner.sqlite3(staged.file("warehouse.sqlite"), nulled))
    }

    @Test("re-extracting unchanged files is a no-op unless --force")
    func unchangedFilesSkipped() throws {
        let dir = try TemporaryDirectory()
        #expect(try Self.oneface(["extract"], in: dir).status == 0)
        let count = "SELECT count(*) FROM etl_file WHERE status = 'staged'"
        let before = try ProcessRunner.sqlite3(dir.file("staging.sqlite"), count)
        #expect(try Self.oneface(["extract"], in: dir).status == 0)
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), count) == before)
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), "SELECT count(*) FROM etl_file") == before)
        #expect(try Self.oneface(["extract", "--source", "survey_responses", "--force"], in: dir).status == 0)
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), "SELECT count(*) FROM etl_file WHERE status = 'superseded'") == "1")
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), count) == before)
    }

    @Test("a second run while one holds the lock exits at once with code 75")
    func concurrentRunRefused() throws {
        let dir = try TemporaryDirectory()
        let lockFile = dir.file("warehouse.sqlite.lock")
        // util-linux flock holds the same kind of lock a running oneface holds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lockFile, "sleep", "6"]
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        var waited = 0
        while !FileManager.default.fileExists(atPath: lockFile) && waited < 100 { usleep(50_000); waited += 1 }
        usleep(200_000)
        let started = Date()
        let result = try Self.oneface(["run"], in: dir)
        #expect(result.status == 75)
        #expect(result.stderr.contains("lock"))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(!FileManager.default.fileExists(atPath: dir.file("warehouse.sqlite")))
    }
}

@Suite("logging")
struct LoggingTests {
    @Test("--log-format json writes one JSON object per line; no customer data in any log line")
    func jsonLogsWithoutCustomerData() throws {
        let dir = try TemporaryDirectory()
        let result = try ProcessRunner.oneface(["run", "--pipeline", SampleRunTests.pipeline, "--warehouse", dir.file("w.sqlite"),
                                                "--staging", dir.file("s.sqlite"), "--log-format", "json", "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count >= 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String, "\(line)")
        }
        #expect(lines.contains { $0.contains("\"stage\":\"extract\"") })
        // --verbose times every step of the load and the transform's phases.
        for step in ["load: current records", "load: dim_customer", "load: fact_purchase_line", "load: agg_customer_month",
                     "load: indexes", "load: analytics: kpi_month", "load: analytics: customer_360", "load: customer_360 indexes",
                     "load: quick and foreign key check", "transform: read", "transform: wrote id_record"] {
            #expect(lines.contains { $0.contains(step) && $0.range(of: #" in [0-9]+\.[0-9]+ s"#, options: .regularExpression) != nil },
                    "no timing for \(step)")
        }
        // Customer values from the warehouse must not appear in the log.
        let samples = try ProcessRunner.sqlite3(dir.file("w.sqlite"),
            "SELECT email FROM dim_customer WHERE email IS NOT NULL ORDER BY customer_id LIMIT 50; SELECT last_name FROM dim_customer WHERE length(last_name) > 6 ORDER BY customer_id LIMIT 50")
        for value in samples.split(separator: "\n") {
            #expect(!result.stderr.contains(value), "log mentions a customer value")
        }
    }
}
