import PipelineCore
import SQLiteDB

/// Runs the analyst-facing part of the load inside the builder's transaction.
enum AnalyticsLoad {
    /// SQL functions the load uses besides `oneface_date_key`; deterministic, no customer data kept.
    static func registerFunctions(on db: Database) throws {
        try db.createFunction("oneface_exact_product", argumentCount: 2) { args in
            let decimal: String
            switch args[0] {
            case let .text(text): decimal = text
            case let .integer(value): decimal = String(value)
            default: return .null
            }
            guard case let .integer(cents) = args[1], let product = ExactProduct.multiply(decimal, cents) else { return .null }
            return .text(product)
        }
        // Integer a / b rounded half away from zero: money stays exact integer cents.
        try db.createFunction("oneface_round_div", argumentCount: 2) { args in
            guard case let .integer(a) = args[0], case let .integer(b) = args[1], b != 0 else { return .null }
            let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
            let roundsAway = remainder.magnitude * 2 >= b.magnitude
            guard roundsAway else { return .integer(quotient) }
            return .integer(quotient + ((a < 0) != (b < 0) ? -1 : 1))
        }
    }

    /// The names of `run`'s steps, in order (what it reports to `step`).
    static let stepNames = ["analytics indexes"] + AnalyticsSQL.namedSteps.map { "analytics: " + $0.name } + ["customer_360 indexes"]

    /// The RFM rules and KPI settings (bound values), then the KPI, aggregate and 360 steps;
    /// `step` hears each step's name once it is done (see `stepNames`).
    /// `factIndexes`: build the facts' analytics indexes (a full build; an update keeps them).
    static func run(on db: Database, kpi: KPIConfig, factIndexes: Bool = true, step: (String) -> Void = { _ in }) throws {
        try db.execute("DELETE FROM dw_meta WHERE key IN ('kpi_churn_window_days', 'kpi_rfm_window_days')")
        try db.execute("INSERT INTO dw_meta(key, value) VALUES ('kpi_churn_window_days', ?), ('kpi_rfm_window_days', ?)",
                       [.text(String(kpi.churnWindowDays)), .text(String(kpi.rfmWindowDays))])
        let insert = try db.prepare("""
            INSERT OR REPLACE INTO dim_rfm_segment(segment, priority, r_min, r_max, f_min, f_max, m_min, m_max, description)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for segment in RFMSegment.all {
            func bounds(_ range: ClosedRange<Int>?) -> [SQLValue] {
                guard let range else { return [.null, .null] }
                return [.integer(Int64(range.lowerBound)), .integer(Int64(range.upperBound))]
            }
            try insert.execute([.text(segment.name), .integer(Int64(segment.priority))]
                               + bounds(segment.r) + bounds(segment.f) + bounds(segment.m) + [.text(segment.description)])
        }
        if factIndexes { try db.execute(AnalyticsSchema.factIndexes) }
        step(stepNames[0])
        for (name, sql) in AnalyticsSQL.namedSteps {
            try db.execute(sql)
            step("analytics: " + name)
        }
        try db.execute(AnalyticsSchema.customerIndexes)
        step(stepNames[stepNames.count - 1])
    }
}
