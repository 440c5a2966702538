import PipelineCore
import Testing

@Suite("pipeline file: kpi section")
struct KPIConfigTests {
    @Test("without a kpi section the windows are 90 and 365 days")
    func defaults() throws {
        let config = try PipelineConfig.parse(yaml: PipelineConfigTests.valid, file: "p.yml")
        #expect(config.kpi.churnWindowDays == 90)
        #expect(config.kpi.rfmWindowDays == 365)
    }

    @Test("the windows are read from kpi:")
    func windows() throws {
        let yaml = PipelineConfigTests.valid + "\nkpi:\n  churn_window_days: 30\n  rfm_window_days: 180\n"
        let config = try PipelineConfig.parse(yaml: yaml, file: "p.yml")
        #expect(config.kpi.churnWindowDays == 30)
        #expect(config.kpi.rfmWindowDays == 180)
    }

    @Test("a bad window names its line and key", arguments: [
        ("churn_window_days: 0", "kpi.churn_window_days", "whole number of days"),
        ("churn_window_days: 90.5", "kpi.churn_window_days", "whole number of days"),
        ("rfm_window_days: 5000", "kpi.rfm_window_days", "from 1 to 3650"),
        ("churn_days: 30", "kpi.churn_days", "unknown key"),
    ])
    func badWindow(entry: String, key: String, expectation: String) throws {
        let yaml = PipelineConfigTests.valid + "\nkpi:\n  \(entry)\n"
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(entry) }! + 1
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: yaml, file: "p.yml") }
        #expect(error.key == key)
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(expectation), "\(error)")
    }
}
