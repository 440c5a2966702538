/// Settings of the warehouse's KPIs (pipeline key `kpi`).
///
/// The windows are configuration because "churned" and "repeat buyer" depend on how long a
/// business waits before it calls a customer gone; the defaults follow DOMAIN.md.
public struct KPIConfig: Sendable, Equatable {
    /// Churn and repeat-purchase window in days (`kpi.churn_window_days`, default 90).
    public var churnWindowDays: Int = 90
    /// Window of RFM frequency and monetary value in days (`kpi.rfm_window_days`, default 365).
    public var rfmWindowDays: Int = 365
    /// Answer scales per survey id (`kpi.surveys`); `default` for surveys not listed.
    public var surveys: [String: SurveyScale] = [:]

    public init() {}

    /// The scale of a survey's answers: its own, else the `default` entry, else the standard one.
    /// Answers without a survey id use the standard scale (map `survey_id`, e.g. `{const: CX}`, to
    /// give them another).
    public func scale(for surveyID: String?) -> SurveyScale {
        guard let surveyID else { return SurveyScale() }
        return surveys[surveyID] ?? surveys[SurveyScale.defaultKey] ?? SurveyScale()
    }

    /// Accepted window lengths: a day to ten years.
    public static let windowRange = 1...3650
}

/// The answer scales of one survey. NPS is always 0–10 (its definition); CSAT and the customer
/// effort score vary between tools. The KPIs bring every answer onto the standard scales (CSAT
/// 1–5, CES 1–7 with 7 = easy) linearly; "satisfied" is one of the top two answers.
public struct SurveyScale: Sendable, Equatable {
    public var csat: ClosedRange<Int64> = 1...5
    public var ces: ClosedRange<Int64> = 1...7
    /// The CES answer that means "very easy": the scale's maximum (default) or minimum.
    public var cesEasiest: Int64 = 7

    public init(csat: ClosedRange<Int64> = 1...5, ces: ClosedRange<Int64> = 1...7, cesEasiest: Int64? = nil) {
        self.csat = csat
        self.ces = ces
        self.cesEasiest = cesEasiest ?? ces.upperBound
    }

    /// The `kpi.surveys` key of the scale for every survey not listed.
    public static let defaultKey = "default"
}
