import Foundation
import Testing
import TestSupport

/// Identity resolution through the built `oneface`: explain, evaluate, blocking counts and caps,
/// and customer ids across nights.
@Suite("identity resolution through oneface", .serialized)
struct IdentityRunTests {
    static let samplePipeline = RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml").path
    static let truth = RepositoryPaths.root.appendingPathComponent("SampleData/truth.csv").path

    static func sample(_ command: [String], in dir: TemporaryDirectory, pipeline: String = samplePipeline,
                       inputRoot: String? = nil) throws -> ProcessResult {
        try ProcessRunner.oneface(command + ["--pipeline", pipeline, "--warehouse", dir.file("warehouse.sqlite"),
                                             "--staging", dir.file("staging.sqlite"), "--quiet"]
                                  + (inputRoot.map { ["--input-root", $0] } ?? []))
    }

    @Test("explain, evaluate and the published match_pair and id history on SampleData")
    func explainAndEvaluate() throws {
        let dir = try TemporaryDirectory()
        let run = try Self.sample(["run"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let warehouse = dir.file("warehouse.sqlite"), staging = dir.file("staging.sqlite")
        // A customer linked by a match, with at least three source records.
        let customer = try ProcessRunner.sqlite3(warehouse, """
            SELECT m.customer_id_a FROM match_pair m JOIN bridge_customer_source b ON b.customer_id = m.customer_id_a
            WHERE m.decision = 'linked' GROUP BY m.pair_id HAVING count(*) >= 3 ORDER BY m.pair_id LIMIT 1
            """)
        try #require(!customer.isEmpty)
        let explained = try Self.sample(["explain", customer], in: dir)
        #expect(explained.status == 0, "\(explained.stderr)")
        let text = explained.stdout
        #expect(text.hasPrefix("Customer \(customer)\n"))
        #expect(text.contains("source records:\n  [1] "))
        #expect(text.contains("Why they are one customer:"))
        #expect(text.contains("match weight +"))
        #expect(text.contains("first_name ") && text.contains("last_name "))
        let records = Int(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM bridge_customer_source WHERE customer_id = '\(customer)'"))!
        #expect(text.contains("\(records) source records:"))

        let unknown = try Self.sample(["explain", "C99999999"], in: dir)
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("no customer C99999999"))

        // evaluate, from staging and from the warehouse, against the generator's ground truth.
        let evaluation = try Self.sample(["evaluate", "--truth", Self.truth], in: dir)
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        #expect(evaluation.stdout.contains("pairwise    0.9"))
        #expect(evaluation.stdout.contains("only in the truth file (not evaluated): 0"))
        let json = try Self.sample(["evaluate", "--truth", Self.truth, "--from", "warehouse", "--json"], in: dir)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Double])
        #expect(figures["pairwise_precision"]! > 0.98 && figures["pairwise_recall"]! > 0.97, "\(figures)")
        #expect(figures["bcubed_f1"]! > 0.98, "\(figures)")

        // A truth file naming a record the clustering lacks: reported, not silently dropped.
        let partial = dir.file("truth-partial.csv")
        try (String(contentsOfFile: Self.truth, encoding: .utf8) + "email,EM-9999999,P9999999\n").write(toFile: partial, atomically: true, encoding: .utf8)
        let reported = try Self.sample(["evaluate", "--truth", partial], in: dir)
        #expect(reported.stdout.contains("only in the truth file (not evaluated): 1 (email 1)"), "\(reported.stdout)")

        // Published for analysts: match_pair with per-comparison weights, and the id history.
        #expect(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM match_pair") == ProcessRunner.sqlite3(staging, "SELECT count(*) FROM match_pair"))
        #expect(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM match_pair WHERE email_level IS NULL OR blocking_rule = ''") == "0")
        #expect(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM customer_id_history WHERE event = 'new'")
                == ProcessRunner.sqlite3(warehouse, "SELECT count(DISTINCT customer_id) FROM dim_customer"))
        // The weights of a pair add up to its match weight plus the prior, the same for every pair
        // its blocking rule compared (each rule has its own λ, recorded in the model file).
        let priors = try ProcessRunner.sqlite3(warehouse, """
            SELECT count(*) FROM (SELECT blocking_rule, count(DISTINCT round(match_weight - first_name_weight - last_name_weight
              - birth_date_weight - email_weight - phone_weight - street_weight - postcode_weight - city_weight, 6)) AS n
              FROM match_pair GROUP BY blocking_rule) WHERE n > 1
            """)
        #expect(priors == "0")
        // The model file was written next to staging and is readable JSON.
        let model = try String(contentsOfFile: dir.file("staging.identity-model.json"), encoding: .utf8)
        #expect(model.contains("\"oneface-identity-model\""))
        #expect(model.contains("\"rule_lambdas\""))
    }

    @Test("--explain-blocking prints the comparisons per rule; a rule over its cap stops the transform")
    func blockingCaps() throws {
        let dir = try TemporaryDirectory()
        #expect(try Self.sample(["extract"], in: dir).status == 0)
        let explain = try Self.sample(["transform", "--explain-blocking"], in: dir)
        #expect(explain.status == 0, "\(explain.stderr)")
        for rule in ["email", "phone", "postcode + last_name_koelner", "birth_date + first_initial", "postcode + street + house_number", "first_name + last_name", "total"] {
            #expect(explain.stdout.contains("\n\(rule) "), "\(rule) in \(explain.stdout)")
        }
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), "SELECT count(*) FROM id_record") == "0",
                "explain writes nothing")

        let yaml = try String(contentsOfFile: Self.samplePipeline, encoding: .utf8)
            .replacingOccurrences(of: "max_comparisons_per_rule: 250_000_000", with: "max_comparisons_per_rule: 10")
            .replacingOccurrences(of: "../SampleData", with: RepositoryPaths.root.appendingPathComponent("SampleData").path)
        let capped = dir.file("capped.yml")
        try yaml.write(toFile: capped, atomically: true, encoding: .utf8)
        let over = try Self.sample(["transform", "--explain-blocking"], in: dir, pipeline: capped)
        #expect(over.status == 78)
        #expect(over.stdout.contains("OVER CAP"))
        let refused = try Self.sample(["transform"], in: dir, pipeline: capped)
        #expect(refused.status == 78)
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "    - email" }! + 1
        #expect(refused.stderr.contains("capped.yml:\(line): `identity.blocking[0]`: blocking rule `email` would generate"), "\(refused.stderr)")
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), "SELECT count(*) FROM id_record") == "0")
    }

    @Test("a second night with about 1% new or changed records changes ids only by recorded merges and splits")
    func secondNightStability() throws {
        let dir = try TemporaryDirectory()
        let input = dir.file("in")
        try FileManager.default.copyItem(atPath: RepositoryPaths.root.appendingPathComponent("SampleData").path, toPath: input)
        #expect(try Self.sample(["run"], in: dir, inputRoot: input).status == 0)
        let before = try Self.assignments(dir.file("staging.sqlite"))

        // Tomorrow's contacts file: every 50th contact with a new e-mail address, and new contacts
        // copied from every 50th with a new number and a changed first name.
        let original = try Data(contentsOf: URL(fileURLWithPath: input + "/email/contacts_20261121.csv"))
        let lines = original.split(separator: 0x0A, omittingEmptySubsequences: true)
        var next = Data(lines[0]) + Data([0x0A])
        var changed = 0
        // Byte-level: the file is Windows-1252, and only ASCII fields are replaced.
        for (index, line) in lines.enumerated().dropFirst() where index % 50 == 0 {
            var fields = line.split(separator: 0x3B, omittingEmptySubsequences: false).map { Data($0) }
            fields[5] = Data("changed\(index)@example.org".utf8)
            next += Data(fields.joined(separator: [0x3B])) + Data([0x0A])
            fields[0] = Data("EM-9\(String(format: "%06d", index))".utf8)
            fields[3] = Data("Neu\(index)".utf8)
            next += Data(fields.joined(separator: [0x3B])) + Data([0x0A])
            changed += 2
        }
        #expect(changed >= 50)
        try next.write(to: URL(fileURLWithPath: input + "/email/contacts_20261122.csv"))
        #expect(try Self.sample(["run"], in: dir, inputRoot: input).status == 0)
        let after = try Self.assignments(dir.file("staging.sqlite"))

        let history = try ProcessRunner.sqlite3(dir.file("staging.sqlite"),
            "SELECT old_id, new_id, event FROM customer_id_history WHERE run_id = (SELECT max(run_id) FROM customer_id_history)")
            .split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        let recorded = Set(history.filter { $0[2] == "merge" || $0[2] == "split" }.map { "\($0[0])>\($0[1])" })
        var moved = 0
        for (record, id) in before {
            guard let now = after[record], now != id else { continue }
            moved += 1
            #expect(recorded.contains("\(id)>\(now)"), "\(record) moved from \(id) to \(now) without a recorded merge or split")
        }
        // Most customers are untouched by a 1% change.
        #expect(moved < before.count / 20, "\(moved) of \(before.count) records changed customer")
        #expect(after.count == before.count + changed / 2)
    }

    /// `system/record id` → customer id, from staging.
    static func assignments(_ staging: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try ProcessRunner.sqlite3(staging, "SELECT source_system || '/' || source_record_id, customer_id FROM id_record").split(separator: "\n") {
            let parts = line.split(separator: "|")
            result[String(parts[0])] = String(parts[1])
        }
        return result
    }

    static let contactsPipeline = """
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
        dialect: {delimiter: ";", date_formats: ["dd.MM.yyyy"]}
        fields:
          record_id: Nr
          first_name: Vorname
          last_name: Nachname
          email: E-Mail
          phone: Telefon
          postcode: PLZ
          birth_date: Geburtsdatum
    """

    @Test("ids across nights: a bridging record merges two customers into the older id; a changed record splits one off")
    func mergeAndSplit() throws {
        let dir = try TemporaryDirectory()
        try dir.write("pipeline.yml", text: Self.contactsPipeline)
        let header = "Nr;Vorname;Nachname;E-Mail;Telefon;PLZ;Geburtsdatum\n"
        try dir.write("in/contacts_1.csv", text: header + """
            E1;Anna;Berger;anna.b@example.de;;10115;
            E2;Anna;Berger;berger.anna@example.org;0170 1234567;80331;
            E4;Paul;Weber;p.weber@example.de;;50667;01.02.1960
            E5;Paul;Weber;p.weber@example.de;;50667;
            """ + "\n")
        func oneface(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.oneface(arguments + ["--pipeline", dir.file("pipeline.yml"), "--quiet"])
        }
        #expect(try oneface(["run"]).status == 0)
        let staging = dir.file("out/staging.sqlite"), warehouse = dir.file("out/warehouse.sqlite")
        let first = try Self.assignments(staging)
        #expect(first["email/E1"] != first["email/E2"], "no evidence beyond the name on the first night")
        #expect(first["email/E4"] == first["email/E5"], "same name and e-mail")

        // Night 2: E3 shares E1's e-mail and E2's phone; E5 is now someone else.
        try dir.write("in/contacts_2.csv", text: header + """
            E3;Anna;Berger;anna.b@example.de;0170 1234567;;
            E5;Maria;Weber;maria.weber@example.org;0171 7654321;50667;03.04.1990
            """ + "\n")
        #expect(try oneface(["run"]).status == 0)
        let second = try Self.assignments(staging)
        // Older = the id whose earliest record comes first; neither has a time, so E1 before E2.
        let older = first["email/E1"]!, newer = first["email/E2"]!
        #expect(second["email/E1"] == older && second["email/E2"] == older && second["email/E3"] == older)
        #expect(second["email/E4"] == first["email/E4"])
        #expect(second["email/E5"] != first["email/E5"])
        let history = try ProcessRunner.sqlite3(warehouse, "SELECT old_id, new_id, event FROM customer_id_history WHERE run_id = 2 ORDER BY history_id")
        #expect(history.contains("\(newer)|\(older)|merge"), "\(history)")
        #expect(history.contains("\(first["email/E4"]!)|\(second["email/E5"]!)|split"), "\(history)")
        #expect(try ProcessRunner.sqlite3(staging, "SELECT status, merged_into FROM id_customer WHERE customer_id = '\(newer)'") == "merged|\(older)")
        // explain follows a merged id to the customer it lives on as.
        let explained = try oneface(["explain", newer])
        #expect(explained.stdout.contains("\(newer) was merged into \(older)"), "\(explained.stdout)")
        #expect(explained.stdout.contains("3 source records"))
    }
}
