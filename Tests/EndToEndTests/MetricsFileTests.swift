import Foundation
import Testing
import TestSupport

/// `--metrics-file`: Prometheus text format for node_exporter's textfile collector, written
/// atomically at the end of every run, with the numbers the ledger holds.
@Suite("metrics file for monitoring")
struct MetricsFileTests {
    /// Checks the text exposition format strictly: HELP and TYPE before a family's samples, each
    /// family's samples together, metric and label names and values well formed. Also runs
    /// `promtool check metrics` where Prometheus is installed.
    static func checkFormat(_ text: String) throws -> [String: Double] {
        let name = "[a-zA-Z_:][a-zA-Z0-9_:]*"
        let label = "[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\""
        let sample = try Regex("^(\(name))(\\{\(label)(,\(label))*\\})? (-?[0-9]+(\\.[0-9]+)?(e[+-]?[0-9]+)?)$")
        var typed: [String] = [], finished: Set<String> = [], current: String?
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["gauge", "counter"].contains(String(parts[3])), "\(line)")
                if let current { finished.insert(current) }
                current = String(parts[2])
                #expect(!typed.contains(current!), "family typed twice: \(line)")
                typed.append(current!)
                continue
            }
            let match = try #require(try sample.wholeMatch(in: String(line)), "not a sample line: \(line)")
            let family = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(family == current, "sample outside its family block: \(line)")
            #expect(!finished.contains(family))
            _ = match
            values[String(line.split(separator: " ")[0])] = Double(line.split(separator: " ").last!)
        }
        #expect(text.hasSuffix("\n"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") {
            let dir = try TemporaryDirectory()
            let file = try dir.write("m.prom", text: text)
            let result = try ProcessRunner.run("/bin/sh", ["-c", "promtool check metrics < \"$0\"", file])
            #expect(result.status == 0, "promtool: \(result.stdout) \(result.stderr)")
        }
        return values
    }

    @Test("a good night: success 1, rows per source as in etl_file, customers, no temp file left")
    func goodNight() throws {
        let mini = try MiniPipeline(yaml: NightLimitsTests.pipeline)
        try mini.dir.write("in/contacts.csv", text: NightLimitsTests.good)
        let metrics = mini.dir.file("metrics/oneface.prom")
        try FileManager.default.createDirectory(atPath: mini.dir.file("metrics"), withIntermediateDirectories: true)
        #expect(try mini.oneface(["run", "--metrics-file", metrics]).status == 0)
        let values = try Self.checkFormat(try String(contentsOfFile: metrics, encoding: .utf8))
        #expect(values["oneface_run_success{command=\"run\"}"] == 1)
        #expect(values["oneface_run_exit_code{command=\"run\"}"] == 0)
        #expect(values["oneface_source_rows{outcome=\"read\",source=\"contacts\"}"] == 3)
        #expect(values["oneface_source_rows{outcome=\"staged\",source=\"contacts\"}"] == 3)
        #expect(values["oneface_customers"] == Double(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer WHERE is_current = 1")))
        #expect(values["oneface_identity_events{kind=\"new\"}"] == 3)
        #expect(values["oneface_stage_success{stage=\"load\"}"] == 1)
        #expect(values["oneface_last_success_timestamp_seconds"] ?? 0 > 1_700_000_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mini.dir.file("metrics")) == ["oneface.prom"])
    }

    @Test("a failing night: success 0, exit code 65, the failed file counted; the last success time stays")
    func failingNight() throws {
        let mini = try MiniPipeline(yaml: NightLimitsTests.pipeline)
        let metrics = mini.dir.file("oneface.prom")
        try mini.dir.write("in/contacts.csv", text: NightLimitsTests.good)
        #expect(try mini.oneface(["run", "--metrics-file", metrics]).status == 0)
        let before = try Self.checkFormat(try String(contentsOfFile: metrics, encoding: .utf8))
        try mini.dir.write("in/contacts.csv", text: NightLimitsTests.changedFormat)
        #expect(try mini.oneface(["run", "--metrics-file", metrics]).status == 65)
        let after = try Self.checkFormat(try String(contentsOfFile: metrics, encoding: .utf8))
        #expect(after["oneface_run_success{command=\"run\"}"] == 0)
        #expect(after["oneface_run_exit_code{command=\"run\"}"] == 65)
        #expect(after["oneface_source_files_failed{source=\"contacts\"}"] == 1)
        #expect(after["oneface_source_rows{outcome=\"rejected\",source=\"contacts\"}"] == 3)
        #expect(after["oneface_last_success_timestamp_seconds"] == before["oneface_last_success_timestamp_seconds"])
    }
}
