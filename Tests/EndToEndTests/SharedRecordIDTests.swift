import Foundation
import Testing
import TestSupport

/// Sources, not systems, own record ids: a CRM and a newsletter tool both numbering from C-1001,
/// two help desks both from T-1 (Fixtures/shared-ids). Every record is resolved and published,
/// the facts attach to the right person, explain, evaluate and review name records by source, and
/// a staging database from before (made by OneFace 0.9.0, staging schema 10) upgrades with its
/// customer ids kept.
@Suite("two sources of one system with overlapping record ids")
struct SharedRecordIDTests {
    static let fixture = RepositoryPaths.tests("EndToEndTests/Fixtures/shared-ids").path

    /// The fixture's pipeline and exports in a temporary folder (`yaml` edits the pipeline).
    static func setUp(_ yaml: (String) -> String = { $0 }) throws -> MiniPipeline {
        let text = try String(contentsOfFile: fixture + "/pipeline.yml", encoding: .utf8)
        let mini = try MiniPipeline(yaml: yaml(text))
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture + "/in") {
            _ = try mini.dir.write("in/" + name, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: fixture + "/in/" + name))))
        }
        return mini
    }

    static func customer(_ db: String, _ source: String, _ id: String) throws -> String {
        try ProcessRunner.sqlite3(db, "SELECT customer_id FROM bridge_customer_source WHERE source_name = '\(source)' AND source_record_id = '\(id)'")
    }

    @Test("both sources' records resolve and load; facts attach to the person of their own source")
    func overlappingIDsLoad() throws {
        let mini = try Self.setUp()
        let validate = try mini.oneface(["validate"])
        #expect(validate.status == 0, "\(validate.stderr)")
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let db = mini.warehouse
        #expect(try ProcessRunner.sqlite3(db, "SELECT source_system, source_name, source_record_id FROM bridge_customer_source ORDER BY 2, 3")
                == "email|crm|C-1001\nemail|crm|C-1002\nsupport|desk|T-1\nsupport|helpdesk|T-1\nemail|newsletter|C-1001\nemail|newsletter|C-1002")
        let anna = try Self.customer(db, "crm", "C-1001"), bernd = try Self.customer(db, "crm", "C-1002")
        let carla = try Self.customer(db, "newsletter", "C-1001"), dieter = try Self.customer(db, "helpdesk", "T-1")
        #expect(Set([anna, bernd, carla, dieter]).count == 4, "four people")
        #expect(try Self.customer(db, "newsletter", "C-1002") == anna, "the same person in both tools")
        #expect(try Self.customer(db, "desk", "T-1") == anna)
        // Each event source's contacts come from its own tool (contacts_from); tickets are their own records.
        #expect(try ProcessRunner.sqlite3(db, "SELECT source_name, source_record_id, contact_record_id, customer_id FROM fact_email_event ORDER BY 1, 2")
                == "crm_events|E-1|C-1001|\(anna)\ncrm_events|E-2|C-1002|\(bernd)\nnewsletter_events|E-1|C-1001|\(carla)")
        #expect(try ProcessRunner.sqlite3(db, "SELECT source_name, source_record_id, customer_id FROM fact_support_ticket ORDER BY 1")
                == "desk|T-1|\(anna)\nhelpdesk|T-1|\(dieter)")
        #expect(try ProcessRunner.sqlite3(db, "PRAGMA foreign_key_check") == "")
        // match_pair names both records by source too.
        #expect(try ProcessRunner.sqlite3(db, """
            SELECT count(*) FROM match_pair WHERE source_name_a IS NULL OR source_name_b IS NULL
              OR NOT EXISTS (SELECT 1 FROM bridge_customer_source b WHERE b.source_name = source_name_a AND b.source_record_id = source_record_id_a)
            """) == "0")

        let explained = try mini.oneface(["explain", anna])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains("3 source records"), "\(explained.stdout)")
        for record in ["crm/C-1001", "newsletter/C-1002", "desk/T-1"] { #expect(explained.stdout.contains("] \(record) ("), "\(record)") }
        #expect(!explained.stdout.contains("newsletter/C-1001 ("))

        // A second run changes nothing.
        let before = try WarehouseSnapshot.content(of: db)
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try WarehouseSnapshot.content(of: db) == before)
    }

    @Test("a contact id two person sources could mean: validate refuses until contacts_from says which")
    func ambiguousContacts() throws {
        let mini = try Self.setUp { $0.replacingOccurrences(of: "    contacts_from: newsletter\n", with: "") }
        let validate = try mini.oneface(["validate"])
        #expect(validate.status == 78)
        #expect(validate.stderr.contains("`sources.newsletter_events.contacts_from`"), "\(validate.stderr)")
        #expect(validate.stderr.contains("sources `crm` and `newsletter`") && validate.stderr.contains("2 record id(s) in common"), "\(validate.stderr)")
        #expect(!validate.stderr.contains("C-1001"), "ids are not quoted")
        // A night still runs: an ambiguous reference attaches to no one, with a warning, shown even with --quiet.
        let run = try ProcessRunner.oneface(["run", "--quiet", "--pipeline", mini.pipeline])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("`contact_id` of source newsletter_events is looked up in sources crm and newsletter"), "\(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT customer_id IS NULL FROM fact_email_event WHERE source_name = 'newsletter_events'") == "1")
        // A source that is no person source is a pipeline problem at its line.
        let wrong = try Self.setUp { $0.replacingOccurrences(of: "contacts_from: crm", with: "contacts_from: desk_typo") }
        let refused = try wrong.oneface(["validate"])
        #expect(refused.status == 78 && refused.stderr.contains("pipeline.yml:25: `sources.crm_events.contacts_from`"), "\(refused.stderr)")
    }

    @Test("truth files name records by source, and old ones by system where that is one record")
    func truthBySource() throws {
        let mini = try Self.setUp()
        #expect(try mini.oneface(["run"]).status == 0)
        try mini.dir.write("truth.csv", text: """
            system,source,source_record_id,entity_id
            email,crm,C-1001,anna
            email,newsletter,C-1002,anna
            email,newsletter,C-1001,carla
            support,,T-9,nobody
            email,crm,C-1002,bernd

            """)
        let evaluated = try mini.oneface(["evaluate", "--truth", mini.dir.file("truth.csv"), "--json"])
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        #expect(evaluated.stdout.contains("\"records\": 4,") && evaluated.stdout.contains("\"only_in_truth\": 1,"), "\(evaluated.stdout)")
        #expect(evaluated.stdout.contains("\"pairwise_precision\": 1.0, \"pairwise_recall\": 1.0,"), "\(evaluated.stdout)")
        // Without a source column, a system and id two sources have is ambiguous: the line is named.
        try mini.dir.write("old-truth.csv", text: "system,source_record_id,entity_id\nsupport,T-1,anna\n")
        let ambiguous = try mini.oneface(["evaluate", "--truth", mini.dir.file("old-truth.csv")])
        #expect(ambiguous.status != 0 && ambiguous.stderr.contains("old-truth.csv line 2") && ambiguous.stderr.contains("add a `source` column"),
                "\(ambiguous.stderr)")
        #expect(!ambiguous.stderr.contains("T-1"))
    }

    @Test("a staging database of OneFace 0.9.0 upgrades: sources filled in, customer ids kept, overlaps then just work")
    func upgradeFromSchema10() throws {
        let mini = try Self.setUp()
        try FileManager.default.createDirectory(atPath: mini.dir.file("out"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixture + "/night1-staging-schema10.sqlite", toPath: mini.staging)
        let before = try ProcessRunner.sqlite3(mini.staging, "SELECT source || '|' || source_record_id || '|' || customer_id FROM id_record ORDER BY 1")
        #expect(before.split(separator: "\n").count == 3)
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT max(version) FROM schema_migration") == "10")

        // The night-1 exports again, plus the newsletter tool and second help desk that number alike.
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT count(*) FROM schema_migration WHERE version = 11") == "1")   // the record-source migration ran
        let after = try ProcessRunner.sqlite3(mini.staging, """
            SELECT source || '|' || source_record_id || '|' || customer_id FROM id_record WHERE source IN ('crm', 'desk') ORDER BY 1
            """)
        #expect(after == before, "customer ids stay across the upgrade")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT count(*) FROM id_customer WHERE anchor_source IS NULL") == "0")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT anchor_source FROM id_customer ORDER BY seq LIMIT 1") == "desk")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT count(*) FROM match_pair WHERE source_a IS NULL OR source_b IS NULL") == "0")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT count(*) FROM customer_id_history WHERE event IN ('merge', 'split', 'retired')") == "0")
        #expect(try Self.customer(mini.warehouse, "newsletter", "C-1002") == Self.customer(mini.warehouse, "crm", "C-1001"))
        #expect(try Self.customer(mini.warehouse, "newsletter", "C-1001") != Self.customer(mini.warehouse, "crm", "C-1001"))
    }
}
