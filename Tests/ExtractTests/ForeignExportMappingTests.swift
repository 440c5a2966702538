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

    @Test("a hand-written survey with a date alone in a date-time field: read as midnight in the pipeline's time zone, in the dialect's date formats or ISO")
    func dateAloneInDateTimeField() throws {
        // No datetime_formats: the defaults (iso8601, dd.MM.yyyy HH:mm:ss, dd.MM.yyyy HH:mm), which name no date alone.
        let config = try PipelineConfig.parse(yaml: MultiValueMappingTests.header + """
          - {name: answers, system: survey, entity: survey_response, format: csv, path: a.csv,
             dialect: {delimiter: ";", decimal_comma: true, date_formats: ["dd.MM.yyyy"]},
             fields: {record_id: Nr, email: Mail, answered_at: Beantwortet, nps: NPS}}
        """, file: "/tmp/pipeline.yml")
        #expect(config.timeZone == "Europe/Berlin")
        var mapper = try RecordMapper(source: config.sources[0], configFile: config.file, timeZone: TimeZone(identifier: config.timeZone)!)
        let folder = try TemporaryDirectory("date-alone")
        let path = try folder.write("a.csv", text: """
            Nr;Mail;Beantwortet;NPS
            A1;a@example.de;01.11.2026;9
            A2;b@example.de;15.07.2026;8
            A3;c@example.de;2026-11-01;7
            A4;d@example.de;01.11.2026 10:15;6
            A5;e@example.de;01.11.2026 10:15:30;5
            A6;f@example.de;31.11.2026;4
            A7;g@example.de;01.11.26;3

            """)
        var reader = try CSVReader(source: try ByteSource(path: path), options: CSVOptions(delimiter: UInt8(ascii: ";")))
        try mapper.bind(header: reader.header, file: "a.csv")
        let rows = try MultiValueMappingTests.mapped(&reader, mapper, ["record_id", "answered_at", "nps"])
        #expect(rows[0].values == ["A1", "2026-10-31T23:00:00Z", "9"])   // CET midnight
        #expect(rows[1].values == ["A2", "2026-07-14T22:00:00Z", "8"])   // CEST midnight
        #expect(rows[2].values == ["A3", "2026-10-31T23:00:00Z", "7"])   // an ISO date
        #expect(rows[3].values == ["A4", "2026-11-01T09:15:00Z", "6"])   // date-times as before
        #expect(rows[4].values == ["A5", "2026-11-01T09:15:30Z", "5"])
        // Not a real day, and a two-digit year no format names: still rejected.
        #expect(rows[5].failure?.field == "answered_at" && rows[6].failure?.field == "answered_at", "\(rows.map(\.failure))")
    }
}
