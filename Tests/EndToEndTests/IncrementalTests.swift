import Foundation
import Testing
import TestSupport

/// Two nights of exports for a contact source and a ticket source.
///
/// Night 1: Anna (E1, Hauptstr.) and Bernd (E2); ticket T1 (Anna, open) and T2 (Bernd, closed).
/// Night 2: Anna again under a new contact (E3, moved to Neue Str. on 2026-06-01), Carla (E4, new);
/// T1 re-delivered closed, T3 for Anna after her move, T4 for Bernd arriving late (before his signup).
/// Tickets name their requester: an e-mail alone is weak evidence (households share addresses).
enum TwoNights {
    static let pipeline = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    redelivery: REDELIVERY
    sources:
      - name: contacts
        system: email
        entity: contact
        format: csv
        path: contacts_*.csv
        dialect: {delimiter: ";", date_formats: ["dd.MM.yyyy"]}
        fields: {record_id: Nr, first_name: Vorname, last_name: Nachname, email: E-Mail, street: Strasse, postcode: PLZ, city: Ort, signup_date: Anmeldedatum}
      - name: tickets
        system: support
        entity: ticket
        format: ndjson
        path: tickets_*.ndjson
        fields: {record_id: id, email: email, full_name: name, opened_at: opened, closed_at: closed, status: status}
    """
    static let header = "Nr;Vorname;Nachname;E-Mail;Strasse;PLZ;Ort;Anmeldedatum\n"
    static let night1 = [
        "contacts_1.csv": header + "E1;Anna;Schmidt;anna@example.de;Hauptstr. 1;01067;Dresden;01.01.2025\nE2;Bernd;Klein;bernd@example.de;Ringweg 2;10115;Berlin;01.02.2025\n",
        "tickets_1.ndjson": #"""
        {"id":"T1","email":"anna@example.de","name":"Anna Schmidt","opened":"2025-03-01T10:00:00Z","closed":null,"status":"open"}
        {"id":"T2","email":"bernd@example.de","name":"Bernd Klein","opened":"2025-03-05T10:00:00Z","closed":"2025-03-06T10:00:00Z","status":"closed"}
        """# + "\n",
    ]
    static let night2 = [
        "contacts_2.csv": header + "E3;Anna;Schmidt;anna@example.de;Neue Str. 5;01069;Dresden;01.06.2026\nE4;Carla;Neu;carla@example.de;Am Markt 3;20095;Hamburg;01.07.2026\n",
        "tickets_2.ndjson": #"""
        {"id":"T1","email":"anna@example.de","name":"Anna Schmidt","opened":"2025-03-01T10:00:00Z","closed":"2026-06-10T10:00:00Z","status":"closed"}
        {"id":"T3","email":"anna@example.de","name":"Anna Schmidt","opened":"2026-06-15T10:00:00Z","closed":null,"status":"open"}
        {"id":"T4","email":"bernd@example.de","name":"Bernd Klein","opened":"2024-12-01T10:00:00Z","closed":"2024-12-02T10:00:00Z","status":"closed"}
        """# + "\n",
    ]

    static func setUp(_ redelivery: String = "replace") throws -> MiniPipeline {
        try MiniPipeline(yaml: pipeline.replacingOccurrences(of: "REDELIVERY", with: redelivery))
    }

    static func deliver(_ files: [String: String], to mini: MiniPipeline) throws {
        for (name, text) in files { try mini.dir.write("in/" + name, text: text) }
    }
}

@Suite("incremental nights and customer history", .serialized)
struct IncrementalTests {
    @Test("two nights loaded one after the other give the same warehouse as both loaded in one run")
    func twoNightsEqualOneRun() throws {
        // Without T4: a record that predates a customer's first one keeps the customer's id stable
        // instead (by design), which a run over both nights cannot know.
        var night2 = TwoNights.night2
        night2["tickets_2.ndjson"] = night2["tickets_2.ndjson"]!.split(separator: "\n").filter { !$0.contains("T4") }.joined(separator: "\n") + "\n"
        let nightly = try TwoNights.setUp(), once = try TwoNights.setUp()
        try TwoNights.deliver(TwoNights.night1, to: nightly)
        #expect(try nightly.oneface(["run"]).status == 0)
        try TwoNights.deliver(night2, to: nightly)
        #expect(try nightly.oneface(["run"]).status == 0)
        try TwoNights.deliver(TwoNights.night1.merging(night2) { $1 }, to: once)
        #expect(try once.oneface(["run"]).status == 0)
        var a = try WarehouseSnapshot.content(of: nightly.warehouse), b = try WarehouseSnapshot.content(of: once.warehouse)
        for table in ["etl_file", "etl_reject", "etl_nulled"] { a[table] = nil; b[table] = nil }
        // The second night reuses the match model trained on the first (by design: a reviewed model is
        // reused until --retrain), so weights and the near-threshold pairs may differ; the accepted links may not.
        a["match_pair"] = nil; b["match_pair"] = nil
        let pairs = "SELECT source_record_id_a, source_record_id_b, customer_id_a, customer_id_b FROM match_pair WHERE accepted = 1 ORDER BY 1, 2"
        #expect(try ProcessRunner.sqlite3(nightly.warehouse, pairs) == ProcessRunner.sqlite3(once.warehouse, pairs))
        let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        #expect(differing.isEmpty, "tables differ: \(differing)")
        #expect(a.count >= 15)
        #expect(try ProcessRunner.sqlite3(nightly.warehouse, "SELECT count(*) FROM fact_support_ticket") == "3")
        #expect(try ProcessRunner.sqlite3(nightly.warehouse, "SELECT count(*) FROM dim_customer") == "4")
    }

    @Test("SCD2: a move starts a new version, facts point at the version valid at their time, late facts at the first")
    func versions() throws {
        let mini = try TwoNights.setUp()
        try TwoNights.deliver(TwoNights.night1, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer WHERE email = 'anna@example.de'") == "1")
        try TwoNights.deliver(TwoNights.night2, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        let db = mini.warehouse
        #expect(try ProcessRunner.sqlite3(db, "SELECT street, valid_from, valid_to, is_current FROM dim_customer WHERE email = 'anna@example.de' ORDER BY valid_from")
                == "Hauptstr.|2025-01-01T00:00:00Z|2026-06-01T00:00:00Z|0\nNeue Str.|2026-06-01T00:00:00Z|9999-12-31T23:59:59Z|1")
        let streetAt = "SELECT d.street FROM fact_support_ticket t JOIN dim_customer d USING (customer_key) WHERE t.source_record_id = ?"
        #expect(try ProcessRunner.sqlite3(db, streetAt.replacingOccurrences(of: "?", with: "'T1'")) == "Hauptstr.")
        #expect(try ProcessRunner.sqlite3(db, streetAt.replacingOccurrences(of: "?", with: "'T3'")) == "Neue Str.")
        // The late ticket is now Bernd's earliest record: it points at his first version, which knew only his e-mail.
        #expect(try ProcessRunner.sqlite3(db, "SELECT d.valid_from, coalesce(d.street, '-') FROM fact_support_ticket t JOIN dim_customer d USING (customer_key) WHERE t.source_record_id = 'T4'")
                == "2024-12-01T10:00:00Z|-")
        // The re-delivered ticket updated the accumulating snapshot.
        #expect(try ProcessRunner.sqlite3(db, "SELECT status, closed_at, resolution_hours FROM fact_support_ticket WHERE source_record_id = 'T1'")
                == "closed|2026-06-10T10:00:00Z|11184.0")   // 466 days × 24 h
        // A third night with nothing new about Anna adds no version.
        try mini.dir.write("in/contacts_3.csv", text: TwoNights.header + "E5;Anna;Schmidt;anna@example.de;Neue Str. 5;01069;Dresden;01.08.2026\n")
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM dim_customer WHERE email = 'anna@example.de'") == "2")
        #expect(try ProcessRunner.sqlite3(db, "PRAGMA foreign_key_check") == "")
    }

    @Test("a customer who disappears is closed, not deleted; when the record comes back the customer is current again")
    func disappearAndReturn() throws {
        let mini = try TwoNights.setUp()
        try TwoNights.deliver(TwoNights.night1.merging(TwoNights.night2) { $1 }, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        let carla = "SELECT customer_id || '|' || is_current || '|' || valid_to FROM dim_customer WHERE email = 'carla@example.de'"
        let before = try ProcessRunner.sqlite3(mini.warehouse, carla)
        let id = String(before.split(separator: "|")[0])
        #expect(before == "\(id)|1|9999-12-31T23:59:59Z")
        // contacts_2.csv is re-delivered without Carla: her only record is gone.
        try mini.dir.write("in/contacts_2.csv", text: TwoNights.header + "E3;Anna;Schmidt;anna@example.de;Neue Str. 5;01069;Dresden;01.06.2026\n")
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, carla) == "\(id)|0|2026-07-01T00:00:00Z")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT event FROM customer_id_history WHERE old_id = '\(id)'") == "retired")
        // And back again.
        try TwoNights.deliver(TwoNights.night2, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, carla) == "\(id)|1|9999-12-31T23:59:59Z")
    }

    @Test("a new spelling of the same address or name starts no version; a move does")
    func spellingIsNoHistory() throws {
        let mini = try TwoNights.setUp()
        try mini.dir.write("in/tickets_1.ndjson", text: TwoNights.night1["tickets_1.ndjson"]!)
        try mini.dir.write("in/contacts_1.csv", text: TwoNights.header
            + "E1;Anna;Schmidt;anna@example.de;Hauptstraße 1;01067;Dresden;01.01.2025\n")
        #expect(try mini.oneface(["run"]).status == 0)
        try mini.dir.write("in/contacts_2.csv", text: TwoNights.header
            + "E2;ANNA;SCHMIDT;anna@example.de;Hauptstrasse 1;01067;Dresden;01.02.2025\n"
            + "E3;Anna;Schmidt;anna@example.de;Hauptstr. 1;01067;DRESDEN;01.03.2025\n")
        #expect(try mini.oneface(["run"]).status == 0)
        let anna = "SELECT count(*) FROM dim_customer WHERE email = 'anna@example.de'"
        #expect(try ProcessRunner.sqlite3(mini.warehouse, anna) == "1")
        try mini.dir.write("in/contacts_3.csv", text: TwoNights.header
            + "E4;Anna;Schmidt;anna@example.de;Neue Str. 5;01069;Dresden;01.04.2025\n")
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT street, valid_from FROM dim_customer WHERE email = 'anna@example.de' ORDER BY valid_from")
                .hasSuffix("\nNeue Str.|2025-04-01T00:00:00Z"))
        #expect(try ProcessRunner.sqlite3(mini.warehouse, anna) == "2")
    }

    /// A first night: Eva in München (contact K1, signed up 2025-01-01, in `file`), and night 1's tickets.
    static func evaInMunich(file: String) throws -> MiniPipeline {
        let mini = try TwoNights.setUp()
        try mini.dir.write("in/tickets_1.ndjson", text: TwoNights.night1["tickets_1.ndjson"]!)
        try mini.dir.write("in/" + file, text: TwoNights.header
            + "K1;Eva;Berger;eva@example.de;Leopoldstraße 10;80802;München;01.01.2025\n")
        #expect(try mini.oneface(["run"]).status == 0)
        return mini
    }

    @Test("a contact exported again under its id with a new address starts a version at the file's date; later nights keep it")
    func redeliveredMoveKeepsHistory() throws {
        let mini = try Self.evaInMunich(file: "contacts_20261101.csv")
        let header = TwoNights.header
        // The full export of the next day: the same contact, moved; its own date is still its signup.
        try mini.dir.write("in/contacts_20261102.csv", text: header
            + "K1;Eva;Berger;eva@example.de;Schillerstraße 3;10625;Berlin;01.01.2025\n")
        #expect(try mini.oneface(["run"]).status == 0)
        let history = "SELECT city, valid_from, valid_to, is_current FROM dim_customer WHERE email = 'eva@example.de' ORDER BY valid_from"
        let expected = """
            München|2025-01-01T00:00:00Z|2026-11-02T00:00:00Z|0
            Berlin|2026-11-02T00:00:00Z|9999-12-31T23:59:59Z|1
            """
        #expect(try ProcessRunner.sqlite3(mini.warehouse, history) == expected)
        // A night that brings nothing new, and one that re-delivers a mere new spelling, keep it.
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, history) == expected)
        try mini.dir.write("in/contacts_20261103.csv", text: header
            + "K1;Eva;Berger;eva@example.de;Schillerstr. 3;10625;Berlin;01.01.2025\n")
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT city, valid_from FROM dim_customer WHERE email = 'eva@example.de' ORDER BY valid_from")
                == "München|2025-01-01T00:00:00Z\nBerlin|2026-11-02T00:00:00Z")
        // A dated change later on (a ticket from her new home) comes after the kept one.
        try mini.dir.write("in/contacts_20261104.csv", text: header
            + "K1;Eva;Berger;eva@example.de;Schillerstraße 3;10625;Berlin;01.01.2025\n"
            + "K2;Eva;Berger;eva@example.de;Am Hafen 1;20457;Hamburg;05.11.2026\n")
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT city, valid_from FROM dim_customer WHERE email = 'eva@example.de' ORDER BY valid_from")
                == "München|2025-01-01T00:00:00Z\nBerlin|2026-11-02T00:00:00Z\nHamburg|2026-11-05T00:00:00Z")
        // --full-refresh: the history is what the staged records say.
        #expect(try mini.oneface(["transform", "--full-refresh"]).status == 0)
        #expect(try mini.oneface(["load", "--full-refresh"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer WHERE city = 'München'") == "0")
    }

    @Test("without a date in the file name, a re-delivered move starts at tonight's data date, or is said to be undatable")
    func redeliveredMoveWithoutFileDate() throws {
        let mini = try Self.evaInMunich(file: "contacts_a.csv")
        let header = TwoNights.header
        // A newer contact dates the night: 2026-10-30.
        try mini.dir.write("in/contacts_b.csv", text: header
            + "K1;Eva;Berger;eva@example.de;Schillerstraße 3;10625;Berlin;01.01.2025\n"
            + "K9;Tom;Weber;tom@example.de;Ringweg 9;10115;Berlin;30.10.2026\n")
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT city, valid_from FROM dim_customer WHERE email = 'eva@example.de' ORDER BY valid_from")
                == "München|2025-01-01T00:00:00Z\nBerlin|2026-10-30T00:00:00Z")
        // Nothing dates this one: the current version shows it, and the log says so (no customer data).
        try mini.dir.write("in/contacts_c.csv", text: header
            + "K9;Tom;Weber;tom@example.de;Am Hafen 1;20457;Hamburg;30.10.2026\n")
        let run = try mini.oneface(["run"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("1 customer(s) changed in a re-delivered record"))
        #expect(!run.stderr.contains("Weber"))
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT city FROM dim_customer WHERE email = 'tom@example.de' ORDER BY valid_from") == "Hamburg")
    }

    @Test("transform --full-refresh drops the kept history of a vanished customer; a plain night keeps it")
    func fullRefreshDropsVanishedHistory() throws {
        let mini = try TwoNights.setUp()
        try TwoNights.deliver(TwoNights.night1.merging(TwoNights.night2) { $1 }, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        try mini.dir.write("in/contacts_2.csv", text: TwoNights.header + "E3;Anna;Schmidt;anna@example.de;Neue Str. 5;01069;Dresden;01.06.2026\n")
        #expect(try mini.oneface(["run"]).status == 0)
        let carla = "SELECT count(*) FROM dim_customer WHERE email = 'carla@example.de'"
        #expect(try ProcessRunner.sqlite3(mini.warehouse, carla) == "1")
        #expect(try mini.oneface(["transform", "--full-refresh"]).status == 0)
        #expect(try mini.oneface(["load", "--full-refresh"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, carla) == "0")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer WHERE is_current = 1") == "2")
    }

    @Test("the load reads staging and writes nothing into it but its ledger rows")
    func loadLeavesStagingAlone() throws {
        let mini = try TwoNights.setUp()
        try TwoNights.deliver(TwoNights.night1.merging(TwoNights.night2) { $1 }, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        // Every row of every staging table but the run ledger, in a fixed order.
        func content() throws -> String {
            let tables = try ProcessRunner.sqlite3(mini.staging, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('etl_run', 'etl_stage') ORDER BY name")
            return try tables.split(separator: "\n").map { table in
                "\(table):\n" + (try ProcessRunner.sqlite3(mini.staging, "SELECT * FROM \"\(table)\" ORDER BY 1, 2"))
            }.joined(separator: "\n")
        }
        let before = try content()
        #expect(before.contains("id_customer_version:\nC"))
        #expect(try mini.oneface(["load"]).status == 0)
        #expect(try content() == before)
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT count(*) FROM sqlite_master WHERE name = 'wh_customer_version'") == "0")
    }

    @Test("redelivery: quarantine keeps the first delivery and quarantines every row of the new one")
    func redeliveryQuarantine() throws {
        let mini = try TwoNights.setUp("quarantine")
        try TwoNights.deliver(TwoNights.night1, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        let row = #"E1;"Anna";Schmidt;anna@example.de;"Anderswo 9";01067;Dresden;01.01.2025"#
        try mini.dir.write("in/contacts_1.csv", text: TwoNights.header + row + "\n")
        #expect(try mini.oneface(["run"]).status == 0)
        let db = mini.warehouse
        // Each quarantined row keeps its exact text, quotes and all.
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT raw_text FROM etl_reject") == row)
        #expect(try ProcessRunner.sqlite3(db, "SELECT status, rows_read, rows_rejected FROM etl_file WHERE path = 'contacts_1.csv' ORDER BY file_id")
                == "staged|2|0\nquarantined|1|1")
        #expect(try ProcessRunner.sqlite3(db, "SELECT line, reason FROM etl_reject") == "2|re-delivered file quarantined")
        #expect(try ProcessRunner.sqlite3(db, "SELECT street FROM dim_customer WHERE email = 'anna@example.de'") == "Hauptstr.")
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM etl_file WHERE rows_read <> rows_staged + rows_rejected") == "0")
    }

    @Test("redelivery: replace restages the new content in place of the old")
    func redeliveryReplace() throws {
        let mini = try TwoNights.setUp("replace")
        try TwoNights.deliver(TwoNights.night1, to: mini)
        #expect(try mini.oneface(["run"]).status == 0)
        try mini.dir.write("in/contacts_1.csv", text: TwoNights.header + "E1;Anna;Schmidt;anna@example.de;Anderswo 9;01067;Dresden;01.01.2025\n")
        #expect(try mini.oneface(["run"]).status == 0)
        let db = mini.warehouse
        #expect(try ProcessRunner.sqlite3(db, "SELECT status FROM etl_file WHERE path = 'contacts_1.csv' ORDER BY file_id") == "superseded\nstaged")
        #expect(try ProcessRunner.sqlite3(db, "SELECT street FROM dim_customer WHERE email = 'anna@example.de'") == "Anderswo")
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM dim_customer WHERE street = 'Hauptstr.'") == "0")
    }
}
