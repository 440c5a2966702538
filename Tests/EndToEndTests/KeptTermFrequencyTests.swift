import Foundation
import Testing
import TestSupport

/// The term frequencies are counted on the night the model is trained and kept with it in staging
/// (`id_term_frequency`), so later nights weigh pairs they do not touch as that night did; a model
/// file that changes, or an erasure, has them counted again.
@Suite("term frequencies kept with the identity model", .serialized)
struct KeptTermFrequencyTests {
    @Test("counted with the trained model, kept through later nights, counted again for another model or after an erasure")
    func keptWithTheModel() throws {
        let sample = try KeptIdentityTests.Sample()
        let model = sample.dir.file("staging.identity-model.json")
        func basis() throws -> String {
            try ProcessRunner.sqlite3(sample.staging, "SELECT group_concat(field || ' ' || records || ' ' || model_sha256 || ' ' || run_id, '; ') FROM (SELECT * FROM id_term_frequency_basis ORDER BY field)")
        }
        func modelSHA() throws -> String {
            String(try ProcessRunner.run("/usr/bin/sha256sum", [model]).stdout.prefix(64))
        }
        func fields() throws -> String {
            try ProcessRunner.sqlite3(sample.staging, "SELECT group_concat(field, ' ') FROM (SELECT DISTINCT field FROM id_term_frequency_basis ORDER BY field)")
        }
        func counted() throws -> String {
            try ProcessRunner.sqlite3(sample.staging, "SELECT field, count(*), sum(count) FROM id_term_frequency GROUP BY field ORDER BY field")
        }

        #expect(try sample.oneface(["run"]).status == 0)
        let first = try basis()
        // Those of the pipeline's `term_frequency` (first_name, last_name, city), for the model saved tonight.
        #expect(try fields() == "city first_name last_name")
        #expect(first.contains(try modelSHA()) && first.hasSuffix(" 1"), "\(first)")
        // Each field's rows add up to the records it counted.
        let sums = try ProcessRunner.sqlite3(sample.staging, "SELECT count(*) FROM id_term_frequency_basis b WHERE records = (SELECT sum(count) FROM id_term_frequency t WHERE t.field = b.field)")
        #expect(sums == "3")
        let rows = try counted()

        // A later night resolves again with the same model: the kept counts stand.
        #expect(try sample.oneface(["extract", "--source", "email_contacts", "--force"]).status == 0)
        let resolved = try sample.oneface(["transform", "--force"])
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(try sample.lastTransform().contains("resolved to"))
        #expect(try basis() == first)
        #expect(try counted() == rows)

        // A model file edited by hand is another model: its frequencies are counted tonight and kept.
        let text = try String(contentsOfFile: model, encoding: .utf8)
        try (text + "\n").write(toFile: model, atomically: true, encoding: .utf8)
        let edited = try ProcessRunner.oneface(["transform", "--pipeline", sample.dir.file("pipeline.yml"), "--staging", sample.staging])
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stderr.contains("no term frequencies kept with the identity model yet"), "\(edited.stderr)")
        let recounted = try basis()
        #expect(recounted.contains(try modelSHA()) && recounted != first, "\(recounted)")
        #expect(try counted() == rows)

        // An erasure forgets them with the person's records; the transform it runs counts them again.
        let email = try ProcessRunner.sqlite3(sample.warehouse, "SELECT email FROM dim_customer WHERE is_current = 1 AND email IS NOT NULL ORDER BY customer_id LIMIT 1")
        #expect(try sample.oneface(["forget", "--email", email]).status == 0)
        let afterErasure = try basis()
        #expect(afterErasure.contains(try modelSHA()) && afterErasure != recounted, "\(afterErasure)")
        #expect(try counted() != rows)

        // A retrained model gets its own.
        #expect(try sample.oneface(["transform", "--retrain"]).status == 0)
        let retrained = try basis()
        #expect(retrained.contains(try modelSHA()) && retrained != afterErasure, "\(retrained)")
    }
}
