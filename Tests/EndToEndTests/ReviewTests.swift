import Foundation
import Testing
import TestSupport

/// The review loop through the built `oneface`: the pairs near the threshold side by side, decisions
/// recorded in the reviewed-decisions file, applied by the next night, shown by explain and published.
@Suite("review: decisions about pairs near the threshold", .serialized)
struct ReviewTests {
    /// The sample pipeline, with its paths in a temporary folder.
    static func pipeline(in dir: TemporaryDirectory, decisions: Bool = true) throws -> String {
        var yaml = try String(contentsOfFile: IdentityRunTests.samplePipeline, encoding: .utf8)
        let sampleData = RepositoryPaths.root.appendingPathComponent("SampleData").path
        yaml = yaml.replacingOccurrences(of: "input_root: ../SampleData", with: "input_root: \(sampleData)")
            .replacingOccurrences(of: "warehouse: ../out/", with: "warehouse: out/")
            .replacingOccurrences(of: "staging: ../out/", with: "staging: out/")
        if !decisions { yaml = yaml.replacingOccurrences(of: "  review_decisions: review-decisions.csv\n", with: "") }
        #expect(yaml.contains("input_root: \(sampleData)") && yaml.contains("warehouse: out/"))
        return try dir.write(decisions ? "pipeline.yml" : "no-review.yml", text: yaml)
    }

    static func oneface(_ arguments: [String], _ pipeline: String) throws -> ProcessResult {
        try ProcessRunner.oneface(arguments + ["--pipeline", pipeline, "--quiet"])
    }

    @Test("review lists, records, the next night applies; explain and the warehouse show the decisions")
    func reviewLoop() throws {
        let dir = try TemporaryDirectory()
        let pipeline = try Self.pipeline(in: dir)
        let staging = dir.file("out/staging.sqlite"), warehouse = dir.file("out/warehouse.sqlite")
        let decisions = dir.file("review-decisions.csv")
        #expect(try Self.oneface(["run"], pipeline).status == 0)

        let waiting = Int(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM v_review_queue"))!
        #expect(waiting > 0)
        let listed = try Self.oneface(["review", "--limit", "2"], pipeline)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.hasPrefix("\(waiting) pairs waiting for a decision, 0 decided"), "\(listed.stdout.prefix(200))")
        #expect(listed.stdout.components(separatedBy: "\npair ").count == 3, "two pairs shown")
        #expect(listed.stdout.contains("first name") && listed.stdout.contains("prior") && listed.stdout.contains("level"))

        // A linked pair of two records that share no exact link, and a pair below the threshold
        // between two customers.
        let linked = try ProcessRunner.sqlite3(staging, """
            SELECT m.pair_id, m.source_a || '/' || m.source_record_id_a, m.source_b || '/' || m.source_record_id_b
            FROM match_pair m
            JOIN id_record a ON a.source = m.source_a AND a.source_record_id = m.source_record_id_a
            JOIN id_record b ON b.source = m.source_b AND b.source_record_id = m.source_record_id_b
            WHERE m.decision = 'linked' AND a.match_rule = 'probabilistic' AND b.match_rule = 'probabilistic'
            ORDER BY m.pair_id LIMIT 1
            """).split(separator: "|").map(String.init)
        let below = try ProcessRunner.sqlite3(staging, """
            SELECT pair_id, source_a || '/' || source_record_id_a, source_b || '/' || source_record_id_b
            FROM match_pair WHERE decision = 'below_threshold' AND customer_id_a <> customer_id_b ORDER BY pair_id LIMIT 1
            """).split(separator: "|").map(String.init)
        try #require(linked.count == 3 && below.count == 3)

        let shown = try Self.oneface(["review", "--pair", linked[0]], pipeline)
        #expect(shown.status == 0 && shown.stdout.hasPrefix("pair \(linked[0]): match weight "), "\(shown.stdout)")
        #expect(shown.stdout.contains(linked[1]) && shown.stdout.contains(linked[2]))

        let apart = try Self.oneface(["review", "--keep-apart", linked[0], "--by", "tester", "--note", "twins, said the branch"], pipeline)
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stdout.contains("recorded: keep apart"))
        #expect(try Self.oneface(["review", "--link", below[0], "--by", "tester"], pipeline).status == 0)
        // Interactive: skip one, then quit; nothing more is written.
        let script = "printf 's\\nq\\n' | \"$0\" review --interactive --pipeline \"$1\" --quiet"
        let asked = try ProcessRunner.run("/bin/bash", ["-c", script, RepositoryPaths.onefaceBinary, pipeline])
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(asked.stdout.contains("[l]ink, keep [a]part, [s]kip, [q]uit?"))
        #expect(asked.stdout.contains("0 decisions recorded"))
        let file = try String(contentsOfFile: decisions, encoding: .utf8).split(separator: "\n")
        #expect(file.count == 3, "header and two decisions: \(file)")
        #expect(file[0] == "system_a,source_a,record_id_a,system_b,source_b,record_id_b,decision,decided_by,decided_at,note")
        #expect(file[1].hasSuffix(",keep_apart,tester,\(file[1].split(separator: ",")[8]),\"twins, said the branch\""), "\(file[1])")
        #expect(try Self.oneface(["review"], pipeline).stdout.hasPrefix("\(waiting - 1) pairs waiting for a decision, 2 decided"),
                "the below-threshold pair waits no more; the linked one never waited unless near the threshold")

        // The next night applies them.
        #expect(try Self.oneface(["run"], pipeline).status == 0)
        func customer(_ record: String) throws -> String {
            let parts = record.split(separator: "/", maxSplits: 1).map(String.init)
            return try ProcessRunner.sqlite3(staging, "SELECT customer_id FROM id_record WHERE source = '\(parts[0])' AND source_record_id = '\(parts[1])'")
        }
        #expect(try customer(linked[1]) != customer(linked[2]), "kept apart")
        #expect(try customer(below[1]) == customer(below[2]), "linked")
        #expect(try ProcessRunner.sqlite3(warehouse, "SELECT decision || ':' || status FROM review_decision ORDER BY decision_id")
                == "keep_apart:applied\nlink:applied")
        #expect(Int(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM match_pair WHERE decision IN ('reviewed_link', 'reviewed_apart')"))! >= 2)
        #expect(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM v_review_queue WHERE decision LIKE 'reviewed%'") == "0")
        let explained = try Self.oneface(["explain", try customer(below[1])], pipeline)
        #expect(explained.stdout.contains("Reviewed decisions"), "\(explained.stdout)")
        #expect(explained.stdout.contains(": link (tester, "), "\(explained.stdout)")

        // Without identity.review_decisions there is nowhere to record: a pipeline problem (78).
        let nowhere = try Self.oneface(["review", "--link", below[0]], try Self.pipeline(in: dir, decisions: false))
        #expect(nowhere.status == 78)
        #expect(nowhere.stderr.contains("identity.review_decisions"), "\(nowhere.stderr)")

        // A broken line in the file stops the night before anything is written, naming file and line.
        try (String(contentsOfFile: decisions, encoding: .utf8) + "email,email_contacts,EM-1,email,email_contacts,EM-2,merge,x,2026-12-07,\n")
            .write(toFile: decisions, atomically: true, encoding: .utf8)
        let broken = try Self.oneface(["transform"], pipeline)
        #expect(broken.status == 78)
        #expect(broken.stderr.contains("review-decisions.csv:4") && broken.stderr.contains("expected link or keep_apart"), "\(broken.stderr)")
    }
}
