import Foundation
import Testing
import TestSupport

/// What the cron operator relies on: a version, JSON logs that are JSON to the last line, a closed
/// log pipe that does not stop the run, and a status that tells a dead run from a running one.
@Suite("operator: version, JSON logs, broken pipes, status")
struct OperatorTests {
    static func pipeline() throws -> MiniPipeline {
        let mini = try MiniPipeline(yaml: NightLimitsTests.pipeline)
        try mini.dir.write("in/contacts.csv", text: NightLimitsTests.good)
        return mini
    }

    @Test("--version names the release and the schema versions")
    func version() throws {
        let result = try ProcessRunner.oneface(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("oneface ") && result.stdout.contains("staging schema") && result.stdout.contains("warehouse schema"),
                "\(result.stdout)")
    }

    @Test("with --log-format json every stderr line is JSON, the fatal one included, and counts are numbers")
    func jsonLogs() throws {
        let mini = try Self.pipeline()
        let run = try ProcessRunner.oneface(["run", "--pipeline", mini.pipeline, "--log-format", "json", "--verbose"])
        #expect(run.status == 0)
        var sawNumber = false
        for line in run.stderr.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String, "\(line)")
            if let rows = object?["rows"] { sawNumber = sawNumber || rows is NSNumber }
        }
        #expect(sawNumber, "the extract's row count is a JSON number: \(run.stderr)")
        let broken = try ProcessRunner.oneface(["run", "--pipeline", mini.dir.file("missing.yml"), "--log-format", "json"])
        #expect(broken.status == 78)
        let lines = broken.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        let fatal = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(fatal?["level"] as? String == "critical")
        #expect((fatal?["exit_code"] as? NSNumber)?.intValue == 78)
    }

    @Test("on a terminal, extract shows each file's share read and rows, transform and load the step they are on")
    func progressOnATerminal() throws {
        let mini = try Self.pipeline()
        // `script` gives the run a terminal; the progress line goes to stderr, the log nowhere else.
        let command = "\"\(RepositoryPaths.onefaceBinary)\" run --pipeline \"\(mini.pipeline)\" 2>&1 >/dev/null"
        let result = try ProcessRunner.run("/usr/bin/script", ["-qfec", command, mini.dir.file("tty.txt")])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let screen = try String(contentsOfFile: mini.dir.file("tty.txt"), encoding: .utf8)
        #expect(screen.contains("extract contacts.csv: 100%, 3 rows"), "\(screen)")
        #expect(screen.contains("transform: step 1 of 10, read staged records"), "\(screen)")
        #expect(screen.contains("load: step 1 of ") && screen.contains("quick and foreign key check"), "\(screen)")
    }

    @Test("a closed log pipe does not stop the run")
    func closedLogPipe() throws {
        let mini = try Self.pipeline()
        // stderr into a pipe whose reader is gone at once; the run must still finish and publish.
        let script = "\"$0\" run --pipeline \"$1\" --verbose 2>&1 >/dev/null | true; exit ${PIPESTATUS[0]}"
        let result = try ProcessRunner.run("/bin/bash", ["-c", script, RepositoryPaths.onefaceBinary, mini.pipeline])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer") == "3")
    }

    @Test("status tells a run whose process is gone from a running one, also as JSON")
    func deadRun() throws {
        let mini = try Self.pipeline()
        #expect(try mini.oneface(["run"]).status == 0)
        // As a kill -9 leaves it: the run row still says running, and no process holds the lock.
        _ = try ProcessRunner.sqlite3(mini.staging, "UPDATE etl_run SET status = 'running', finished_at = NULL")
        let text = try mini.oneface(["status"])
        #expect(text.stdout.contains("interrupted") && text.stdout.contains("process is gone"), "\(text.stdout)")
        let json = try mini.oneface(["status", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let runs = object?["runs"] as? [[String: Any]]
        #expect(runs?.first?["status"] as? String == "interrupted")
        #expect((runs?.first?["rows_read"] as? NSNumber)?.intValue == 3)
    }

    @Test("the published warehouse records its own load as succeeded, not running")
    func publishedLoadRow() throws {
        let mini = try Self.pipeline()
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT status FROM etl_stage WHERE stage = 'load'") == "succeeded")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT status FROM etl_run") == "succeeded")
    }

    @Test("a damaged staging database is named, with how to rebuild it and what is lost; exit 70")
    func damagedStaging() throws {
        let mini = try Self.pipeline()
        try FileManager.default.createDirectory(atPath: mini.dir.file("out"), withIntermediateDirectories: true)
        try mini.dir.write("out/staging.sqlite", text: String(repeating: "this is not a database\n", count: 400))
        let run = try mini.oneface(["run"])
        #expect(run.status == 70)
        #expect(run.stderr.contains("staging database \(mini.staging) is damaged") && run.stderr.contains("oneface run --force")
                && run.stderr.contains("erasure tombstones"), "\(run.stderr)")
        let status = try mini.oneface(["status"])
        #expect(status.status == 70 && status.stderr.contains("is damaged"), "\(status.stderr)")
    }

    @Test("a run whose staging database another run holds (with another warehouse) exits 75 and does nothing")
    func stagingLocked() throws {
        let mini = try Self.pipeline()
        try FileManager.default.createDirectory(atPath: mini.dir.file("out"), withIntermediateDirectories: true)
        // Another run holds staging's lock for two seconds while this one starts with its own warehouse.
        let script = "flock \"$1\" sleep 2 & sleep 0.5; \"$0\" run --pipeline \"$2\" --quiet --warehouse \"$3\"; code=$?; wait; exit $code"
        let result = try ProcessRunner.run("/bin/bash", ["-c", script, RepositoryPaths.onefaceBinary, mini.staging + ".lock",
                                                         mini.pipeline, mini.dir.file("out/other.sqlite")])
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("staging.sqlite.lock"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mini.dir.file("out/other.sqlite")))
    }
}
