import Foundation
import Testing
import TestSupport

/// Survey scales per survey (`kpi.surveys`): answers are checked against their survey's scale on
/// extract, `dim_survey` describes the scales, and the KPIs bring every answer onto the standard one.
@Suite("survey scales per survey")
struct SurveyScaleTests {
    static let pipeline = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    kpi:
      surveys:
        CX-10: {csat: [1, 10], ces: [1, 5], ces_easiest: 1}
        default: {ces: [1, 7]}
    sources:
      - name: answers
        system: survey
        entity: survey_response
        format: csv
        path: answers.csv
        dialect: {delimiter: ","}
        fields: {record_id: id, survey_id: survey, email: mail, answered_at: at, csat: csat, ces: ces, nps: nps}
    """

    static let answers = """
    id,survey,mail,at,csat,ces,nps
    A1,CX-10,a@example.de,2026-03-01T10:00:00Z,10,1,10
    A2,CX-10,b@example.de,2026-03-02T10:00:00Z,9,5,9
    A3,CX-10,c@example.de,2026-03-03T10:00:00Z,1,3,3
    A4,CX-10,d@example.de,2026-03-04T10:00:00Z,11,,
    A5,OLD-5,e@example.de,2026-03-05T10:00:00Z,4,7,8
    A6,OLD-5,f@example.de,2026-03-06T10:00:00Z,6,,

    """

    @Test("answers on a 1–10 CSAT and a reversed 1–5 CES scale count on the standard scales; out-of-scale answers are rejected")
    func scales() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline)
        try mini.dir.write("in/answers.csv", text: Self.answers)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT survey_id, ces_min, ces_max, ces_easiest, csat_min, csat_max FROM dim_survey ORDER BY 1")
                == "CX-10|1|5|1|1|10\nOLD-5|1|7|7|1|5")
        let scores = try ProcessRunner.sqlite3(mini.warehouse, """
            SELECT source_record_id, csat, round(csat_score, 3), ces, round(ces_score, 3) FROM fact_survey_response ORDER BY 1
            """)
        #expect(scores == "A1|10|5.0|1|7.0\nA2|9|4.556|5|1.0\nA3|1|1.0|3|4.0\nA5|4|4.0|7|7.0", "\(scores)")
        let rejects = try ProcessRunner.sqlite3(mini.staging, "SELECT line, reason FROM etl_reject ORDER BY line")
        #expect(rejects == "5|csat: outside 1-10 (the survey's csat scale, kpi.surveys)\n7|csat: outside 1-5 (the survey's csat scale, kpi.surveys)", "\(rejects)")
        // CSAT: average of the standard scores, satisfied = score ≥ 4 (9 and 10 of 1–10, 4 of 1–5).
        let month = try ProcessRunner.sqlite3(mini.warehouse, "SELECT csat_responses, csat_avg, csat_satisfied_pct, ces_responses, ces_avg FROM kpi_month WHERE year_month = '2026-03'")
        #expect(month == "4|3.64|75.0|4|4.75", "\(month)")
    }

    @Test("a scale that is not [low, high], or an easiest CES answer at neither end, names its line and key")
    func badScales() throws {
        for (bad, key) in [("CX-10: {csat: [10, 1]}", "kpi.surveys.CX-10.csat"), ("CX-10: {ces: [1, 5], ces_easiest: 3}", "kpi.surveys.CX-10.ces_easiest"),
                           ("CX-10: {nps: [1, 10]}", "kpi.surveys.CX-10")] {
            let mini = try MiniPipeline(yaml: Self.pipeline.replacingOccurrences(of: "CX-10: {csat: [1, 10], ces: [1, 5], ces_easiest: 1}", with: bad))
            let result = try mini.oneface(["validate"])
            #expect(result.status == 78, "\(bad)")
            #expect(result.stderr.contains("pipeline.yml:") && result.stderr.contains(key), "\(bad): \(result.stderr)")
        }
    }
}
