import Identity
import SQLiteDB

/// What every section reads: the warehouse (read-only), the identity model and the report's input.
struct ReportContext {
    let db: Database
    let input: ReportInput
    /// The saved identity model; nil when there is none (fewer than 300 compared pairs: built-in).
    let model: MatchModel?

    /// The match threshold as a match weight in bits: log2(p / (1 − p)).
    var thresholdWeight: Double { MatchScorer.weight(probability: input.matchThreshold) }
}

/// One section of the page: its anchor, heading and body. A section that has nothing to say
/// returns nil and is left out (with its entry in the contents).
protocol ReportSection: Sendable {
    var id: String { get }
    var title: String { get }
    func body(_ context: ReportContext) throws -> String?
}

/// Small helpers shared by the sections.
extension ReportSection {
    /// A sub-heading with an anchor.
    func heading(_ id: String, _ text: String) -> String {
        "<h3 id=\"\(id)\">\(HTML.escape(text))</h3>\n"
    }

    func paragraph(_ text: String) -> String { "<p>\(HTML.escape(text))</p>\n" }

    /// Charts side by side where the page is wide enough.
    func grid(_ charts: [String]) -> String { "<div class=\"grid\">\n" + charts.joined() + "</div>\n" }
}

extension Array where Element == SQLValue {
    func text(_ index: Int) -> String { self[index].string ?? "" }
    func int(_ index: Int) -> Int64? { self[index].int ?? self[index].double.map { Int64($0) } }
    func double(_ index: Int) -> Double? { self[index].double }
}
