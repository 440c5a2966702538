import Foundation
import Logging
@testable import Pipeline
import PipelineCore
import SQLiteDB
@testable import Staging
import Testing
import TestSupport

/// `on_invalid`: a value that cannot be typed nulls the field (and is kept in `etl_nulled`) or
/// rejects the record. Runs the extract in process on real SQLite files.
@Suite("invalid values: null or reject")
struct InvalidValueTests {
    /// A contacts CSV whose line 3 has a birth date with month 17; line 4 has a bad signup date.
    static let contacts = """
    Nr;Vorname;Nachname;E-Mail;Geburtsdatum;Newsletter;Anmeldung
    K1;Anna;Schmidt;anna@example.de;1980-01-31;ja;2025-01-02
    K2;Bernd;Klein;bernd@example.de; 1974-17-15;nein;2025-01-03
    K3;Clara;Wolf;clara@example.de;1990-05-05;ja;2025-13-01

    """

    static func yaml(birthDate: String = "Geburtsdatum", csat: String = "csat") -> String {
        """
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
            dialect: {delimiter: ";", date_formats: ["yyyy-MM-dd"]}
            fields:
              record_id: Nr
              first_name: Vorname
              last_name: Nachname
              email: E-Mail
              birth_date: \(birthDate)
              consent: Newsletter
              signup_date: Anmeldung
          - name: tickets
            system: support
            entity: ticket
            format: json
            path: tickets_*.json
            fields:
              record_id: id
              email: requester.email
              opened_at: created_at
              csat: \(csat)
        """
    }

    static let tickets = #"[{"id":"T1","requester":{"email":"anna@example.de"},"created_at":"2026-01-05T10:00:00Z","csat":9},{"id":"T2","created_at":"2026-01-06T10:00:00Z","csat":4}]"#

    /// Writes the pipeline and inputs, runs the extract in process, returns the staging database.
    static func extract(yaml: String, contacts: String = Self.contacts, tickets: String = Self.tickets,
                        in dir: TemporaryDirectory) throws -> Database {
        try dir.write("pipeline.yml", text: yaml)
        try dir.write("in/contacts_1.csv", text: contacts)
        try dir.write("in/tickets_1.json", text: tickets)
        let config = try PipelineConfig.load(path: dir.file("pipeline.yml"))
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let report = try PipelineRunner(config: config, logger: logger).run(RunRequest(command: "extract", stages: [.extract]))
        #expect(report.exitCode == 0)
        return try Database(path: config.stagingPath, mode: .readOnly)
    }

    static func rows(_ db: Database, _ sql: String) throws -> [String] {
        try db.rows(sql).map { $0.map { $0.string ?? "NULL" }.joined(separator: "|") }
    }

    @Test("an invalid birth date stages the person with birth_date NULL and one etl_nulled row")
    func birthDateNulled() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.extract(yaml: Self.yaml(), in: dir)
        // The person on line 3 is staged with name and e-mail, without the birth date.
        #expect(try Self.rows(db, "SELECT line, record_id, first_name, email, birth_date, consent FROM stg_contacts ORDER BY line")
                == ["2|K1|Anna|anna@example.de|1980-01-31|1", "3|K2|Bernd|bernd@example.de|NULL|0"])
        let fileID = try #require(try db.scalar("SELECT file_id FROM etl_file WHERE path = 'contacts_1.csv'")?.int)
        #expect(try Self.rows(db, "SELECT file_id, line, source, field, reason, raw_value FROM etl_nulled")
                == ["\(fileID)|3|contacts|birth_date|not a valid date in the configured formats| 1974-17-15"])
        // signup_date is no person attribute: its bad value still rejects line 4.
        #expect(try Self.rows(db, "SELECT line, reason FROM etl_reject WHERE source = 'contacts'") == ["4|signup_date: not a valid date in the configured formats"])
        #expect(try Self.rows(db, "SELECT rows_read, rows_staged, rows_rejected, rows_nulled FROM etl_file WHERE path = 'contacts_1.csv'") == ["3|2|1|1"])
        // csat is a fact value: 9 (outside 1-5) rejects the ticket by default.
        #expect(try Self.rows(db, "SELECT line, reason FROM etl_reject WHERE source = 'tickets'") == ["1|csat: outside 1-5"])
        #expect(try Self.rows(db, "SELECT rows_read, rows_staged, rows_rejected, rows_nulled FROM etl_file WHERE source = 'tickets'") == ["2|1|1|0"])
    }

    @Test("on_invalid: reject restores the reject, with no etl_nulled row")
    func rejectRestored() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.extract(yaml: Self.yaml(birthDate: "{from: Geburtsdatum, on_invalid: reject}"), in: dir)
        #expect(try Self.rows(db, "SELECT record_id FROM stg_contacts ORDER BY line") == ["K1"])
        #expect(try Self.rows(db, "SELECT line, reason FROM etl_reject WHERE source = 'contacts' ORDER BY line")
                == ["3|birth_date: not a valid date in the configured formats", "4|signup_date: not a valid date in the configured formats"])
        #expect(try db.scalar("SELECT count(*) FROM etl_nulled")?.int == 0)
        #expect(try Self.rows(db, "SELECT rows_read, rows_staged, rows_rejected, rows_nulled FROM etl_file WHERE path = 'contacts_1.csv'") == ["3|1|2|0"])
    }

    @Test("on_invalid: null on a fact field keeps the record; the JSON value is recorded as read")
    func factFieldNulled() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.extract(yaml: Self.yaml(csat: "{from: csat, on_invalid: null}"), in: dir)
        #expect(try Self.rows(db, "SELECT record_id, csat FROM stg_tickets ORDER BY line") == ["T1|NULL", "T2|4"])
        #expect(try Self.rows(db, "SELECT line, source, field, reason, raw_value FROM etl_nulled WHERE source = 'tickets'")
                == ["1|tickets|csat|outside 1-5|9"])
        #expect(try Self.rows(db, "SELECT rows_read, rows_staged, rows_rejected, rows_nulled FROM etl_file WHERE source = 'tickets'") == ["2|2|0|1"])
    }

    @Test("a re-delivered file replaces its nulled values with its staged rows")
    func restageReplacesNulled() throws {
        let dir = try TemporaryDirectory()
        _ = try Self.extract(yaml: Self.yaml(), in: dir)
        // The new delivery fixes Bernd's date and breaks Anna's.
        let fixed = Self.contacts.replacingOccurrences(of: " 1974-17-15", with: "1974-07-15")
            .replacingOccurrences(of: "1980-01-31", with: "31.01.1980")
        let db = try Self.extract(yaml: Self.yaml(), contacts: fixed, in: dir)
        let current = try #require(try db.scalar("SELECT file_id FROM etl_file WHERE path = 'contacts_1.csv' AND status = 'staged'")?.int)
        #expect(try Self.rows(db, "SELECT file_id, line, field, raw_value FROM etl_nulled") == ["\(current)|2|birth_date|31.01.1980"])
        #expect(try Self.rows(db, "SELECT status, rows_nulled FROM etl_file WHERE path = 'contacts_1.csv' ORDER BY file_id") == ["superseded|1", "staged|1"])
    }

    @Test("a staging database from before etl_nulled is upgraded in place")
    func migration() throws {
        let dir = try TemporaryDirectory()
        try dir.write("pipeline.yml", text: Self.yaml())
        let config = try PipelineConfig.load(path: dir.file("pipeline.yml"))
        try FileManager.default.createDirectory(atPath: dir.file("out"), withIntermediateDirectories: true)
        do {
            // The staging schema as the previous release left it: migrations 1 to 4, one staged file.
            let old = try Database(path: config.stagingPath)
            try old.execute("CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            for migration in StagingSchema.migrations where migration.version <= 4 {
                try old.execute(migration.sql)
                try old.execute("INSERT INTO schema_migration(version, applied_at) VALUES (?, '2026-01-01')", [.integer(Int64(migration.version))])
            }
            try old.execute("INSERT INTO etl_run(run_id, command, started_at) VALUES (1, 'extract', '2026-01-01')")
            try old.execute("INSERT INTO etl_file(source, source_system, path, size, sha256, rows_read, rows_staged, status, run_id) VALUES ('contacts', 'email', 'old.csv', 1, 'x', 5, 5, 'staged', 1)")
        }
        let store = try StagingStore(config: config)
        #expect(try store.db.columns(of: "etl_nulled") == ["file_id", "line", "source", "field", "reason", "raw_value"])
        #expect(try Self.rows(store.db, "SELECT rows_staged, rows_nulled FROM etl_file") == ["5|0"])
        #expect(try Self.rows(store.db, "SELECT name FROM pragma_index_list('etl_nulled')") == ["etl_nulled_row"])
        #expect(try Self.rows(store.db, "SELECT name FROM pragma_index_info('etl_nulled_row')") == ["file_id", "line", "field"])
        #expect(try store.db.scalar("SELECT max(version) FROM schema_migration")?.int == Int64(StagingSchema.version))
    }

    @Test("forget removes the person's nulled values with their staged rows")
    func forgetRemovesNulled() throws {
        let dir = try TemporaryDirectory()
        _ = try Self.extract(yaml: Self.yaml(), in: dir)
        let config = try PipelineConfig.load(path: dir.file("pipeline.yml"))
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let runner = PipelineRunner(config: config, logger: logger)
        _ = try runner.run(RunRequest(command: "run", stages: [.transform]))
        _ = try runner.run(RunRequest(command: "forget", stages: [.transform], erase: ErasureRequest(email: "bernd@example.de")))
        let db = try Database(path: config.stagingPath, mode: .readOnly)
        #expect(try db.scalar("SELECT count(*) FROM etl_nulled")?.int == 0)
        #expect(try Self.rows(db, "SELECT record_id FROM stg_contacts") == ["K1"])
    }
}

@Suite("on_invalid in the pipeline file")
struct InvalidValueConfigTests {
    static func config(_ birthDate: String, record: String = "Nr") throws(ConfigError) -> PipelineConfig {
        try PipelineConfig.parse(yaml: InvalidValueTests.yaml(birthDate: birthDate).replacingOccurrences(of: "record_id: Nr", with: "record_id: \(record)"), file: "p.yml")
    }

    @Test("defaults: optional person attributes are nulled; ids, times, amounts and fact values reject")
    func defaults() {
        #expect(Entity.contact.defaultInvalidPolicy(for: Entity.contact.field(named: "birth_date")!) == .null)
        #expect(Entity.contact.defaultInvalidPolicy(for: Entity.contact.field(named: "consent")!) == .null)
        #expect(Entity.ticket.defaultInvalidPolicy(for: Entity.ticket.field(named: "postcode")!) == .null)
        #expect(Entity.contact.defaultInvalidPolicy(for: Entity.contact.field(named: "record_id")!) == .reject)
        #expect(Entity.contact.defaultInvalidPolicy(for: Entity.contact.field(named: "signup_date")!) == .reject)
        #expect(Entity.ticket.defaultInvalidPolicy(for: Entity.ticket.field(named: "csat")!) == .reject)
        #expect(Entity.surveyResponse.defaultInvalidPolicy(for: Entity.surveyResponse.field(named: "nps")!) == .reject)
        #expect(Entity.purchase.defaultInvalidPolicy(for: Entity.purchase.field(named: "amount")!) == .reject)
        #expect(Entity.branch.defaultInvalidPolicy(for: Entity.branch.field(named: "postcode")!) == .reject)
    }

    @Test("on_invalid is read per field; left out, it stays the field's default")
    func parsed() throws {
        let config = try Self.config("{from: Geburtsdatum, on_invalid: reject}")
        #expect(config.source(named: "contacts")?.fields.first { $0.canonical == "birth_date" }?.onInvalid == .reject)
        #expect(config.source(named: "contacts")?.fields.first { $0.canonical == "email" }?.onInvalid == nil)
        let nulled = try Self.config("{from: Geburtsdatum, on_invalid: null}")
        #expect(nulled.source(named: "contacts")?.fields.first { $0.canonical == "birth_date" }?.onInvalid == .null)
    }

    @Test("an unknown policy and a nulled required field are config errors at their line", arguments: [
        ("{from: Geburtsdatum, on_invalid: drop}", "Nr", "sources.contacts.fields.birth_date.on_invalid", "expected one of: null, reject"),
        ("Geburtsdatum", "{from: Nr, on_invalid: null}", "sources.contacts.fields.record_id.on_invalid", "is required"),
    ])
    func errors(birthDate: String, record: String, key: String, expectation: String) throws {
        let yaml = InvalidValueTests.yaml(birthDate: birthDate).replacingOccurrences(of: "record_id: Nr", with: "record_id: \(record)")
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("on_invalid") }! + 1
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: yaml, file: "p.yml") }
        #expect(error.key == key)
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(expectation), "\(error)")
    }

    @Test("a required field nulled in code is refused when the mapper compiles")
    func requiredInCode() throws {
        let dir = try TemporaryDirectory()
        var config = try PipelineConfig.parse(yaml: InvalidValueTests.yaml(), file: dir.file("p.yml"))
        let index = config.sources[1].fields.firstIndex { $0.canonical == "opened_at" }!
        config.sources[1].fields[index].onInvalid = .null
        let runner = PipelineRunner(config: config, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        #expect(throws: PipelineError.self) { try runner.run(RunRequest(command: "extract", stages: [.extract])) }
    }

    @Test("a JSON value of the wrong type at a mapped path is recorded, not silently NULL")
    func wrongJSONType() throws {
        let dir = try TemporaryDirectory()
        // T1's requester is a bare string, T2's csat an object, T3 is as expected, T4 has no requester at all.
        let tickets = "[\n" + #"{"id":"T1","requester":"anna@example.de","created_at":"2026-01-05T10:00:00Z","csat":4},"# + "\n"
            + #"{"id":"T2","requester":{"email":"b@example.de"},"created_at":"2026-01-06T10:00:00Z","csat":{"score":4}},"# + "\n"
            + #"{"id":"T3","requester":{"email":"c@example.de"},"created_at":"2026-01-07T10:00:00Z","csat":5},"# + "\n"
            + #"{"id":"T4","created_at":"2026-01-08T10:00:00Z","csat":3}"# + "\n]\n"
        let db = try InvalidValueTests.extract(yaml: InvalidValueTests.yaml(), tickets: tickets, in: dir)
        #expect(try InvalidValueTests.rows(db, "SELECT record_id, email FROM stg_tickets ORDER BY line") == ["T1|NULL", "T3|c@example.de", "T4|NULL"])
        #expect(try InvalidValueTests.rows(db, "SELECT line, field, reason FROM etl_nulled WHERE source = 'tickets'")
                == ["2|email|expected an object at `requester`, found a value"])
        #expect(try InvalidValueTests.rows(db, "SELECT line, reason FROM etl_reject WHERE source = 'tickets'")
                == ["3|csat: expected a value at `csat`, found an object"])
    }
}
