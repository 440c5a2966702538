import Foundation
import Testing
import TestSupport

/// A transform whose inputs have not changed since the last one keeps that transform's identities
/// instead of resolving them again (`TransformInputDigest`); any changed input resolves again.
/// Runs the sample pipeline from a copy in a temporary folder, so its reviewed-decisions file can be
/// written without touching the repository's.
@Suite("transform keeps identities when nothing changed", .serialized)
struct KeptIdentityTests {
    struct Sample {
        let dir: TemporaryDirectory
        var staging: String { dir.file("staging.sqlite") }
        var warehouse: String { dir.file("warehouse.sqlite") }

        init() throws {
            dir = try TemporaryDirectory()
            let yaml = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml"), encoding: .utf8)
            try dir.write("pipeline.yml", text: yaml)
        }

        func oneface(_ command: [String]) throws -> ProcessResult {
            try ProcessRunner.oneface(command + ["--pipeline", dir.file("pipeline.yml"), "--input-root",
                                                 RepositoryPaths.root.appendingPathComponent("SampleData").path,
                                                 "--warehouse", warehouse, "--staging", staging, "--quiet"])
        }

        /// The ledger's message of the latest transform.
        func lastTransform() throws -> String {
            try ProcessRunner.sqlite3(staging, "SELECT message FROM etl_stage WHERE stage = 'transform' ORDER BY run_id DESC LIMIT 1")
        }

        func transformKept() throws -> Bool {
            let result = try oneface(["transform"])
            #expect(result.status == 0, "\(result.stderr)")
            return try lastTransform().hasPrefix("transform: nothing that identifies people changed since run")
        }
    }

    @Test("a transform with nothing changed keeps the identities, and they are what resolving again writes")
    func keptEqualsResolvedAgain() throws {
        let sample = try Sample()
        #expect(try sample.oneface(["run"]).status == 0)
        let resolved = try WarehouseSnapshot.content(of: sample.staging)
        let warehouse = try WarehouseSnapshot.content(of: sample.warehouse)
        #expect(try sample.transformKept())
        #expect(try sample.lastTransform().contains("since run 1;"))
        #expect(try WarehouseSnapshot.content(of: sample.staging) == resolved)

        // Resolving again from the same inputs writes the same identities (run ids aside).
        let forced = try sample.oneface(["transform", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try sample.lastTransform().contains("resolved to"))
        let again = try WarehouseSnapshot.content(of: sample.staging)
        #expect(Set(again.keys) == Set(resolved.keys))
        for table in resolved.keys.sorted() where table.hasPrefix("id_") || table == "match_pair" || table == "customer_id_history" {
            #expect(again[table] == resolved[table], "\(table) differs after resolving again")
        }
        #expect(try sample.oneface(["load"]).status == 0)
        #expect(try WarehouseSnapshot.content(of: sample.warehouse) == warehouse)
    }

    @Test("a changed person export, reviewed decisions, model, pipeline file or an erasure resolves again")
    func changedInputsResolve() throws {
        let sample = try Sample()
        #expect(try sample.oneface(["run"]).status == 0)
        #expect(try sample.transformKept())

        // A person export staged again (its file superseded by a new delivery).
        #expect(try sample.oneface(["extract", "--source", "email_contacts", "--force"]).status == 0)
        #expect(try !sample.transformKept())
        #expect(try sample.transformKept())

        // A reviewed-decisions file appears (the pipeline names one; it was absent).
        try sample.dir.write("review-decisions.csv", text: "system_a,source_a,record_id_a,system_b,source_b,record_id_b,decision,decided_by,decided_at,note\n")
        #expect(try !sample.transformKept())
        #expect(try sample.transformKept())

        // The identity model edited by hand (here: only a trailing newline).
        let model = sample.dir.file("staging.identity-model.json")
        let text = try String(contentsOfFile: model, encoding: .utf8)
        try (text + "\n").write(toFile: model, atomically: true, encoding: .utf8)
        #expect(try !sample.transformKept())
        #expect(try sample.transformKept())

        // The pipeline file changed (a comment is enough: the digest does not interpret it).
        let pipeline = try String(contentsOfFile: sample.dir.file("pipeline.yml"), encoding: .utf8)
        try sample.dir.write("pipeline.yml", text: pipeline + "# reviewed\n")
        #expect(try !sample.transformKept())

        // An erasure: the records are gone, and the next transform must not keep last night's identities.
        let email = try ProcessRunner.sqlite3(sample.warehouse, "SELECT email FROM dim_customer WHERE is_current = 1 AND email IS NOT NULL ORDER BY customer_id LIMIT 1")
        #expect(try sample.oneface(["forget", "--email", email]).status == 0)
        #expect(try sample.lastTransform().contains("resolved to"))
        #expect(try sample.transformKept())
        #expect(try ProcessRunner.sqlite3(sample.staging, "SELECT count(*) FROM id_record WHERE email = '\(email)'") == "0")
    }
}
