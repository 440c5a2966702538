import Foundation
import Testing
import TestSupport

/// Two sources of one system numbering their records alike (a CRM and a newsletter tool both
/// from C-1001): refused by validate and run with the line to fix, and kept apart by `prefix:`.
@Suite("two sources of one system with overlapping record ids")
struct SharedRecordIDTests {
    static func pipeline(prefix: String = "") -> String {
        """
        version: 1
        warehouse: out/warehouse.sqlite
        staging: out/staging.sqlite
        input_root: in
        sources:
          - name: crm
            system: email
            entity: contact
            format: csv
            path: crm.csv
            fields: {record_id: id, first_name: first, last_name: last, email: mail}
          - name: newsletter
            system: email
            entity: contact
            format: csv
            path: newsletter.csv
            fields: {record_id: \(prefix.isEmpty ? "id" : "{from: id, prefix: \"\(prefix)\"}"), first_name: first, last_name: last, email: mail}
        """
    }

    static func setUp(prefix: String = "") throws -> MiniPipeline {
        let mini = try MiniPipeline(yaml: pipeline(prefix: prefix))
        try mini.dir.write("in/crm.csv", text: "id,first,last,mail\nC-1001,Anna,Schmidt,anna@example.de\nC-1002,Bernd,Klein,bernd@example.de\n")
        try mini.dir.write("in/newsletter.csv", text: "id,first,last,mail\nC-1001,Carla,Neu,carla@example.de\nC-1003,Anna,Schmidt,anna@example.de\n")
        return mini
    }

    @Test("validate and run refuse overlapping ids with file, line and what to do; nothing is published")
    func refused() throws {
        let mini = try Self.setUp()
        let validate = try mini.oneface(["validate"])
        #expect(validate.status == 78)
        #expect(validate.stderr.contains("pipeline.yml:17: `sources.newsletter.fields.record_id`"), "\(validate.stderr)")
        #expect(validate.stderr.contains("1 record id(s) in common") && validate.stderr.contains("prefix"), "\(validate.stderr)")
        #expect(!validate.stderr.contains("C-1001"), "ids are not quoted")
        let run = try mini.oneface(["run"])
        #expect(run.status == 78, "\(run.stderr)")
        #expect(!run.stderr.contains("UNIQUE constraint"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mini.warehouse))
    }

    @Test("with a prefix on one source's ids, both load and the same person links across them")
    func prefixed() throws {
        let mini = try Self.setUp(prefix: "nl-")
        #expect(try mini.oneface(["validate"]).status == 0)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let db = mini.warehouse
        #expect(try ProcessRunner.sqlite3(db, "SELECT source_name, source_record_id FROM bridge_customer_source ORDER BY 2")
                == "crm|C-1001\ncrm|C-1002\nnewsletter|nl-C-1001\nnewsletter|nl-C-1003")
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(DISTINCT customer_id) FROM bridge_customer_source") == "3")
    }
}
