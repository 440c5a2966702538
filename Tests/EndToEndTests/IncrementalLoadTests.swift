import Foundation
import Testing
import TestSupport

/// The incremental load (`WarehouseBuilder.update`) against a full refresh of the same staging.
///
/// The nights of `TwoNights` with e-mail events (by contact id and by address) and purchases
/// added, and a third night in which a re-delivered contact file turns Bernd's record into
/// someone else (his customer loses it, a new one appears) and a ticket file is re-delivered
/// without a ticket.
@Suite("incremental load", .serialized)
struct IncrementalLoadTests {
    static let pipeline = TwoNights.pipeline + """

      - name: mailings
        system: email
        entity: email_event
        format: ndjson
        path: events_*.ndjson
        fields: {record_id: id, contact_id: contact, contact_email: address, campaign_id: campaign, event_type: type, occurred_at: at}
      - name: tills
        system: branch
        entity: purchase
        format: ndjson
        path: sales_*.ndjson
        fields: {record_id: id, email: email, full_name: name, occurred_at: at, amount: {from: amount}, branch_id: branch}
    """

    static let night1 = TwoNights.night1.merging([
        "events_1.ndjson": #"""
        {"id":"M1","contact":"E1","campaign":"C1","type":"sent","at":"2025-04-01T08:00:00Z"}
        {"id":"M2","contact":"E2","campaign":"C1","type":"opened","at":"2025-04-01T09:00:00Z"}
        {"id":"M3","address":"bernd@example.de","campaign":"C1","type":"clicked","at":"2025-04-02T09:00:00Z"}
        """# + "\n",
        "sales_1.ndjson": #"""
        {"id":"S1","email":"anna@example.de","name":"Anna Schmidt","at":"2025-05-01T12:00:00Z","amount":"19.99","branch":"B1"}
        {"id":"S2","email":"bernd@example.de","name":"Bernd Klein","at":"2025-05-02T12:00:00Z","amount":"5.00","branch":"B1"}
        """# + "\n",
    ]) { $1 }

    static let night2 = TwoNights.night2.merging([
        "events_2.ndjson": #"""
        {"id":"M4","contact":"E3","campaign":"C1","type":"opened","at":"2026-06-02T08:00:00Z"}
        {"id":"M5","address":"carla@example.de","campaign":"C1","type":"sent","at":"2026-07-02T08:00:00Z"}
        """# + "\n",
        "sales_2.ndjson": #"""
        {"id":"S3","email":"anna@example.de","name":"Anna Schmidt","at":"2026-06-20T12:00:00Z","amount":"42.00","branch":"B1"}
        """# + "\n",
    ]) { $1 }

    /// Bernd's contact E2 becomes Dora (another person at another address), and tickets_2 comes
    /// again without T4.
    static let night3 = [
        "contacts_1.csv": TwoNights.header
            + "E1;Anna;Schmidt;anna@example.de;Hauptstr. 1;01067;Dresden;01.01.2025\nE2;Dora;Weiss;dora@example.de;Parkallee 9;80331;München;01.02.2025\n",
        "tickets_2.ndjson": #"""
        {"id":"T1","email":"anna@example.de","name":"Anna Schmidt","opened":"2025-03-01T10:00:00Z","closed":"2026-06-10T10:00:00Z","status":"closed"}
        {"id":"T3","email":"anna@example.de","name":"Anna Schmidt","opened":"2026-06-15T10:00:00Z","closed":null,"status":"open"}
        """# + "\n",
    ]

    /// Runs the night's `run` with `--verbose` and says whether its load updated the published warehouse.
    static func runNight(_ mini: MiniPipeline) throws -> (status: Int32, updated: Bool, log: String) {
        let result = try ProcessRunner.oneface(["run", "--pipeline", mini.pipeline, "--verbose"])
        return (result.status, result.stderr.contains("load: changes:") && !result.stderr.contains("building the whole warehouse"),
                result.stderr)
    }

    @Test("each night's incremental load gives the tables a full refresh gives, keys included")
    func incrementalEqualsFullRefresh() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline.replacingOccurrences(of: "REDELIVERY", with: "replace"))
        try TwoNights.deliver(Self.night1, to: mini)
        let first = try Self.runNight(mini)
        #expect(first.status == 0, "\(first.log)")
        #expect(!first.updated, "the first night has no warehouse to update")
        for night in [Self.night2, Self.night3] {
            try TwoNights.deliver(night, to: mini)
            let result = try Self.runNight(mini)
            #expect(result.status == 0, "\(result.log)")
            #expect(result.updated, "the load should have updated the published warehouse: \(result.log)")
            let incremental = try WarehouseSnapshot.content(of: mini.warehouse)
            #expect(try mini.oneface(["load", "--full-refresh"]).status == 0)
            let full = try WarehouseSnapshot.content(of: mini.warehouse)
            let differing = Set(incremental.keys).union(full.keys).filter { incremental[$0] != full[$0] }.sorted()
            #expect(differing.isEmpty, "tables differ from a full refresh: \(differing)")
            #expect(incremental.count >= 30)
        }
        // Night 3 took E2 from Bernd: his customer keeps T2, S2 and the e-mail by contact id
        // nowhere (E2 is Dora's now) and the address-named click stays his.
        let owner = "SELECT customer_id FROM bridge_customer_source WHERE source_record_id = 'E2'"
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM fact_email_event WHERE customer_id = (\(owner))") == "1")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM fact_support_ticket") == "3")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "PRAGMA integrity_check") == "ok")
    }

    @Test("a second load with nothing new changes nothing, and keys stay from night to night")
    func keysStay() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline.replacingOccurrences(of: "REDELIVERY", with: "replace"))
        try TwoNights.deliver(Self.night1, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        let keys = """
            SELECT 'c', customer_id, valid_from, customer_key FROM dim_customer WHERE customer_id IN (SELECT customer_id FROM bridge_customer_source WHERE source_record_id = 'E2')
            UNION ALL SELECT 'p', source_record_id, '', purchase_key FROM fact_purchase WHERE source_record_id = 'S1'
            UNION ALL SELECT 'e', source_record_id, '', email_event_key FROM fact_email_event WHERE source_record_id = 'M1'
            ORDER BY 1, 2, 3
            """
        let before = try ProcessRunner.sqlite3(mini.warehouse, keys)
        // Without T4, which would give Bernd an earlier version (and his first version its place).
        var night2 = Self.night2
        night2["tickets_2.ndjson"] = night2["tickets_2.ndjson"]!.split(separator: "\n").filter { !$0.contains("T4") }.joined(separator: "\n") + "\n"
        try TwoNights.deliver(night2, to: mini)
        let night = try Self.runNight(mini)
        #expect(night.status == 0 && night.updated, "\(night.log)")
        // Bernd, S1 and M1 did not change on night 2: their keys are the same.
        let after = try ProcessRunner.sqlite3(mini.warehouse, keys)
        #expect(after == before, "\(before) -> \(after)")
        let settled = try WarehouseSnapshot.content(of: mini.warehouse)
        let again = try Self.runNight(mini)
        #expect(again.status == 0 && again.updated, "\(again.log)")
        #expect(again.log.contains("changes: 0 customers, 0 person records, "), "\(again.log)")
        #expect(try WarehouseSnapshot.content(of: mini.warehouse) == settled)
    }
}
