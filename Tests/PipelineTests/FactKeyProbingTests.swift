import Foundation
import PipelineCore
import SQLiteDB
import Testing
import TestSupport
@testable import Warehouse

/// The fact keys' collision fallback (`LoadSQL.factKey` with probing), which real data is not
/// expected to reach: forced on every fact table, it must give the keys the plain hash gives
/// (no two records collide here) and say in `dw_meta` that it probed.
@Suite("fact key probing")
struct FactKeyProbingTests {
    static let pipeline = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    sources:
      - name: contacts
        system: email
        entity: contact
        format: csv
        path: contacts.csv
        fields: {record_id: id, first_name: first, last_name: last, email: email}
      - name: tickets
        system: support
        entity: ticket
        format: ndjson
        path: tickets.ndjson
        fields: {record_id: id, email: email, opened_at: opened, status: status}
    """

    @Test("forced probing gives the plain keys when nothing collides, and is noted in dw_meta")
    func probingGivesPlainKeys() throws {
        let dir = try TemporaryDirectory()
        try dir.write("pipeline.yml", text: Self.pipeline)
        try dir.write("in/contacts.csv", text: "id,first,last,email\nE1,Anna,Schmidt,anna@example.de\nE2,Bernd,Klein,bernd@example.de\n")
        try dir.write("in/tickets.ndjson", text: (1...40).map {
            #"{"id":"T\#($0)","email":"\#($0 % 2 == 0 ? "anna" : "bernd")@example.de","opened":"2025-03-\#(String(format: "%02d", $0 % 28 + 1))T10:00:00Z","status":"open"}"#
        }.joined(separator: "\n") + "\n")
        let run = try ProcessRunner.oneface(["run", "--pipeline", dir.file("pipeline.yml"), "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let config = try PipelineConfig.load(path: dir.file("pipeline.yml"))
        var paths: [String] = []
        for probing in [false, true] {
            var builder = WarehouseBuilder(sources: config.sources, timeZone: TimeZone(identifier: "UTC")!)
            builder.forceProbing = probing
            let path = dir.file("w\(probing).sqlite")
            _ = try builder.build(into: try Database(path: path), stagingPath: config.stagingPath)
            paths.append(path)
        }
        let tickets = "SELECT ticket_key, source_record_id, customer_id FROM fact_support_ticket ORDER BY 1"
        let plain = try ProcessRunner.sqlite3(paths[0], tickets)
        #expect(plain.split(separator: "\n").count == 40)
        #expect(try ProcessRunner.sqlite3(paths[1], tickets) == plain)
        #expect(try ProcessRunner.sqlite3(paths[0], "SELECT count(*) FROM dw_meta WHERE key = 'fact_keys_probed'") == "0")
        #expect(try ProcessRunner.sqlite3(paths[1], "SELECT value FROM dw_meta WHERE key = 'fact_keys_probed'")
            == "fact_email_event fact_support_ticket fact_purchase fact_survey_response")
    }
}
