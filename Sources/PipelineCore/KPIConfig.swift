/// Settings of the warehouse's KPIs (pipeline key `kpi`).
///
/// The windows are configuration because "churned" and "repeat buyer" depend on how long a
/// business waits before it calls a customer gone; the defaults follow DOMAIN.md.
public struct KPIConfig: Sendable, Equatable {
    /// Churn and repeat-purchase window in days (`kpi.churn_window_days`, default 90).
    public var churnWindowDays: Int = 90
    /// Window of RFM frequency and monetary value in days (`kpi.rfm_window_days`, default 365).
    public var rfmWindowDays: Int = 365

    public init() {}

    /// Accepted window lengths: a day to ten years.
    public static let windowRange = 1...3650
}
