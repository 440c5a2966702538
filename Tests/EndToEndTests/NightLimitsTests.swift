import Foundation
import Testing
import TestSupport

/// A night that goes wrong says so: an export whose rows are (almost) all rejected fails its
/// file instead of replacing good data, and an empty warehouse never silently replaces a full one.
@Suite("night limits: failing files and empty warehouses")
struct NightLimitsTests {
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
        dialect: {delimiter: ";", date_formats: ["dd.MM.yyyy"]}
        fields: {record_id: Nr, first_name: Vorname, last_name: Nachname, email: E-Mail, signup_date: Anmeldung}
    """
    static let header = "Nr;Vorname;Nachname;E-Mail;Anmeldung\n"
    static let good = header + "K1;Anna;Schmidt;anna@example.de;01.02.2026\nK2;Bernd;Klein;bernd@example.de;03.02.2026\nK3;Carla;Neu;carla@example.de;04.02.2026\n"
    /// The same people, exported with US dates the mapping does not expect: every row rejected.
    /// (An ISO date would be read: a four-digit year first is unambiguous.)
    static let changedFormat = header + "K1;Anna;Schmidt;anna@example.de;02/01/2026\nK2;Bernd;Klein;bernd@example.de;02/03/2026\nK4;Dora;Alt;dora@example.de;02/05/2026\n"

    @Test("an export whose every row is rejected fails with exit 65, says why under --quiet, and the last good data stays published")
    func everyRowRejected() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline)
        try mini.dir.write("in/contacts.csv", text: Self.good)
        #expect(try mini.oneface(["run"]).status == 0)
        try mini.dir.write("in/contacts.csv", text: Self.changedFormat)
        let night = try mini.oneface(["run"])
        #expect(night.status == 65)
        #expect(night.stderr.contains("contacts.csv") && night.stderr.contains("3 of 3 rows rejected"), "\(night.stderr)")
        #expect(night.stderr.contains("dialect.date_formats"), "says what to do: \(night.stderr)")
        // ... with a command that exists (`run` takes no --source).
        #expect(night.stderr.contains("`oneface extract --source contacts && oneface transform && oneface load`")
                && !night.stderr.contains("run --source"), "\(night.stderr)")
        #expect(!night.stderr.contains("anna@example.de"), "no customer data in the log")
        let db = mini.warehouse
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM dim_customer WHERE is_current = 1") == "3", "last good data stays")
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM dim_customer WHERE email = 'dora@example.de'") == "0")
        #expect(try ProcessRunner.sqlite3(db, "SELECT status, rows_read, rows_staged, rows_rejected FROM etl_file ORDER BY file_id")
                == "staged|3|3|0\nfailed|3|0|3")
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM etl_reject WHERE file_id = 2") == "3")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") == "completed_with_errors")
        // Fixing the export stages it.
        try mini.dir.write("in/contacts.csv", text: Self.good.replacingOccurrences(of: "K3;Carla;Neu;carla@example.de;04.02.2026", with: "K4;Dora;Alt;dora@example.de;05.02.2026"))
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(db, "SELECT count(*) FROM dim_customer WHERE is_current = 1 AND email = 'dora@example.de'") == "1")
    }

    @Test("a few rejected rows are within the default limits; a source can tighten them")
    func limitsPerSource() throws {
        let oneBad = Self.header + "K1;Anna;Schmidt;anna@example.de;01.02.2026\nK2;Bernd;Klein;bernd@example.de;02/03/2026\nK3;Carla;Neu;carla@example.de;04.02.2026\n"
        let mini = try MiniPipeline(yaml: Self.pipeline)
        try mini.dir.write("in/contacts.csv", text: oneBad)
        let night = try mini.oneface(["run"])
        #expect(night.status == 0)
        #expect(night.stderr.contains("rows rejected"), "rejects are a warning even with --quiet: \(night.stderr)")
        let strict = try MiniPipeline(yaml: Self.pipeline + "\n    limits: {rejected_rows: 0}\n")
        try strict.dir.write("in/contacts.csv", text: oneBad)
        let refused = try strict.oneface(["run"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("limit rejected_rows 0"), "\(refused.stderr)")
    }

    @Test("validate reports a file whose rows would all be rejected, with the reason, and exits 65")
    func validateSeesTheFailure() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline)
        try mini.dir.write("in/contacts.csv", text: Self.changedFormat)
        let result = try mini.oneface(["validate"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("FAIL  contacts  contacts.csv: would fail its limits: 3 of 3 rows rejected"), "\(result.stdout)")
        #expect(result.stdout.contains("signup_date"), "names the field: \(result.stdout)")
    }

    @Test("limits are checked in the pipeline file, with file, line and key")
    func limitsValidated() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline.replacingOccurrences(of: "sources:", with: "limits: {rejected_rate: 5}\nsources:"))
        let result = try mini.oneface(["validate"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("pipeline.yml:5") && result.stderr.contains("limits.rejected_rate"), "\(result.stderr)")
    }

    @Test("an empty warehouse does not replace a full one without --allow-empty")
    func emptyWarehouseRefused() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline)
        try mini.dir.write("in/contacts.csv", text: Self.good)
        #expect(try mini.oneface(["run"]).status == 0)
        // A fresh staging database and no export at all: nothing to load.
        let empty = ["--staging", mini.dir.file("out/other.sqlite"), "--input-root", mini.dir.file("nothing")]
        let refused = try mini.oneface(["run"] + empty)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--allow-empty"), "\(refused.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer") == "3")
        let allowed = try mini.oneface(["run", "--allow-empty"] + empty)
        #expect(allowed.status == 65, "the missing export is still reported")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM dim_customer") == "0")
    }

    @Test("a CSV declared windows-1252 that starts with a UTF-8 byte-order mark is read as UTF-8, and that is said")
    func byteOrderMarkAgainstDeclaredEncoding() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline.replacingOccurrences(of: "{delimiter: \";\", date_formats", with: "{delimiter: \";\", encoding: windows-1252, date_formats"))
        try mini.dir.write("in/contacts.csv", bytes: [0xEF, 0xBB, 0xBF] + Array((Self.header + "K1;Jürgen;Müller;j@example.de;01.02.2026\n").utf8))
        let validate = try mini.oneface(["validate"])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("note: read as utf-8: the file starts with a UTF-8 byte-order mark although dialect.encoding is windows-1252"),
                "\(validate.stdout)")
        let run = try mini.oneface(["run"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("encoding differs from the dialect"), "a warning even with --quiet: \(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT first_name, last_name FROM dim_customer") == "Jürgen|Müller")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT message FROM etl_file").contains("byte-order mark"))
    }

    @Test("an NDJSON export in UTF-16 fails as a whole and says it is UTF-16, in validate and in the run")
    func utf16Export() throws {
        let mini = try MiniPipeline(yaml: Self.tickets)
        let lines = #"{"id":"T1","customer":{"name":"Jürgen Weiß","address":{"street":"Hauptstraße 1"}},"opened":"2026-11-01T10:00:00Z"}"# + "\n"
        try mini.dir.write("in/tickets.ndjson", bytes: [0xFF, 0xFE] + Array(lines.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let validate = try mini.oneface(["validate"])
        #expect(validate.status != 0)
        #expect(validate.stdout.contains("FAIL  tickets") && validate.stdout.contains("UTF-16 (little-endian, with a byte-order mark)"), "\(validate.stdout)")
        let run = try mini.oneface(["run"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("UTF-16"), "\(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT status FROM etl_file") == "failed")
    }

    @Test("a file failed for its nulled values names the field and why: an object mapped where the export now has a string")
    func nulledReasonsNamed() throws {
        let mini = try MiniPipeline(yaml: Self.tickets)
        let lines = (1...12).map { #"{"id":"T\#($0)","customer":{"name":"Kunde \#($0)","address":"Hauptstraße \#($0), 10115 Berlin"},"opened":"2026-11-01T10:00:00Z"}"# }
        try mini.dir.write("in/tickets.ndjson", text: lines.joined(separator: "\n") + "\n")
        let run = try mini.oneface(["run"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("12 of 12 rows had a value nulled")
                && run.stderr.contains("top nulled values: street: expected an object at `customer.address`, found a value (12)"), "\(run.stderr)")
        #expect(!run.stderr.contains("Hauptstraße"), "no customer data in the log")
    }

    static let tickets = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    sources:
      - name: tickets
        system: support
        entity: ticket
        format: ndjson
        path: tickets.ndjson
        fields: {record_id: id, full_name: customer.name, street: customer.address.street, opened_at: opened}
    """
}
