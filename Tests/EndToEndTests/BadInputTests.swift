import Foundation
import Testing
import TestSupport

/// A small pipeline written per test, with inputs that are broken on purpose.
struct MiniPipeline {
    let dir: TemporaryDirectory
    var pipeline: String { dir.file("pipeline.yml") }
    var warehouse: String { dir.file("out/warehouse.sqlite") }
    var staging: String { dir.file("out/staging.sqlite") }

    init(yaml: String = MiniPipeline.yaml) throws {
        dir = try TemporaryDirectory()
        try dir.write("pipeline.yml", text: yaml)
    }

    func oneface(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.oneface(arguments + ["--pipeline", pipeline, "--quiet"])
    }

    static let yaml = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    sources:
      - name: contacts
        system: email
        entity: contact
        format: csv
        path: contacts_*.csv
        dialect: {delimiter: ";", encoding: windows-1252, date_formats: ["dd.MM.yyyy"]}
        fields:
          record_id: Nr
          first_name: Vorname
          last_name: Nachname
          email: E-Mail
          postcode: PLZ
          birth_date: Geburtsdatum
      - name: tickets
        system: support
        entity: ticket
        format: json
        path: tickets_*.json
        dialect: {record_path: data.tickets}
        fields:
          record_id: id
          email: requester.email
          full_name: requester.name
          opened_at: created_at
          csat: csat
    """

    /// `ü` is 0xFC in Windows-1252.
    static let contacts: [UInt8] = Array("Nr;Vorname;Nachname;E-Mail;PLZ;Geburtsdatum\r\nE1;J".utf8) + [0xFC]
        + Array("rgen;M".utf8) + [0xFC] + Array("ller;j.mueller@example.de;01067;31.01.1980\r\nE2;Anna;Schmidt;a.schmidt@example.de;10115;31.02.1980\r\nE3;Bernd;Klein;b@example.de;20095\r\n".utf8)
}

@Suite("bad inputs and operations", .serialized)
struct BadInputTests {
    @Test("a bad row is quarantined with file, line and reason; the run goes on")
    func badRowsQuarantined() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        try mini.dir.write("in/tickets_1.json", text: #"{"data":{"tickets":[{"id":"T1","requester":{"email":"J.Mueller@Example.de ","name":"Jürgen Müller"},"created_at":"2026-01-05T10:00:00+01:00","csat":4},{"id":"T2","created_at":"2026-01-06T10:00:00Z","csat":9}]}}"#)
        let result = try mini.oneface(["run"])
        #expect(result.status == 0, "\(result.stderr)")
        let rejects = try ProcessRunner.sqlite3(mini.warehouse, "SELECT file, line, reason FROM etl_reject ORDER BY file, line")
        #expect(!rejects.contains("contacts_1.csv|3|"), "31.02. is no date, but only the birth date is lost: \(rejects)")
        #expect(rejects.contains("contacts_1.csv|4|"), "missing field: \(rejects)")
        #expect(rejects.contains("tickets_1.json|1|csat"), "csat 9 is outside 1-5: \(rejects)")
        // The Windows-1252 umlaut arrived as UTF-8, and both records of the person were merged by e-mail.
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT first_name, last_name FROM dim_customer WHERE email = 'j.mueller@example.de'") == "Jürgen|Müller")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(DISTINCT customer_id) FROM bridge_customer_source WHERE source_record_id IN ('E1', 'T1')") == "1")
        // Anna (line 3, birth date nulled) is the second customer.
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(DISTINCT customer_id) FROM bridge_customer_source") == "2")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM etl_file WHERE rows_read <> rows_staged + rows_rejected") == "0")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT postcode FROM dim_customer WHERE email = 'j.mueller@example.de'") == "01067")
    }

    @Test("an invalid birth date costs the birth date, not the person: NULL in the warehouse, the value in etl_nulled")
    func invalidBirthDateNulled() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        try mini.dir.write("in/tickets_1.json", text: #"{"data":{"tickets":[]}}"#)
        let result = try mini.oneface(["run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("31.02.1980"), "no customer data in the log")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT first_name, last_name, coalesce(birth_date, 'NULL') FROM dim_customer WHERE email = 'a.schmidt@example.de'")
                == "Anna|Schmidt|NULL")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, """
            SELECT f.path, n.line, n.source, n.field, n.reason, n.raw_value FROM etl_nulled n JOIN etl_file f USING (file_id)
            """) == "contacts_1.csv|3|contacts|birth_date|not a valid date in the configured formats|31.02.1980")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT rows_read, rows_staged, rows_rejected, rows_nulled FROM etl_file WHERE path = 'contacts_1.csv'")
                == "3|2|1|1")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT table_name FROM dw_catalog WHERE table_name = 'etl_nulled' LIMIT 1") == "etl_nulled")
        let status = try mini.oneface(["status", "--limit", "1"])
        #expect(status.stdout.contains("staged 2 (1 with nulled values), rejected 1"), "\(status.stdout)")
        let validate = try mini.oneface(["validate"])
        #expect(validate.stdout.contains("1 would be quarantined, 1 staged with nulled values"), "\(validate.stdout)")
        #expect(validate.stdout.contains("nulled: line 3: birth_date: not a valid date"), "\(validate.stdout)")
        #expect(!validate.stdout.contains("31.02.1980"), "reasons, not values")

        // Configured back to reject, the row is quarantined as before.
        let strict = try MiniPipeline(yaml: MiniPipeline.yaml.replacingOccurrences(
            of: "birth_date: Geburtsdatum", with: "birth_date: {from: Geburtsdatum, on_invalid: reject}"))
        try strict.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        try strict.dir.write("in/tickets_1.json", text: #"{"data":{"tickets":[]}}"#)
        #expect(try strict.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(strict.warehouse, "SELECT file, line, reason FROM etl_reject WHERE line = 3")
                == "contacts_1.csv|3|birth_date: not a valid date in the configured formats")
        #expect(try ProcessRunner.sqlite3(strict.warehouse, "SELECT count(*) FROM etl_nulled") == "0")
    }

    @Test("a truncated JSON file is recorded as failed, nothing of it is staged, exit code 65")
    func truncatedFileFails() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        try mini.dir.write("in/tickets_1.json", text: #"{"data":{"tickets":[{"id":"T1","created_at":"2026-01-05T10:00:00Z"},{"id":"T2","#)
        let result = try mini.oneface(["run"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("tickets_1.json"))
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT status FROM etl_file WHERE path = 'tickets_1.json'") == "failed")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM fact_support_ticket") == "0")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer") == "2")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") == "completed_with_errors")
    }

    @Test("a source without any export file is reported as failed with exit code 65; the others load")
    func missingExport() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        let result = try mini.oneface(["run"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("tickets_*.json"))
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT path, status FROM etl_file WHERE source = 'tickets'") == "tickets_*.json|failed")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer") == "2")
    }

    @Test("a config error names the file, line and key, exits 78 and writes nothing")
    func configErrorNamesLine() throws {
        let broken = MiniPipeline.yaml.replacingOccurrences(of: "entity: ticket", with: "entity: tiket")
        let mini = try MiniPipeline(yaml: broken)
        let result = try mini.oneface(["run"])
        #expect(result.status == 78)
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("tiket") }! + 1
        #expect(result.stderr.contains("pipeline.yml:\(line)"), "\(result.stderr)")
        #expect(result.stderr.contains("sources.tickets.entity"))
        #expect(!FileManager.default.fileExists(atPath: mini.staging))
    }

    @Test("a mapped column missing from the header fails that file with a message naming the column")
    func missingColumn() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", text: "Nr;Vorname;Nachname;Mail;PLZ;Geburtsdatum\r\nE1;A;B;c@d.de;01067;01.01.1990\r\n")
        try mini.dir.write("in/tickets_1.json", text: #"{"data":{"tickets":[]}}"#)
        let result = try mini.oneface(["validate"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("`E-Mail`"))
    }

    @Test("peek prints mapped records as JSON lines")
    func peek() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        let result = try mini.oneface(["peek", "--source", "contacts", "--limit", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["first_name"] as? String == "Jürgen")
        #expect(first?["birth_date"] as? String == "1980-01-31")
        #expect(first?["postcode"] as? String == "01067")
    }

    @Test("status lists the runs with their stages")
    func status() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        try mini.dir.write("in/tickets_1.json", text: #"{"data":{"tickets":[]}}"#)
        #expect(try mini.oneface(["run"]).status == 0)
        let result = try mini.oneface(["status"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("run 1  run"))
        #expect(result.stdout.contains("extract"))
        #expect(result.stdout.contains("load"))
    }

    @Test("an analyst reading during a load sees the old warehouse or the new one, never a mix")
    func atomicPublish() throws {
        let mini = try MiniPipeline()
        try mini.dir.write("in/contacts_1.csv", bytes: MiniPipeline.contacts)
        try mini.dir.write("in/tickets_1.json", text: #"{"data":{"tickets":[]}}"#)
        #expect(try mini.oneface(["run"]).status == 0)
        // The next night brings 3,000 tickets; a reader polls while it loads.
        var tickets: [String] = []
        for i in 1...3000 { tickets.append(#"{"id":"T\#(i)","requester":{"email":"p\#(i)@example.de"},"created_at":"2026-02-01T10:00:00Z","csat":3}"#) }
        try mini.dir.write("in/tickets_2.json", text: #"{"data":{"tickets":["# + tickets.joined(separator: ",") + "]}}")
        let query = "SELECT (SELECT count(*) FROM fact_support_ticket) || ':' || (SELECT count(*) FROM dim_customer)"
        let observed = ObservedStates()
        let reader = Thread {
            while !observed.stop {
                if let state = try? ProcessRunner.sqlite3(mini.warehouse, query) { observed.add(state) }
            }
        }
        reader.start()
        #expect(try mini.oneface(["run"]).status == 0)
        observed.stop = true
        while !reader.isFinished { usleep(10_000) }
        let final = try ProcessRunner.sqlite3(mini.warehouse, query)
        #expect(final == "3000:3002")
        #expect(observed.states.isSubset(of: ["0:2", final]), "saw \(observed.states)")
        #expect(!observed.states.isEmpty)
    }
}

final class ObservedStates: @unchecked Sendable {
    // @unchecked: guarded by `lock`; `stop` is a benign flag polled by one reader thread.
    private let lock = NSLock()
    private var seen = Set<String>()
    nonisolated(unsafe) var stop = false
    func add(_ state: String) { lock.lock(); seen.insert(state); lock.unlock() }
    var states: Set<String> { lock.lock(); defer { lock.unlock() }; return seen }
}
