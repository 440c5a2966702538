import Foundation
import Testing
import TestSupport

/// `oneface evaluate --truth` on truth files written elsewhere: the entity column may be named
/// entity_id, person_id or cluster_id, and every row or record it skips is counted by why.
@Suite("evaluate: entity column names and skipped rows")
struct EvaluateTruthTests {
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
        path: contacts_*.csv
        dialect: {delimiter: ";", date_formats: ["dd.MM.yyyy"]}
        fields:
          record_id: Nr
          first_name: Vorname
          last_name: Nachname
          email: E-Mail
          postcode: PLZ
          birth_date: Geburtsdatum
    """

    /// Five contacts; the truth labels three, names one that was never exported (E9), gives E4 an
    /// empty entity and leaves E5 out.
    static func runFiveContacts() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("pipeline.yml", text: pipeline)
        try dir.write("in/contacts_1.csv", text: """
            Nr;Vorname;Nachname;E-Mail;PLZ;Geburtsdatum
            E1;Anna;Berger;anna.b@example.de;10115;01.02.1960
            E2;Anna;Berger;anna.b@example.de;10115;01.02.1960
            E3;Paul;Weber;p.weber@example.de;50667;03.04.1970
            E4;Maria;Schulz;m.schulz@example.de;80331;05.06.1980
            E5;Jonas;Koch;j.koch@example.de;20095;07.08.1990

            """)
        let run = try ProcessRunner.oneface(["run", "--pipeline", dir.file("pipeline.yml"), "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        return dir
    }

    static func truth(_ entityColumn: String) -> String {
        "system,source_record_id,\(entityColumn)\nemail,E1,P1\nemail,E2,P1\nemail,E3,P2\nemail,E9,P3\nemail,E4,\n"
    }

    @Test("person_id and cluster_id name the entity; skipped rows are counted by reason, in text and JSON",
          arguments: ["person_id", "cluster_id", "entity_id"])
    func entityColumnAndSkips(entityColumn: String) throws {
        let dir = try Self.runFiveContacts()
        let truth = try dir.write("truth.csv", text: Self.truth(entityColumn))
        let base = ["evaluate", "--pipeline", dir.file("pipeline.yml"), "--truth", truth]

        let text = try ProcessRunner.oneface(base)
        #expect(text.status == 0, "\(text.stderr)")
        let out = text.stdout
        #expect(out.contains("records: 5 truth rows (entity column \(entityColumn)), 5 clustered, 3 compared"), "\(out)")
        #expect(out.contains("only in the truth file (not evaluated): 1 (email 1); truth rows whose record is not in staging id_record"), "\(out)")
        #expect(out.contains("only in the clustering (not evaluated): 1 (email 1)"), "E5 only; E4 is counted as empty, \(out)")
        #expect(out.contains("empty \(entityColumn) (not evaluated): 1 (email 1)"), "\(out)")

        let json = try ProcessRunner.oneface(base + ["--from", "warehouse", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Double])
        #expect(figures["truth_rows"] == 5 && figures["records"] == 3, "\(figures)")
        #expect(figures["only_in_truth"] == 1 && figures["only_in_clustering"] == 1, "\(figures)")
        #expect(figures["empty_entity"] == 1 && figures["duplicate_truth_rows"] == 0, "\(figures)")
    }

    @Test("a header with two entity columns, or none, is refused with the names it accepts")
    func ambiguousOrMissingEntityColumn() throws {
        let dir = try Self.runFiveContacts()
        let both = try dir.write("both.csv", text: "system,source_record_id,entity_id,person_id\nemail,E1,P1,P1\n")
        let none = try dir.write("none.csv", text: "system,source_record_id,label\nemail,E1,P1\n")
        let twice = try ProcessRunner.oneface(["evaluate", "--pipeline", dir.file("pipeline.yml"), "--truth", both])
        #expect(twice.status == 65)
        #expect(twice.stderr.contains("names entity_id and person_id; keep one entity column"), "\(twice.stderr)")
        let missing = try ProcessRunner.oneface(["evaluate", "--pipeline", dir.file("pipeline.yml"), "--truth", none])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("one of entity_id, person_id, cluster_id"), "\(missing.stderr)")
    }
}
