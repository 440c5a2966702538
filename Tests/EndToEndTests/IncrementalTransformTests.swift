import Foundation
import Testing
import TestSupport

/// A night resolved incrementally (only what the night's changes reach is compared and clustered
/// again) writes exactly what resolving every record writes: the same ids, links, decisions, golden
/// records and versions. Night 2 of generated people, plus a delivery written by hand that merges
/// two customers (a contact re-delivered with another customer's number) and splits one (a contact
/// re-delivered as somebody else).
@Suite("incremental transform", .serialized)
struct IncrementalTransformTests {
    static let pipeline = RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml").path
    static let sample = ["sample", "--customers", "1500", "--seed", "21"]
    static let identityTables = ["id_record", "match_pair", "id_golden", "id_golden_origin", "id_customer_version", "id_customer",
                                 "customer_id_history", "id_unidentified", "id_nulled", "id_term_frequency", "id_term_frequency_basis"]

    @Test("incremental night 2 with merges and splits equals resolving every record")
    func incrementalEqualsFull() throws {
        let dir = try TemporaryDirectory("incremental")
        let input = dir.file("in")
        func oneface(_ command: [String], staging: String) throws -> ProcessResult {
            try ProcessRunner.oneface(command + ["--pipeline", Self.pipeline, "--input-root", input, "--warehouse", dir.file("warehouse.sqlite"),
                                                 "--staging", staging])
        }
        let staging = dir.file("staging.sqlite"), full = dir.file("full.sqlite")
        try #require(try ProcessRunner.oneface(Self.sample + ["--out", input]).status == 0)
        let night1 = try oneface(["run", "--quiet"], staging: staging)
        try #require(night1.status == 0, "\(night1.stderr)")

        // The records the hand-written delivery changes: a contact without a customer number (X),
        // another customer's number (K), and a contact linked to other records by matching (Z).
        func one(_ sql: String) throws -> String { try ProcessRunner.sqlite3(staging, sql) }
        let numbered = "SELECT customer_id FROM id_record WHERE customer_number IS NOT NULL"
        let x = try one("SELECT source_record_id FROM id_record WHERE source = 'email_contacts' AND customer_id NOT IN (\(numbered)) ORDER BY source_record_id LIMIT 1")
        let customerX = try one("SELECT customer_id FROM id_record WHERE source = 'email_contacts' AND source_record_id = '\(x)'")
        let number = try one("""
            SELECT customer_number FROM id_record WHERE source = 'email_contacts' AND customer_number IS NOT NULL AND customer_id <> '\(customerX)'
            GROUP BY customer_number HAVING count(DISTINCT customer_id) = 1 ORDER BY 1 LIMIT 1
            """)
        let customerK = try one("SELECT customer_id FROM id_record WHERE customer_number = '\(number)' LIMIT 1")
        let z = try one("""
            SELECT r.source_record_id FROM id_record r WHERE r.source = 'email_contacts' AND r.match_rule = 'probabilistic'
              AND r.customer_id NOT IN ('\(customerX)', '\(customerK)') AND r.customer_id NOT IN (\(numbered))
              AND (SELECT count(*) FROM id_record o WHERE o.customer_id = r.customer_id) >= 3
            ORDER BY r.source_record_id LIMIT 1
            """)
        try #require(!x.isEmpty && !number.isEmpty && !z.isEmpty)

        // Night 2: the generator's next night, and the hand-written delivery (same layout, a day later).
        try #require(try ProcessRunner.oneface(Self.sample + ["--night", "2", "--out", input]).status == 0)
        let contacts = try String(contentsOfFile: dir.file("in/email/contacts_20261121.csv"), encoding: .windowsCP1252)
        let lines = contacts.split(whereSeparator: \.isNewline).map(String.init)
        func row(_ id: String) throws -> [String] {
            try #require(lines.first { $0.hasPrefix(id + ";") }).split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
        var merged = try row(x)
        merged[merged.count - 1] = number
        var moved = try row(z)
        (moved[3], moved[4], moved[5], moved[6], moved[7], moved[8], moved[9], moved[11])
            = ("Zacharias", "Quappendorf", "z.quappendorf@example.org", "0351 4401234", "Am Zwinger 1", "01067", "Dresden", "01.01.1950")
        let delivery = ([lines[0], merged.joined(separator: ";"), moved.joined(separator: ";")]).joined(separator: "\r\n") + "\r\n"
        try delivery.write(toFile: dir.file("in/email/contacts_20261123.csv"), atomically: true, encoding: .windowsCP1252)
        let extract = try oneface(["extract", "--quiet"], staging: staging)
        try #require(extract.status == 0, "\(extract.stderr)")

        // The same staging twice: resolved incrementally, and every record resolved (--force).
        try FileManager.default.copyItem(atPath: staging, toPath: full)
        try FileManager.default.copyItem(atPath: dir.file("staging.identity-model.json"), toPath: dir.file("full.identity-model.json"))
        let incremental = try oneface(["transform"], staging: staging)
        #expect(incremental.status == 0, "\(incremental.stderr)")
        #expect(incremental.stderr.contains("customers; incrementally: "), "\(incremental.stderr)")
        let forced = try oneface(["transform", "--force"], staging: full)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!forced.stderr.contains("incrementally"), "\(forced.stderr)")

        // The night merged and split customers.
        let events = try one("SELECT group_concat(event, ' ') FROM (SELECT DISTINCT event FROM customer_id_history WHERE run_id = (SELECT max(run_id) FROM customer_id_history) ORDER BY event)")
        #expect(events.contains("merge") && events.contains("split"), "events of night 2: \(events)")
        #expect(try one("SELECT count(DISTINCT customer_id) FROM id_record WHERE source = 'email_contacts' AND source_record_id = '\(x)' OR customer_number = '\(number)'") == "1")

        for table in Self.identityTables {
            let columns = try ProcessRunner.sqlite3(staging, "SELECT group_concat(name, ', ') FROM pragma_table_info('\(table)')")
            let query = "SELECT \(columns) FROM \(table) ORDER BY \(columns)"
            let resolved = try ProcessRunner.sqlite3(staging, query), everything = try ProcessRunner.sqlite3(full, query)
            #expect(!resolved.isEmpty || table == "id_nulled", "\(table) is empty")
            #expect(resolved == everything, "\(table) differs between the incremental and the full transform")
        }
    }
}

extension IncrementalTransformTests {
    @Test("an export staged again unchanged touches nothing and changes nothing; reviewed decisions resolve every record")
    func nothingTouchedAndFallback() throws {
        let sample = try KeptIdentityTests.Sample()
        #expect(try sample.oneface(["run"]).status == 0)
        let before = try WarehouseSnapshot.content(of: sample.staging)

        // The same contacts staged again: a new file id, the same records.
        #expect(try sample.oneface(["extract", "--source", "email_contacts", "--force"]).status == 0)
        #expect(try sample.oneface(["transform"]).status == 0)
        let message = try sample.lastTransform()
        #expect(message.contains("incrementally: 0 records new, changed or beside a change"), "\(message)")
        let after = try WarehouseSnapshot.content(of: sample.staging)
        for table in ["id_record", "match_pair", "id_golden", "id_golden_origin", "id_customer", "customer_id_history"] {
            #expect(after[table] == before[table], "\(table) changed although no record did")
        }

        // A reviewed decision: the night resolves every record, and says why.
        let pair = try ProcessRunner.sqlite3(sample.staging, """
            SELECT source_system_a || ',' || source_a || ',' || source_record_id_a || ',' || source_system_b || ',' || source_b || ',' ||
              source_record_id_b FROM match_pair WHERE decision = 'linked' ORDER BY pair_id LIMIT 1
            """)
        try sample.dir.write("review-decisions.csv", text: "system_a,source_a,record_id_a,system_b,source_b,record_id_b,decision,decided_by,decided_at,note\n\(pair),keep_apart,test,2026-12-07,\n")
        let reviewed = try ProcessRunner.oneface(["transform", "--verbose", "--pipeline", sample.dir.file("pipeline.yml"), "--staging", sample.staging])
        #expect(reviewed.status == 0, "\(reviewed.stderr)")
        #expect(reviewed.stderr.contains("resolving every record: reviewed decisions are in force"), "\(reviewed.stderr)")
        #expect(try !sample.lastTransform().contains("incrementally"))
    }
}
