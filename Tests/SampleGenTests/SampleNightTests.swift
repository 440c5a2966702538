import Foundation
import Testing
import TestSupport
@testable import SampleGen

/// The following nights (`oneface sample --night N`), checked through the files they write.
@Suite struct SampleNightTests {
    static let exportFiles = ["email/contacts_", "email/events_", "support/tickets_", "branch/pos_", "survey/responses_"]
    static let suffixes = [".csv", ".csv", ".ndjson", ".xml", ".csv"]

    static func exportNames(_ date: String) -> [String] {
        zip(exportFiles, suffixes).map { $0 + date + $1 }
    }

    @discardableResult
    private func generate(customers: Int, seed: UInt64, night: Int, in folder: TemporaryDirectory) throws -> SampleSummary {
        try SampleGenerator.write(SampleOptions(customers: customers, seed: seed, night: night), to: folder.url)
    }

    private func bytes(_ folder: TemporaryDirectory, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.url.appendingPathComponent(name)))
    }

    /// The data rows of a CSV file (ids and the other ASCII fields are all these tests read).
    private func rows(_ folder: TemporaryDirectory, _ name: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        var data = try bytes(folder, name)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        return try SampleFileReaders.csvRecords(data, delimiter: delimiter).dropFirst().map { $0.map(SampleFileReaders.string) }
    }

    /// `system,record_id` -> entity of truth.csv.
    private func truth(_ folder: TemporaryDirectory) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try rows(folder, "truth.csv").map { ($0[0] + "," + $0[1], $0[2]) })
    }

    /// The person-bearing record ids in one night's files, by `system,record_id`.
    private func recordIDs(_ folder: TemporaryDirectory, date: String) throws -> [String] {
        var ids = try rows(folder, "email/contacts_\(date).csv", delimiter: UInt8(ascii: ";")).map { "email," + $0[0] }
        ids += try SampleFileReaders.string(try bytes(folder, "support/tickets_\(date).ndjson")).split(separator: "\n").map {
            "support," + (try #require((try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["ticket_id"] as? String))
        }
        let pos = try #require(SampleFileReaders.POSReader.read(folder.url.appendingPathComponent("branch/pos_\(date).xml")))
        ids += pos.transactions.filter { $0.card != nil }.map { "branch," + $0.id }
        ids += try rows(folder, "survey/responses_\(date).csv").map { "survey," + $0[0] }
        return ids
    }

    // MARK: Night 1 stays as it was

    @Test func nightOneIsTheCheckedInSampleDataByteForByte() throws {
        // SampleData/ was written by `oneface sample --customers 2000 --seed 42` before nights existed.
        let folder = try TemporaryDirectory("night-one")
        let summary = try generate(customers: 2_000, seed: 42, night: 1, in: folder)
        #expect(summary.files.map(\.path) == Self.exportNames("20261121") + ["truth.csv"])
        for file in summary.files {
            let checkedIn = try Data(contentsOf: RepositoryPaths.root.appendingPathComponent("SampleData").appendingPathComponent(file.path))
            #expect(try bytes(folder, file.path) == [UInt8](checkedIn), "\(file.path) differs from SampleData/")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("changes.csv")))
    }

    @Test func nightTwoAddsNewFilesAndLeavesNightOnesAlone() throws {
        let folder = try TemporaryDirectory("night-two-beside")
        let first = try generate(customers: 800, seed: 3, night: 1, in: folder)
        let before = try first.files.dropLast().map { try bytes(folder, $0.path) }
        let second = try generate(customers: 800, seed: 3, night: 2, in: folder)
        #expect(second.files.map(\.path) == Self.exportNames("20261122") + ["truth.csv", "changes.csv"])
        #expect(try first.files.dropLast().map { try bytes(folder, $0.path) } == before, "night 2 changed a night-1 file")
        #expect(second.persons > first.persons)
    }

    // MARK: Determinism

    @Test func nightTwoIsTheSameForTheSameOptions() throws {
        let a = try TemporaryDirectory("night-a"), b = try TemporaryDirectory("night-b"), three = try TemporaryDirectory("night-3")
        let summaryA = try generate(customers: 700, seed: 7, night: 2, in: a)
        let summaryB = try generate(customers: 700, seed: 7, night: 2, in: b)
        #expect(summaryA == summaryB)
        for file in summaryA.files {
            #expect(try bytes(a, file.path) == bytes(b, file.path), "\(file.path) differs between two runs")
        }
        let summary3 = try generate(customers: 700, seed: 7, night: 3, in: three)
        #expect(summary3.files.map(\.path) == Self.exportNames("20261123") + ["truth.csv", "changes.csv"])
        #expect(try bytes(a, "email/contacts_20261122.csv") != bytes(three, "email/contacts_20261123.csv"))
    }

    // MARK: Truth

    @Test func truthGrowsByExactlyTheNightsNewRecords() throws {
        let one = try TemporaryDirectory("truth-1"), two = try TemporaryDirectory("truth-2"), three = try TemporaryDirectory("truth-3")
        try generate(customers: 5_000, seed: 5, night: 1, in: one)
        let summary2 = try generate(customers: 5_000, seed: 5, night: 2, in: two)
        try generate(customers: 5_000, seed: 5, night: 3, in: three)
        let truth1 = try truth(one), truth2 = try truth(two), truth3 = try truth(three)
        // Earlier nights' rows stay as they were.
        #expect(truth1.allSatisfy { truth2[$0.key] == $0.value }, "night 2's truth lost or changed a row of night 1")
        #expect(truth2.allSatisfy { truth3[$0.key] == $0.value }, "night 3's truth lost or changed a row of night 2")
        #expect(truth3.count > truth2.count && truth2.count > truth1.count)
        let keys = try rows(two, "truth.csv").map { $0[0] + "," + $0[1] }
        #expect(keys == keys.sorted(), "truth.csv is not sorted by system and record id")

        // What night 2 adds is exactly its files' records that were not in night 1; the rest are
        // tickets delivered again under their id (answered, closed or reopened since).
        let inFiles = try recordIDs(two, date: "20261122")
        #expect(Set(inFiles).count == inFiles.count, "a record id twice in night 2's files")
        #expect(inFiles.allSatisfy { truth2[$0] != nil }, "a record of night 2 is not in its truth")
        let added = Set(truth2.keys).subtracting(truth1.keys)
        #expect(added == Set(inFiles).subtracting(truth1.keys))
        let again = Set(inFiles).intersection(truth1.keys)
        #expect(again.allSatisfy { $0.hasPrefix("support,") }, "only tickets are delivered again")
        #expect(!again.isEmpty, "no ticket answered or closed since night 1")
        #expect(again.allSatisfy { truth1[$0] == truth2[$0] })
        #expect(summary2.personsInOutput == Set(truth2.values).count)

        // Ids continue each system's numbering.
        for system in ["email,EM-", "support,T-", "branch,TX-", "survey,SR-"] {
            let last1 = truth1.keys.filter { $0.hasPrefix(system) }.max()!
            guard let first2 = added.filter({ $0.hasPrefix(system) }).min() else {
                #expect(system == "survey,SR-", "\(system): nothing new tonight")
                continue
            }
            #expect(first2 > last1, "\(system): night 2 does not continue after \(last1)")
        }
    }

    @Test func nightTwoEventsFallBetweenTheTwoExportsAndContinueTheNumbering() throws {
        let one = try TemporaryDirectory("events-1"), two = try TemporaryDirectory("events-2")
        try generate(customers: 3_000, seed: 9, night: 1, in: one)
        try generate(customers: 3_000, seed: 9, night: 2, in: two)
        let events1 = try rows(one, "email/events_20261121.csv", delimiter: UInt8(ascii: ";"))
        let events2 = try rows(two, "email/events_20261122.csv", delimiter: UInt8(ascii: ";"))
        #expect(!events2.isEmpty)
        // `dd.MM.yyyy HH:mm` local: every event of night 2 is on 21.11.2026.
        #expect(events2.allSatisfy { $0[5].hasPrefix("21.11.2026 ") }, "an event outside night 2's day")
        #expect(events2.first![0] > events1.last![0])
        #expect(events2.contains { $0[4] == "abgemeldet" }, "no unsubscription tonight")
        let contacts1 = Set(try rows(one, "email/contacts_20261121.csv", delimiter: UInt8(ascii: ";")).map { $0[0] })
        #expect(events2.allSatisfy { contacts1.contains($0[1]) }, "an event of a contact night 1 does not have")
    }

    // MARK: Who is new or changed

    @Test func aboutOnePercentOfThePeopleAreNewOrChangedEachNight() throws {
        let world = SampleWorld(options: SampleOptions(customers: 5_000, seed: 11))
        for night in 2...3 {
            let known = world.population.count
            let plan = NightPlan.make(night: night, world: world)
            let share = Double(plan.newPersons.count + plan.changes.count) / Double(known)
            #expect((0.006...0.015).contains(share), "night \(night): \(share * 100) % new or changed")
            #expect(Set(plan.changes.map(\.change)) == Set(NightPlan.Change.allCases))
            #expect(Set(plan.changes.map(\.person)).count == plan.changes.count, "a person changed twice in one night")
            #expect(world.population.count == known + plan.newPersons.count)
        }
    }

    @Test func eachChangeStartsOnItsNightAndShowsInARecordOfThatNight() throws {
        let world = SampleWorld(options: SampleOptions(customers: 4_000, seed: 13))
        let plan = NightPlan.make(night: 2, world: world)
        let day = plan.day
        #expect(day == world.asOfDay)
        var seen = Set(plan.contacts.map { Int($0.person) })
        seen.formUnion(plan.tickets.map { Int($0.person) })
        seen.formUnion(plan.transactions.filter { $0.person >= 0 }.map { Int($0.person) })
        seen.formUnion(plan.responses.map { Int($0.person) })
        let names = world.names
        for (index, change) in plan.changes {
            let person = world.population[index]
            let before = person.on(day - 1), after = person.on(day)
            switch change {
            case .moved:
                #expect(person.address(on: day - 1) != person.address(on: day))
            case .married:
                #expect(Population.surname(before, names: names) != Population.surname(after, names: names))
            case .phone:
                #expect(before.mobile != after.mobile)
            case .consent:
                #expect(Int(person.consentWithdrawnDay) == day)
                #expect(plan.unsubscribes.contains { $0.person == index })
            }
            #expect(seen.contains(index), "person \(index) (\(change)) has no record tonight")
        }
        for index in plan.newPersons { #expect(seen.contains(index), "new person \(index) has no record tonight") }
    }

    @Test func changesFileListsEveryNightsNewAndChangedPeople() throws {
        let folder = try TemporaryDirectory("changes")
        try generate(customers: 2_000, seed: 17, night: 3, in: folder)
        let changes = try rows(folder, "changes.csv")
        #expect(Set(changes.map { $0[0] }) == ["2", "3"])
        #expect(Set(changes.map { $0[2] }) == ["new", "moved", "married", "phone", "consent"])
        // A consent withdrawal shows as `nein` in the night's contact of that person.
        let truth = try truth(folder)
        let contacts = try rows(folder, "email/contacts_20261123.csv", delimiter: UInt8(ascii: ";"))
        let withdrawn = Set(changes.filter { $0[0] == "3" && $0[2] == "consent" }.map { $0[1] })
        let theirContacts = contacts.filter { withdrawn.contains(truth["email," + $0[0]] ?? "") }
        #expect(!theirContacts.isEmpty)
        #expect(theirContacts.allSatisfy { $0[13] == "nein" })
        // New people get person ids after night 1's.
        #expect(changes.filter { $0[2] == "new" }.allSatisfy { $0[1] > "P0002000" })
    }

    @Test func invalidNightsAreRejected() throws {
        let folder = try TemporaryDirectory("night-invalid")
        for night in [0, SampleOptions.maximumNight + 1] {
            #expect(throws: SampleGenError.invalidNight(night)) {
                try SampleGenerator.write(SampleOptions(customers: 10, seed: 1, night: night), to: folder.url)
            }
        }
    }
}
