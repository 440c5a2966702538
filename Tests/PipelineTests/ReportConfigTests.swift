import PipelineCore
import Testing

@Suite("pipeline file: report section")
struct ReportConfigTests {
    @Test("without a report section a run writes no report")
    func none() throws {
        #expect(try PipelineConfig.parse(yaml: PipelineConfigTests.valid, file: "/p/p.yml").report == nil)
    }

    @Test("out and truth are paths relative to the pipeline file")
    func paths() throws {
        let yaml = PipelineConfigTests.valid + "\nreport: {out: ../out/report.html, truth: truth.csv}\n"
        let config = try PipelineConfig.parse(yaml: yaml, file: "/srv/oneface/pipelines/p.yml")
        #expect(config.report == ReportConfig(out: "/srv/oneface/out/report.html", truth: "/srv/oneface/pipelines/truth.csv"))
    }

    @Test("a bad report section names its line and key", arguments: [
        ("report: {truth: t.csv}", "report.out", "missing"),
        ("report: {out: out/}", "report.out", "file path"),
        ("report: {out: r.html, nights: 3}", "report.nights", "unknown key"),
        ("report: out/report.html", "report", "expected a mapping"),
    ])
    func bad(entry: String, key: String, expectation: String) throws {
        let yaml = PipelineConfigTests.valid + "\n\(entry)\n"
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(entry) }! + 1
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: yaml, file: "p.yml") }
        #expect(error.key == key)
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(expectation), "\(error)")
    }
}
