import Foundation
import Testing
import TestSupport

/// Two nights of the same generated people (`oneface sample`, then `oneface sample --night 2` into
/// the same folder), each run by the built `oneface` with the sample pipeline, checked through the
/// `sqlite3` shell against the generator's truth.csv and changes.csv.
@Suite("oneface sample --night 2: a realistic second night", .serialized)
struct SampleNightsRunTests {
    static let pipeline = RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml").path
    static let sample = ["sample", "--customers", "1500", "--seed", "21"]
    /// Local midnight at the start of night 2's day (2026-11-21, Berlin) in UTC.
    static let nightTwoDay = "2026-11-20T23:00:00Z"

    static func run(in dir: TemporaryDirectory) throws -> ProcessResult {
        try ProcessRunner.oneface(["run", "--pipeline", pipeline, "--input-root", dir.file("in"),
                                   "--warehouse", dir.file("warehouse.sqlite"), "--staging", dir.file("staging.sqlite"), "--quiet"])
    }

    /// The data rows of the generator's truth.csv or changes.csv (ASCII, no quoting), as fields.
    static func csv(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// `system,source_record_id` -> customer_id of the warehouse's bridge.
    static func bridge(_ db: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try ProcessRunner.sqlite3(db, "SELECT source_system || ',' || source_record_id, customer_id FROM bridge_customer_source").split(separator: "\n") {
            let parts = line.split(separator: "|").map(String.init)
            result[parts[0]] = parts[1]
        }
        return result
    }

    @Test("night 2 in the same folder: new people appear, movers get a new version, customer ids stay")
    func secondNight() throws {
        let dir = try TemporaryDirectory("sample-nights")
        let db = dir.file("warehouse.sqlite"), staging = dir.file("staging.sqlite")
        let first = try ProcessRunner.oneface(Self.sample + ["--out", dir.file("in")])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let truth1 = Dictionary(uniqueKeysWithValues: try Self.csv(dir.file("in/truth.csv")).map { ($0[0] + "," + $0[1], $0[2]) })
        let night1 = try Self.run(in: dir)
        try #require(night1.status == 0, "stderr: \(night1.stderr)")
        let bridge1 = try Self.bridge(db)
        let customers1 = Set(bridge1.values)
        let versions = "SELECT customer_id, count(*) FROM dim_customer GROUP BY customer_id"
        let versions1 = Dictionary(uniqueKeysWithValues: try ProcessRunner.sqlite3(db, versions).split(separator: "\n").map {
            let parts = $0.split(separator: "|"); return (String(parts[0]), Int(parts[1]) ?? 0)
        })

        let second = try ProcessRunner.oneface(Self.sample + ["--night", "2", "--out", dir.file("in")])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let night2 = try Self.run(in: dir)
        try #require(night2.status == 0, "stderr: \(night2.stderr)")
        // Both nights' files are staged: five new exports (the POS file feeds two sources).
        #expect(try ProcessRunner.sqlite3(staging, "SELECT count(*) FROM etl_file WHERE status = 'staged' AND path LIKE '%_20261122.%'") == "6")
        #expect(try ProcessRunner.sqlite3(staging, "SELECT count(*) FROM etl_file WHERE status = 'staged' AND path LIKE '%_20261121.%'") == "6")
        #expect(try ProcessRunner.sqlite3(db, "PRAGMA foreign_key_check") == "")

        let truth2 = Dictionary(uniqueKeysWithValues: try Self.csv(dir.file("in/truth.csv")).map { ($0[0] + "," + $0[1], $0[2]) })
        let changes = try Self.csv(dir.file("in/changes.csv"))
        let bridge2 = try Self.bridge(db)
        var recordsOf: [String: [String]] = [:]
        for (key, entity) in truth2 { recordsOf[entity, default: []].append(key) }

        // Every record of both nights is resolved, and night 1's keep their customer ids.
        #expect(truth2.keys.allSatisfy { bridge2[$0] != nil }, "a record of the truth is not in bridge_customer_source")
        let kept = truth1.keys.filter { bridge1[$0] == bridge2[$0] }.count
        #expect(Double(kept) / Double(truth1.count) > 0.995, "only \(kept) of \(truth1.count) records kept their customer id")

        // New people appear as new customers.
        let newPeople = changes.filter { $0[2] == "new" }.map { $0[1] }
        try #require(!newPeople.isEmpty)
        for person in newPeople {
            #expect(recordsOf[person]?.isEmpty == false, "\(person) has no record")
        }
        let newCustomers = newPeople.filter { person in recordsOf[person, default: []].allSatisfy { !customers1.contains(bridge2[$0] ?? "") } }
        #expect(Double(newCustomers.count) >= 0.9 * Double(newPeople.count), "only \(newCustomers.count) of \(newPeople.count) new people are new customers")

        // A person who changed keeps their customer id: night 2's records join night 1's customer.
        let changed = changes.filter { $0[2] != "new" }
        var changedChecked = 0
        for row in changed {
            let records = recordsOf[row[1], default: []]
            let before = Set(records.filter { truth1[$0] != nil }.compactMap { bridge1[$0] })
            let tonight = records.filter { truth1[$0] == nil }
            guard before.count == 1, let customer = before.first, !tonight.isEmpty else { continue } // one customer the night before
            for record in tonight {
                #expect(bridge2[record] == customer, "\(row[1]) (\(row[2])): \(record) is not in their customer \(customer)")
            }
            changedChecked += 1
        }
        #expect(changedChecked * 2 >= changed.count, "only \(changedChecked) of \(changed.count) changed people checked")

        // A mover whose record tonight gives an address has a new current version from tonight with it.
        var moversChecked = 0
        for row in changed where row[2] == "moved" {
            let records = recordsOf[row[1], default: []]
            guard let customer = Set(records.filter { truth1[$0] != nil }.compactMap { bridge1[$0] }).first else { continue }
            let tonight = records.filter { truth1[$0] == nil }.map { $0.split(separator: ",")[1] }.map { "'\($0)'" }.joined(separator: ",")
            let postcode = try ProcessRunner.sqlite3(staging, """
                SELECT postcode FROM (SELECT record_id, postcode FROM stg_email_contacts UNION ALL
                                      SELECT record_id, postcode FROM stg_branch_transactions)
                WHERE record_id IN (\(tonight)) AND postcode IS NOT NULL AND postcode <> '' LIMIT 1
                """)
            guard !postcode.isEmpty else { continue }
            let versionsAfter = try ProcessRunner.sqlite3(db, "SELECT count(*) FROM dim_customer WHERE customer_id = '\(customer)'")
            let current = try ProcessRunner.sqlite3(db, "SELECT valid_from >= '\(Self.nightTwoDay)', postcode FROM dim_customer WHERE customer_id = '\(customer)' AND is_current = 1")
            #expect(current == "1|\(postcode)", "\(row[1]) moved: current version \(current), tonight's postcode \(postcode)")
            #expect((Int(versionsAfter) ?? 0) > versions1[customer, default: 0], "\(row[1]) moved: still \(versionsAfter) version(s)")
            moversChecked += 1
        }
        #expect(moversChecked >= 1, "no mover with an address tonight to check")
    }
}
