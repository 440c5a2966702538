/// The night report written after every run that loads (pipeline key `report`), e.g.
/// `report: {out: ../out/report.html}`. Without the key no report is written by a run;
/// `oneface report` writes one on demand.
public struct ReportConfig: Sendable, Equatable {
    /// Where the HTML page goes (absolute after loading).
    public var out: String
    /// A labelled truth file to score the clustering against (absolute), if any.
    public var truth: String?

    public init(out: String, truth: String? = nil) {
        self.out = out
        self.truth = truth
    }
}
