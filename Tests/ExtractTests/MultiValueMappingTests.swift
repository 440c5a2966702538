import Extract
import Foundation
import PipelineCore
import Testing
import TestSupport

/// `from_all` (every value of a multi-valued e-mail or phone) and `birth_year` on small exports
/// of three layouts: several CSV columns, JSON arrays (of values and of objects), repeated XML elements.
@Suite("mapping: several values of one field, birth year")
struct MultiValueMappingTests {
    static let header = "version: 1\nwarehouse: w.sqlite\nstaging: s.sqlite\nsources:\n"

    static func mapper(_ source: String) throws -> RecordMapper {
        let config = try PipelineConfig.parse(yaml: header + source, file: "/tmp/pipeline.yml")
        return try RecordMapper(source: config.sources[0], configFile: config.file, timeZone: TimeZone(identifier: "UTC")!)
    }

    static func fixture(_ name: String) throws -> ByteSource {
        try ByteSource(path: RepositoryPaths.tests("ExtractTests/Fixtures/multi/\(name)").path)
    }

    /// Each record's values of `fields` (by name), with the values nulled in it.
    static func mapped(_ reader: inout some RecordReader, _ mapper: RecordMapper, _ fields: [String])
        throws -> [(values: [String], nulled: [NulledValue], failure: MappingFailure?)] {
        var result: [(values: [String], nulled: [NulledValue], failure: MappingFailure?)] = []
        var nulled: [NulledValue] = []
        while let outcome = try reader.next() {
            guard case let .record(_, record) = outcome else { continue }
            switch mapper.map(record, nulled: &nulled) {
            case let .success(values):
                let shown = fields.map { name -> String in
                    switch values[mapper.fields.firstIndex { $0.name == name }!] {
                    case .null: return "-"
                    case let .integer(number): return String(number)
                    case let .text(text): return text
                    }
                }
                result.append((shown, nulled, nil))
            case let .failure(failure):
                result.append(([], [], failure))
            }
        }
        return result
    }

    @Test("several CSV columns: every non-empty one, the first in `phone`, the rest in more_phones, repeats once; a birth year out of range is nulled")
    func csvColumns() throws {
        var mapper = try Self.mapper("""
          - {name: crm, system: email, entity: contact, format: csv, path: a.csv,
             fields: {record_id: Nr, full_name: Name, phone: {from_all: [Mobil, Festnetz, Büro]}, birth_year: Jahrgang}}
        """)
        var reader = try CSVReader(source: try Self.fixture("several-phone-columns.csv"), options: CSVOptions(delimiter: 0x2C))
        try mapper.bind(header: reader.header, file: "several-phone-columns.csv")
        #expect(mapper.mappedFieldIndexes.contains(mapper.fields.firstIndex { $0.name == "more_phones" }!))
        let rows = try Self.mapped(&reader, mapper, ["record_id", "phone", "more_phones", "birth_year"])
        #expect(rows.map(\.values) == [
            ["K1", "0151 2345678", #"["030 1234567"]"#, "1985"],
            ["K2", "030 7654321", "-", "-"],
            ["K3", "-", "-", "-"],
        ])
        #expect(rows[1].nulled.map(\.field) == ["birth_year"], "85 is no four-digit year: nulled, the record stays")
    }

    @Test("JSON arrays: a path through an array of objects reads every member; an object where a value belongs is nulled on its own")
    func jsonArrays() throws {
        let mapper = try Self.mapper("""
          - {name: tickets, system: support, entity: ticket, format: ndjson, path: t.ndjson,
             fields: {record_id: id, full_name: name, email: {from_all: emails}, phone: {from_all: phones.number}, opened_at: {const: "2026-01-01T00:00:00Z"}}}
        """)
        var reader = try JSONReader(source: try Self.fixture("email-and-phone-arrays.ndjson"), layout: .lines)
        let rows = try Self.mapped(&reader, mapper, ["record_id", "email", "more_emails", "phone", "more_phones"])
        #expect(rows.map(\.values) == [
            ["J1", "anna@x.de", #"["a.huber@y.de"]"#, "0151 2345678", #"["030 1234567"]"#],
            ["J2", "bert@x.de", "-", "-", "-"],
            ["J3", "cora@x.de", "-", "-", "-"],
        ])
        #expect(rows[2].nulled.count == 1 && rows[2].nulled[0].field == "email" && rows[2].nulled[0].reason.contains("found an object"),
                "\(rows[2].nulled)")
    }

    @Test("the same mapping with on_invalid: reject quarantines the record instead")
    func rejects() throws {
        let mapper = try Self.mapper("""
          - {name: tickets, system: support, entity: ticket, format: ndjson, path: t.ndjson,
             fields: {record_id: id, email: {from_all: emails, on_invalid: reject}, opened_at: {const: "2026-01-01T00:00:00Z"}}}
        """)
        var reader = try JSONReader(source: try Self.fixture("email-and-phone-arrays.ndjson"), layout: .lines)
        let rows = try Self.mapped(&reader, mapper, ["record_id"])
        #expect(rows.map { $0.failure?.field } == [nil, nil, "email"])
    }

    @Test("repeated XML elements: every one, in document order")
    func xmlRepeated() throws {
        let mapper = try Self.mapper("""
          - {name: pos, system: branch, entity: purchase, format: xml, path: p.xml, dialect: {record_element: export/contact},
             fields: {record_id: "@id", full_name: name, email: {from_all: email}, occurred_at: {const: "2026-01-01T00:00:00Z"}, amount: {const: "1"}}}
        """)
        var reader = try XMLRecordReader(source: try Self.fixture("repeated-email-elements.xml"), recordPath: ["export", "contact"])
        let rows = try Self.mapped(&reader, mapper, ["record_id", "email", "more_emails"])
        #expect(rows.map(\.values) == [
            ["X1", "anna@x.de", #"["a.huber@y.de","anna.huber@firma.de"]"#],
            ["X2", "bert@x.de", "-"],
            ["X3", "-", "-"],
        ])
    }

    @Test("staged further values read back as written, quotes and backslashes included")
    func roundTrip() {
        let values = ["a@x.de", #"odd"quote@x.de"#, #"back\slash"#, "tab\there"]
        #expect(MultiValue.decode(MultiValue.encode(values)) == values)
        #expect(MultiValue.encode([]) == nil)
        #expect(MultiValue.decode("not json").isEmpty)
    }

    @Test(arguments: [
        ("title: {from_all: [A, B]}", "fields.title.from_all", "only email and phone take several values"),
        ("email: {from: A, from_all: [A, B]}", "fields.email.from", "either `from`"),
        ("email: {from_all: [A, B], ignore: [x]}", "fields.email.ignore", "reads one value"),
        ("more_emails: A", "fields.more_emails", "filled by extract from `email`"),
        ("birth_year: {from: Jahr, formats: [yyyy]}", "fields.birth_year.formats", "whole number"),
        ("birth_date: {from: Jahr, formats: [yyyy]}", "fields.birth_date.formats", "map it as `birth_year"),
    ])
    func misuse(field: String, key: String, problem: String) throws {
        let yaml = Self.header + """
          - name: crm
            system: email
            entity: contact
            format: csv
            path: a.csv
            fields:
              record_id: Nr
              \(field)
        """
        do {
            _ = try PipelineConfig.parse(yaml: yaml, file: "/tmp/pipeline.yml")
            Issue.record("accepted: \(field)")
        } catch {
            #expect(error.description.contains("/tmp/pipeline.yml:") && error.description.contains(key) && error.description.contains(problem),
                    "\(error.description)")
        }
    }
}
