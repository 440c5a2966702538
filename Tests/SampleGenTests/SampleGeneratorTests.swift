import Foundation
import Testing
import TestSupport
@testable import SampleGen

/// The sample generator, checked through the files it writes, the way the pipeline will read them.
@Suite struct SampleGeneratorTests {
    static let date = "20261121"
    static let dataFiles = [
        "email/contacts_\(date).csv", "email/events_\(date).csv", "support/tickets_\(date).ndjson",
        "branch/pos_\(date).xml", "survey/responses_\(date).csv", "truth.csv",
    ]

    private func generate(customers: Int = 2_000, seed: UInt64 = 42, systems: Set<SampleSystem> = Set(SampleSystem.allCases),
                          in folder: TemporaryDirectory) throws -> SampleSummary {
        try SampleGenerator.write(SampleOptions(customers: customers, seed: seed, systems: systems), to: folder.url)
    }

    private func bytes(_ folder: TemporaryDirectory, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.url.appendingPathComponent(name)))
    }

    private func truthRows(_ folder: TemporaryDirectory) throws -> [[String]] {
        let records = try SampleFileReaders.csvRecords(try bytes(folder, "truth.csv"), delimiter: UInt8(ascii: ","))
        return records.dropFirst().map { $0.map(SampleFileReaders.string) }
    }

    /// 64-bit FNV-1a, enough to compare files in a test message.
    private func fingerprint(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    // MARK: Determinism

    @Test func sameOptionsGiveIdenticalBytes() throws {
        let first = try TemporaryDirectory("sample-a")
        let second = try TemporaryDirectory("sample-b")
        let summaryA = try generate(customers: 700, seed: 7, in: first)
        let summaryB = try generate(customers: 700, seed: 7, in: second)
        #expect(summaryA == summaryB)
        #expect(summaryA.files.map(\.path) == Self.dataFiles)
        for name in Self.dataFiles {
            let a = try bytes(first, name)
            let b = try bytes(second, name)
            #expect(!a.isEmpty, "\(name) is empty")
            #expect(fingerprint(a) == fingerprint(b), "\(name) differs between two runs")
        }
    }

    @Test func differentSeedsGiveDifferentData() throws {
        let first = try TemporaryDirectory("sample-a")
        let second = try TemporaryDirectory("sample-b")
        _ = try generate(customers: 300, seed: 1, in: first)
        _ = try generate(customers: 300, seed: 2, in: second)
        for name in Self.dataFiles {
            #expect(try bytes(first, name) != bytes(second, name), "\(name) is the same for seeds 1 and 2")
        }
    }

    @Test func aSystemsFilesDoNotDependOnTheOtherSystems() throws {
        let all = try TemporaryDirectory("sample-all")
        let surveyOnly = try TemporaryDirectory("sample-survey")
        _ = try generate(customers: 400, seed: 3, in: all)
        let summary = try generate(customers: 400, seed: 3, systems: [.survey], in: surveyOnly)
        #expect(summary.files.map(\.path) == ["survey/responses_\(Self.date).csv", "truth.csv"])
        #expect(summary.records.keys.sorted() == [.survey])
        #expect(try bytes(all, "survey/responses_\(Self.date).csv") == bytes(surveyOnly, "survey/responses_\(Self.date).csv"))
        #expect(!FileManager.default.fileExists(atPath: surveyOnly.file("email")))
        let allSurveyTruth = try truthRows(all).filter { $0[0] == "survey" }
        #expect(try truthRows(surveyOnly) == allSurveyTruth)
    }

    @Test func asOfDateNamesTheFilesAndBoundsTheEvents() throws {
        let folder = try TemporaryDirectory("sample-asof")
        let asOf = try #require(SampleDate(iso: "2025-03-31"))
        let summary = try SampleGenerator.write(SampleOptions(customers: 200, seed: 5, asOf: asOf, systems: [.support]), to: folder.url)
        #expect(summary.files.map(\.path) == ["support/tickets_20250331.ndjson", "truth.csv"])
        for line in SampleFileReaders.string(try bytes(folder, "support/tickets_20250331.ndjson")).split(separator: "\n") {
            let created = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["created_at"] as? String
            let text = try #require(created)
            #expect(text < "2025-03-31", "ticket created after the as-of date: \(text)")
            #expect(text >= "2023-03", "ticket created before the 24-month window: \(text)")
        }
    }

    // MARK: Dialects

    @Test func contactsAreWindows1252WithSemicolonsAndCRLF() throws {
        let folder = try TemporaryDirectory("sample-cp1252")
        let summary = try generate(in: folder)
        for name in ["email/contacts_\(Self.date).csv", "email/events_\(Self.date).csv"] {
            let data = try bytes(folder, name)
            #expect(data.contains(0xFC) || data.contains(0xDF), "\(name): no ü or ß byte")
            // Not UTF-8: no lead byte followed by a continuation byte (what `ü` would be in UTF-8).
            let utf8Pairs = zip(data, data.dropFirst()).filter { (0xC2...0xF4).contains($0.0) && (0x80...0xBF).contains($0.1) }
            #expect(utf8Pairs.isEmpty, "\(name) holds UTF-8 multibyte sequences")
            #expect(String(validating: data, as: UTF8.self) == nil, "\(name) is valid UTF-8")
            for undefined: UInt8 in [0x81, 0x8D, 0x8F, 0x90, 0x9D] {
                #expect(!data.contains(undefined), "\(name) holds byte \(undefined), undefined in Windows-1252")
            }
            let text = try #require(SampleFileReaders.windows1252(data))
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines.last == "", "\(name) does not end with CRLF")
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "\(name) has a bare LF")
            let rows = try SampleFileReaders.csvRecords(data, delimiter: UInt8(ascii: ";"))
            let header = rows[0]
            #expect(rows.dropFirst().allSatisfy { $0.count == header.count }, "\(name): a row with the wrong field count")
            let expectedRows = try #require(summary.files.first { $0.path == name }).rows
            #expect(rows.count - 1 == expectedRows)
        }
        let contacts = try #require(SampleFileReaders.windows1252(try bytes(folder, "email/contacts_\(Self.date).csv")))
        #expect(contacts.hasPrefix("Kontakt-Nr;Anrede;Titel;Vorname;Nachname;E-Mail;Telefon;Straße;PLZ;Ort;Land;Geburtsdatum;Anmeldedatum;Newsletter-Einwilligung;Kundennummer\r\n"))
        #expect(contacts.contains("Müller"))
        let events = try #require(SampleFileReaders.windows1252(try bytes(folder, "email/events_\(Self.date).csv")))
        #expect(events.contains("€"), "the Sommer-Sale campaign name should carry the euro sign (byte 0x80)")
    }

    @Test func surveyIsUTF8WithBOMAndQuotesCommentsCorrectly() throws {
        let folder = try TemporaryDirectory("sample-survey")
        let summary = try generate(in: folder)
        let data = try bytes(folder, "survey/responses_\(Self.date).csv")
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(validating: data, as: UTF8.self) != nil)
        #expect(!data.contains(0x0D), "survey lines end with LF only")
        let rows = try SampleFileReaders.csvRecords(Array(data.dropFirst(3)), delimiter: UInt8(ascii: ","))
        #expect(rows[0].map(SampleFileReaders.string) == ["response_id", "survey_id", "submitted_at", "first_name", "last_name",
                                                         "email", "postcode", "birth_date", "nps", "ces", "csat", "comment"])
        let body = rows.dropFirst()
        #expect(body.count == summary.files.first { $0.path.hasPrefix("survey/") }?.rows)
        #expect(body.allSatisfy { $0.count == 12 })
        let comments = body.map { SampleFileReaders.string($0[11]) }
        #expect(comments.contains { $0.contains("\n") }, "no comment with a line break")
        #expect(comments.contains { $0.contains("\"") }, "no comment with a quote")
        #expect(comments.contains { $0.contains(",") }, "no comment with a comma")
        for row in body {
            let nps = SampleFileReaders.string(row[8])
            let ces = SampleFileReaders.string(row[9])
            let csat = SampleFileReaders.string(row[10])
            #expect(nps.isEmpty || (0...10).contains(Int(nps) ?? -1))
            #expect(ces.isEmpty || (1...7).contains(Int(ces) ?? -1))
            #expect(csat.isEmpty || (1...5).contains(Int(csat) ?? -1))
            let survey = SampleFileReaders.string(row[1])
            #expect(survey.range(of: #"^SRV-20\d\d-Q[1-4]$"#, options: .regularExpression) != nil)
            let birth = SampleFileReaders.string(row[7])
            #expect(birth.isEmpty || birth.range(of: #"^\d{4}-\d\d-\d\d$"#, options: .regularExpression) != nil)
        }
    }

    @Test func ticketsAreOneJSONObjectPerLineWithBerlinOffsets() throws {
        let folder = try TemporaryDirectory("sample-tickets")
        _ = try generate(in: folder)
        let text = SampleFileReaders.string(try bytes(folder, "support/tickets_\(Self.date).ndjson"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let iso = ISO8601DateFormatter()
        var statuses = Set<String>()
        var reopened = 0
        for line in lines.dropLast() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let status = try #require(object["status"] as? String)
            statuses.insert(status)
            let created = try #require(object["created_at"] as? String)
            let date = try #require(iso.date(from: created))
            let offset = berlin.secondsFromGMT(for: date)
            #expect(created.hasSuffix(offset == 7_200 ? "+02:00" : "+01:00"), "wrong Berlin offset in \(created)")
            let isClosedNull = object["closed_at"] is NSNull
            #expect(isClosedNull == (status != "closed"), "closed_at must be set exactly for closed tickets")
            if status == "closed", let closed = object["closed_at"] as? String, let closedDate = iso.date(from: closed) {
                #expect(closedDate > date)
            }
            if let csat = object["csat"] as? Int { #expect((1...5).contains(csat)) }
            if (object["reopen_count"] as? Int ?? 0) > 0 { reopened += 1 }
            let requester = try #require(object["requester"] as? [String: Any])
            #expect(requester["name"] is String)
            #expect(["email", "phone", "chat", "web"].contains(object["channel"] as? String ?? ""))
            #expect(["Rechnung", "Lieferung", "Produkt", "Konto", "Beschwerde"].contains(object["category"] as? String ?? ""))
        }
        #expect(statuses.isSuperset(of: ["open", "closed"]))
        #expect(reopened > 0)
    }

    @Test func posTotalsEqualTheSumOfItems() throws {
        let folder = try TemporaryDirectory("sample-pos")
        let summary = try generate(in: folder)
        let reader = try #require(SampleFileReaders.POSReader.read(folder.url.appendingPathComponent("branch/pos_\(Self.date).xml")))
        #expect(reader.failure == nil)
        #expect(reader.namespaceOK)
        #expect((8...12).contains(reader.branches.count))
        #expect(reader.transactions.count == summary.files.first { $0.path.hasPrefix("branch/") }?.rows)
        for transaction in reader.transactions {
            #expect(transaction.itemCount > 0)
            #expect(transaction.totalCents == transaction.itemCents, "total of \(transaction.id)")
        }
        let anonymous = reader.transactions.filter { $0.card == nil }.count
        #expect(anonymous > reader.transactions.count / 10 && anonymous < reader.transactions.count / 2)
        // A card belongs to one person: every transaction with it maps to the same entity.
        let truth = Dictionary(uniqueKeysWithValues: try truthRows(folder).filter { $0[0] == "branch" }.map { ($0[1], $0[2]) })
        var cardOwner: [String: String] = [:]
        var entityCard: [String: String] = [:]
        for transaction in reader.transactions {
            guard let card = transaction.card else { continue }
            let entity = try #require(truth[transaction.id])
            #expect(cardOwner[card, default: entity] == entity)
            #expect(entityCard[entity, default: card] == card)
            cardOwner[card] = entity
            entityCard[entity] = card
        }
        let postcodesWithZero = SampleFileReaders.string(try bytes(folder, "branch/pos_\(Self.date).xml"))
        #expect(postcodesWithZero.contains("<pos:postcode>01067</pos:postcode>"))
    }

    // MARK: Truth

    @Test func truthCoversEveryPersonBearingRecordExactlyOnce() throws {
        let folder = try TemporaryDirectory("sample-truth")
        let summary = try generate(in: folder)
        let truth = try truthRows(folder)
        #expect(truth.allSatisfy { $0.count == 3 })
        let keys = truth.map { $0[0] + "," + $0[1] }
        #expect(Set(keys).count == keys.count, "a record is listed twice")
        #expect(keys == keys.sorted(), "truth.csv is not sorted by system and record id")
        #expect(truth.allSatisfy { $0[2].range(of: #"^P\d{7}$"#, options: .regularExpression) != nil })

        var fileIDs: [String: [String]] = [:]
        let contacts = try SampleFileReaders.csvRecords(try bytes(folder, "email/contacts_\(Self.date).csv"), delimiter: UInt8(ascii: ";"))
        fileIDs["email"] = contacts.dropFirst().map { SampleFileReaders.string($0[0]) }
        let tickets = SampleFileReaders.string(try bytes(folder, "support/tickets_\(Self.date).ndjson")).split(separator: "\n")
        fileIDs["support"] = try tickets.map {
            try #require((try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["ticket_id"] as? String)
        }
        let pos = try #require(SampleFileReaders.POSReader.read(folder.url.appendingPathComponent("branch/pos_\(Self.date).xml")))
        fileIDs["branch"] = pos.transactions.filter { $0.card != nil }.map(\.id)
        let responses = try SampleFileReaders.csvRecords(Array(try bytes(folder, "survey/responses_\(Self.date).csv").dropFirst(3)),
                                                     delimiter: UInt8(ascii: ","))
        fileIDs["survey"] = responses.dropFirst().map { SampleFileReaders.string($0[0]) }

        for system in SampleSystem.allCases {
            let inTruth = truth.filter { $0[0] == system.rawValue }.map { $0[1] }
            let inFile = fileIDs[system.rawValue] ?? []
            #expect(!inFile.isEmpty)
            #expect(Set(inFile).count == inFile.count, "\(system) ids are not unique")
            #expect(Set(inTruth) == Set(inFile), "\(system): truth and file disagree")
            #expect(summary.records[system] == inFile.count)
        }
        let entities = Set(truth.map { $0[2] })
        #expect(entities.count == summary.personsInOutput)
        #expect(summary.personsInOutput == 2_000, "every person appears in at least one system")
    }

    @Test func householdsAndNamesakesArePresent() throws {
        let folder = try TemporaryDirectory("sample-people")
        _ = try generate(in: folder)
        let truth = Dictionary(uniqueKeysWithValues: try truthRows(folder).map { ($0[0] + "," + $0[1], $0[2]) })

        // Households: one e-mail address used by two different true persons.
        var entitiesByEmail: [String: Set<String>] = [:]
        let contacts = try SampleFileReaders.csvRecords(try bytes(folder, "email/contacts_\(Self.date).csv"), delimiter: UInt8(ascii: ";"))
            .dropFirst().map { $0.map { SampleFileReaders.windows1252($0) ?? "" } }
        for row in contacts {
            let entity = try #require(truth["email," + row[0]])
            entitiesByEmail[row[5].trimmingCharacters(in: .whitespaces).lowercased(), default: []].insert(entity)
        }
        let responses = try SampleFileReaders.csvRecords(Array(try bytes(folder, "survey/responses_\(Self.date).csv").dropFirst(3)),
                                                     delimiter: UInt8(ascii: ",")).dropFirst().map { $0.map(SampleFileReaders.string) }
        for row in responses where !row[5].isEmpty {
            entitiesByEmail[row[5].lowercased(), default: []].insert(try #require(truth["survey," + row[0]]))
        }
        let sharedEmails = entitiesByEmail.values.filter { $0.count > 1 }.count
        #expect(sharedEmails >= 5, "expected households sharing an e-mail address, found \(sharedEmails)")

        // Namesakes: the same first name, surname and city for two different true persons.
        var entitiesByName: [String: Set<String>] = [:]
        for row in contacts where !row[9].isEmpty {
            entitiesByName[row[3] + "|" + row[4] + "|" + row[9], default: []].insert(try #require(truth["email," + row[0]]))
        }
        let pos = try #require(SampleFileReaders.POSReader.read(folder.url.appendingPathComponent("branch/pos_\(Self.date).xml")))
        for transaction in pos.transactions where transaction.card != nil && !transaction.city.isEmpty {
            let parts = transaction.name.components(separatedBy: ", ")
            guard parts.count == 2 else { continue }
            entitiesByName[parts[1] + "|" + parts[0] + "|" + transaction.city, default: []]
                .insert(try #require(truth["branch," + transaction.id]))
        }
        let namesakes = entitiesByName.values.filter { $0.count > 1 }.count
        #expect(namesakes >= 2, "expected namesakes (same name and city, different person), found \(namesakes)")

        // And the same person under different e-mail spellings or typos: not everything links exactly.
        let contactEntities = contacts.map { truth["email," + $0[0]] ?? "" }
        #expect(Set(contactEntities).count < contactEntities.count, "some persons should have two contacts")
    }

    @Test func newsletterFunnelIsConsistent() throws {
        let folder = try TemporaryDirectory("sample-events")
        _ = try generate(in: folder)
        let rows = try SampleFileReaders.csvRecords(try bytes(folder, "email/events_\(Self.date).csv"), delimiter: UInt8(ascii: ";"))
            .dropFirst().map { $0.map { SampleFileReaders.windows1252($0) ?? "" } }
        var counts: [String: Int] = [:]
        var sent = Set<String>()
        var opened = Set<String>()
        var months = Set<String>()
        for row in rows {
            let key = row[1] + "|" + row[2]
            counts[row[4], default: 0] += 1
            months.insert(String(row[5].dropFirst(3).prefix(7)))
            #expect(row[5].range(of: #"^\d\d\.\d\d\.\d{4} \d\d:\d\d$"#, options: .regularExpression) != nil)
            switch row[4] {
            case "versendet": sent.insert(key)
            case "geöffnet": #expect(sent.contains(key)); opened.insert(key)
            case "geklickt": #expect(opened.contains(key))
            case "Bounce", "abgemeldet": #expect(sent.contains(key))
            default: Issue.record("unknown event \(row[4])")
            }
        }
        let sentCount = Double(counts["versendet"] ?? 0)
        let openRate = Double(counts["geöffnet"] ?? 0) / sentCount
        let clickRate = Double(counts["geklickt"] ?? 0) / sentCount
        #expect(openRate > 0.25 && openRate < 0.55, "open rate \(openRate)")
        #expect(clickRate > 0.04 && clickRate < 0.2, "click rate \(clickRate)")
        #expect((counts["Bounce"] ?? 0) > 0 && (counts["abgemeldet"] ?? 0) > 0)
        #expect(months.count >= 23, "events should cover the 24 months before the as-of date")
    }

    // MARK: Options

    @Test func invalidOptionsAreRejectedBeforeWriting() throws {
        let folder = try TemporaryDirectory("sample-invalid")
        #expect(throws: SampleGenError.invalidCustomerCount(0)) {
            try SampleGenerator.write(SampleOptions(customers: 0, seed: 1), to: folder.url)
        }
        #expect(throws: SampleGenError.noSystemSelected) {
            try SampleGenerator.write(SampleOptions(customers: 10, seed: 1, systems: []), to: folder.url)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(arguments: [
        ("2026-11-21", true), ("2024-02-29", true), ("2025-02-29", false), ("2026-13-01", false),
        ("26-11-21", false), ("2026-1-21", false), ("2026-11-21x", false), ("", false),
    ])
    func asOfDateParsing(text: String, isValid: Bool) {
        let date = SampleDate(iso: text)
        #expect((date != nil) == isValid)
        if let date { #expect(date.description == text) }
    }

    @Test func berlinOffsetFollowsTheEURule() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        // Every hour across two years, including both switches, against the system's time-zone data.
        let start = CivilCalendar.dayNumber(year: 2024, month: 11, day: 1) * 86_400
        var mismatches: [Int] = []
        for hour in 0..<(2 * 366 * 24) {
            let utc = start + hour * 3_600
            let expected = berlin.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
            if CivilCalendar.berlinOffset(utc: utc) != expected { mismatches.append(utc) }
        }
        #expect(mismatches.isEmpty, "offsets differ at UTC seconds \(mismatches.prefix(5))")
        // Local wall-clock times map back to the right instant on both switch days.
        let springDay = CivilCalendar.dayNumber(year: 2025, month: 3, day: 30)
        #expect(CivilCalendar.utc(localDay: springDay, secondOfDay: 12 * 3_600) == springDay * 86_400 + 10 * 3_600)
        let autumnDay = CivilCalendar.dayNumber(year: 2025, month: 10, day: 26)
        #expect(CivilCalendar.utc(localDay: autumnDay, secondOfDay: 12 * 3_600) == autumnDay * 86_400 + 11 * 3_600)
    }
}
