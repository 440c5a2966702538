import Extract
import Foundation
import PipelineCore
import Testing
import TestSupport

/// Exports from tools other than the sample's, mapped: what their writers do differently.
@Suite("mapping: exports of other tools")
struct ForeignExportMappingTests {
    @Test("a JSON number written `9.0` is a whole number; `9.5` and `1.000` (maybe a thousand) are not")
    func jsonWholeNumbers() throws {
        let mapper = try MultiValueMappingTests.mapper("""
          - {name: answers, system: survey, entity: survey_response, format: ndjson, path: a.ndjson,
             fields: {record_id: id, answered_at: {const: "2026-01-01T00:00:00Z"}, email: who, nps: score, csat: stars}}
        """)
        let folder = try TemporaryDirectory("json-numbers")
        let path = try folder.write("a.ndjson", text: """
            {"id":"A1","who":"a@example.de","score":9.0,"stars":4}
            {"id":"A2","who":"b@example.de","score":0.0,"stars":5.0}
            {"id":"A3","who":"c@example.de","score":9.5,"stars":4}
            {"id":"A4","who":"d@example.de","score":"1.000","stars":4}

            """)
        var reader = try JSONReader(source: try ByteSource(path: path), layout: .lines)
        let rows = try MultiValueMappingTests.mapped(&reader, mapper, ["record_id", "nps", "csat"])
        #expect(rows[0].values == ["A1", "9", "4"])
        #expect(rows[1].values == ["A2", "0", "5"])
        #expect(rows[2].failure?.field == "nps" && rows[3].failure?.field == "nps", "\(rows.map(\.failure))")
    }
}
