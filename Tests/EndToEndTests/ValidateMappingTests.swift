import Foundation
import Testing
import TestSupport

/// `validate` catches what a run would get wrong: a mapped path no record has (a typo, an index, a
/// namespace prefix) and a record path that yields nothing, with the nearest path that exists;
/// exit 78, the pipeline needs fixing.
@Suite("validate: mapped paths and record paths that match nothing")
struct ValidateMappingTests {
    static func tickets(count: Int) -> String {
        (1...count).map { #"{"id":"T\#($0)","requester":{"email":"p\#($0)@example.de","name":"P \#($0)"},"opened":"2026-01-05T10:00:00Z"}"# }
            .joined(separator: "\n") + "\n"
    }

    static func pipeline(email: String, format: String = "ndjson", recordPath: String? = nil) -> String {
        """
        version: 1
        warehouse: out/warehouse.sqlite
        staging: out/staging.sqlite
        input_root: in
        sources:
          - name: tickets
            system: support
            entity: ticket
            format: \(format)
            path: tickets.json
        \(recordPath.map { "    dialect: {record_path: \($0)}\n" } ?? "")    fields: {record_id: id, email: \(email), opened_at: opened}
        """
    }

    @Test("a mistyped JSON path is in no record: FAIL with the nearest existing path, exit 78", arguments: ["requester.emial", "requester.0.email"])
    func mistypedPath(path: String) throws {
        let mini = try MiniPipeline(yaml: Self.pipeline(email: path))
        try mini.dir.write("in/tickets.json", text: Self.tickets(count: 12))
        let result = try mini.oneface(["validate"])
        #expect(result.status == 78, "\(result.stdout)")
        #expect(result.stdout.contains("`fields.email: \(path)` is in no record of this file; the nearest path that exists is `requester.email`"),
                "\(result.stdout)")
    }

    @Test("the right path validates")
    func rightPath() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline(email: "requester.email"))
        try mini.dir.write("in/tickets.json", text: Self.tickets(count: 12))
        #expect(try mini.oneface(["validate"]).status == 0)
    }

    @Test("a record_path that leads nowhere is refused with the path")
    func emptyRecordPath() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline(email: "requester.email", format: "json", recordPath: "data.tikets"))
        let records = Self.tickets(count: 3).split(separator: "\n").joined(separator: ",")
        try mini.dir.write("in/tickets.json", text: #"{"data":{"tickets":["# + records + "]}}\n")
        let result = try mini.oneface(["validate"])
        #expect(result.status != 0, "\(result.stdout)")
        #expect(result.stdout.contains("FAIL  tickets") && result.stdout.contains("data.tikets"), "\(result.stdout)")
    }

    @Test("an XML record_element in the wrong case matches nothing: refused, exit 78; the right one validates")
    func xmlRecordElement() throws {
        func pipeline(_ element: String) -> String {
            """
            version: 1
            warehouse: out/warehouse.sqlite
            staging: out/staging.sqlite
            input_root: in
            sources:
              - name: branches
                system: branch
                entity: branch
                format: xml
                path: branches.xml
                dialect: {record_element: \(element)}
                fields: {record_id: "@code", name: name}
            """
        }
        let xml = #"<?xml version="1.0"?><export>"# + (1...20).map { #"<branch code="B\#($0)"><name>Filiale \#($0)</name></branch>"# }.joined() + "</export>"
        let wrong = try MiniPipeline(yaml: pipeline("export/Branch"))
        try wrong.dir.write("in/branches.xml", text: xml)
        let result = try wrong.oneface(["validate"])
        #expect(result.status == 78, "\(result.stdout)")
        #expect(result.stdout.contains("20 <branch> element(s) outside record_element `export/Branch` were not read"), "\(result.stdout)")
        let right = try MiniPipeline(yaml: pipeline("export/branch"))
        try right.dir.write("in/branches.xml", text: xml)
        let ok = try right.oneface(["validate"])
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
    }

    @Test("namespace prefixes in field paths read like those in record_element: local names, values staged")
    func xmlPrefixesInFieldPaths() throws {
        let mini = try MiniPipeline(yaml: """
            version: 1
            warehouse: out/warehouse.sqlite
            staging: out/staging.sqlite
            input_root: in
            sources:
              - name: sales
                system: branch
                entity: purchase
                format: xml
                path: sales.xml
                dialect: {record_element: "p:export/p:store/p:sale"}
                fields:
                  record_id: "@id"
                  branch_id: ^p:store.@code
                  occurred_at: "@at"
                  loyalty_card: c:customer.@c:card
                  full_name: [c:customer.c:name, c:customer.c:alias]
                  amount: p:total
                  items: {from: p:line, fields: {sku: "@sku", name: "#text", quantity: "@qty", unit_price: "@price"}}
            """)
        let sales = (1...12).map { #"<p:sale id="S\#($0)" at="2026-11-15T10:00:00Z"><c:customer c:card="LC-\#($0)"><c:name>Kunde \#($0)</c:name></c:customer><p:total>9.90</p:total><p:line sku="A1" qty="1" price="9.90">Mütze</p:line></p:sale>"# }
        try mini.dir.write("in/sales.xml", text: #"<?xml version="1.0"?><p:export xmlns:p="urn:pos" xmlns:c="urn:cust"><p:store code="ZRH1">"#
                           + sales.joined(separator: "\n") + "</p:store></p:export>\n")
        let validate = try mini.oneface(["validate"])
        #expect(validate.status == 0, "\(validate.stdout) \(validate.stderr)")
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let staged = try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, branch_id, loyalty_card, full_name, amount, items FROM stg_sales WHERE record_id = 'S1'")
        #expect(staged == #"S1|ZRH1|LC-1|Kunde 1|990|[{"sku":"A1","name":"Mütze","quantity":"1","unit_price":990}]"#, "\(staged)")
    }

    @Test("a mapped path that is there but empty in every record is said, with the path: a JSON member always null, a CSV column nobody fills")
    func emptyInEveryRecord() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline(email: "requester.mail"))
        try mini.dir.write("in/tickets.json", text: Self.tickets(count: 12).replacingOccurrences(of: #""name":"#, with: #""mail":null,"name":"#))
        let result = try mini.oneface(["validate"])
        #expect(result.status == 0, "some exports never fill a field: \(result.stdout)")
        #expect(result.stdout.contains("note: `fields.email: requester.mail` is empty in every record of this file"), "\(result.stdout)")
        #expect(!result.stdout.contains("fields.full_name") && !result.stdout.contains("@example.de"), "\(result.stdout)")

        let csv = try MiniPipeline(yaml: Self.pipeline(email: "E-Mail", format: "csv").replacingOccurrences(of: "record_id: id, email:", with: "record_id: Nr, email:")
            .replacingOccurrences(of: "opened_at: opened", with: "opened_at: Datum"))
        try csv.dir.write("in/tickets.json", text: "Nr,E-Mail,Email,Datum\n" + (1...12).map { "T\($0),,p\($0)@example.de,2026-01-05T10:00:00Z" }.joined(separator: "\n") + "\n")
        let columns = try csv.oneface(["validate"])
        #expect(columns.status == 0)
        #expect(columns.stdout.contains("`fields.email: E-Mail` is empty in every record of this file; map the field that holds the value"), "\(columns.stdout)")
    }
}
