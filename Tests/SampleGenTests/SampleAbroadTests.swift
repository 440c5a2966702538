import Foundation
import Testing
import TestSupport
@testable import SampleGen

/// The cases a German-only pipeline gets wrong: people abroad with their country, postcodes,
/// number-first street lines and phones; flats in German street lines; birth dates that are no
/// date. Checked through the files, with the shares the generator promises.
@Suite struct SampleAbroadTests {
    static let date = "20261121"

    /// One person-bearing record as the exports write it; empty text where the export has none.
    struct Record {
        var system: String
        var id: String
        var entity: String
        var country = ""
        var street = ""
        var postcode = ""
        var phone = ""
        var birthDate = ""
    }

    /// The country values the exports write, as ISO codes (the mapping the transform will need).
    static let isoByCountryValue: [String: String] = [
        "Deutschland": "DE", "DE": "DE",
        "Österreich": "AT", "Oesterreich": "AT", "AT": "AT",
        "Schweiz": "CH", "CH": "CH",
        "Niederlande": "NL", "Nederland": "NL", "NL": "NL",
        "Vereinigtes Königreich": "GB", "Großbritannien": "GB", "UK": "GB", "GB": "GB",
        "USA": "US", "US": "US",
        "Frankreich": "FR", "France": "FR", "FR": "FR",
    ]

    private func generate(customers: Int = 2_000, seed: UInt64 = 42, systems: Set<SampleSystem> = Set(SampleSystem.allCases),
                          in folder: TemporaryDirectory) throws {
        _ = try SampleGenerator.write(SampleOptions(customers: customers, seed: seed, systems: systems), to: folder.url)
    }

    private func bytes(_ folder: TemporaryDirectory, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.url.appendingPathComponent(name)))
    }

    /// Every person-bearing record of the four exports, with its true entity.
    private func records(_ folder: TemporaryDirectory) throws -> [Record] {
        let truthRows = try SampleFileReaders.csvRecords(try bytes(folder, "truth.csv"), delimiter: UInt8(ascii: ","))
            .dropFirst().map { $0.map(SampleFileReaders.string) }
        let truth = Dictionary(uniqueKeysWithValues: truthRows.map { ($0[0] + "," + $0[1], $0[2]) })
        var records: [Record] = []

        let contacts = try SampleFileReaders.csvRecords(try bytes(folder, "email/contacts_\(Self.date).csv"), delimiter: UInt8(ascii: ";"))
            .map { $0.map { SampleFileReaders.windows1252($0) ?? "" } }
        let header = try #require(contacts.first)
        let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        let street = try #require(column["Straße"])
        let postcode = try #require(column["PLZ"])
        let land = try #require(column["Land"])
        let phone = try #require(column["Telefon"])
        let birth = try #require(column["Geburtsdatum"])
        for row in contacts.dropFirst() {
            records.append(Record(system: "email", id: row[0], entity: try #require(truth["email," + row[0]]), country: row[land],
                                  street: row[street], postcode: row[postcode], phone: row[phone], birthDate: row[birth]))
        }

        for line in SampleFileReaders.string(try bytes(folder, "support/tickets_\(Self.date).ndjson")).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["ticket_id"] as? String)
            let requester = try #require(object["requester"] as? [String: Any])
            #expect(requester.keys.contains("country"), "ticket \(id) has no requester.country (null or a code)")
            records.append(Record(system: "support", id: id, entity: try #require(truth["support," + id]),
                                  country: requester["country"] as? String ?? "", phone: requester["phone"] as? String ?? ""))
        }

        let pos = try #require(SampleFileReaders.POSReader.read(folder.url.appendingPathComponent("branch/pos_\(Self.date).xml")))
        for transaction in pos.transactions where transaction.card != nil {
            records.append(Record(system: "branch", id: transaction.id, entity: try #require(truth["branch," + transaction.id]),
                                  country: transaction.country ?? "", street: transaction.street,
                                  postcode: transaction.postcode, phone: transaction.phone ?? ""))
        }

        let responses = try SampleFileReaders.csvRecords(Array(try bytes(folder, "survey/responses_\(Self.date).csv").dropFirst(3)),
                                                     delimiter: UInt8(ascii: ","))
            .dropFirst().map { $0.map(SampleFileReaders.string) }
        for row in responses {
            records.append(Record(system: "survey", id: row[0], entity: try #require(truth["survey," + row[0]]),
                                  postcode: row[6], birthDate: row[7]))
        }
        return records
    }

    /// The entities some record places abroad (by a country value other than Germany).
    private func entitiesAbroad(_ records: [Record]) -> [String: String] {
        var abroad: [String: String] = [:]
        for record in records {
            if let iso = Self.isoByCountryValue[record.country], iso != "DE" { abroad[record.entity] = iso }
        }
        return abroad
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    // MARK: Countries

    @Test func peopleAbroadCarryTheirCountryInTheExportsThatHaveOne() throws {
        let folder = try TemporaryDirectory("sample-abroad")
        try generate(in: folder)
        let records = try records(folder)
        for record in records where !record.country.isEmpty {
            #expect(Self.isoByCountryValue[record.country] != nil, "\(record.system) \(record.id): unexpected country \(record.country)")
        }
        #expect(records.filter { $0.system == "survey" }.allSatisfy { $0.country.isEmpty }, "the survey has no country")

        // ~4% of people live abroad; 2,000 people give about 80, seen through their countries.
        let abroad = entitiesAbroad(records)
        #expect((40...140).contains(abroad.count), "\(abroad.count) people abroad of 2,000")
        let countries = Set(abroad.values)
        #expect(countries.isSuperset(of: ["AT", "CH", "NL"]) && countries.count >= 5, "countries abroad: \(countries.sorted())")
        for system in ["email", "support", "branch"] {
            let foreign = records.filter { $0.system == system && abroad[$0.entity] != nil && !$0.country.isEmpty }
            #expect(!foreign.isEmpty, "no foreign country in the \(system) export")
        }
        // Germany is written too (`Deutschland`, `DE`), but for most records at home nothing is.
        let home = records.filter { abroad[$0.entity] == nil && $0.system != "survey" }
        let homeWritten = home.filter { !$0.country.isEmpty }.count
        #expect(homeWritten > home.count / 10 && homeWritten < home.count * 6 / 10)

        // One person, one country: the same entity is never placed in two countries.
        var isoByEntity: [String: Set<String>] = [:]
        for record in records {
            if let iso = Self.isoByCountryValue[record.country] { isoByEntity[record.entity, default: []].insert(iso) }
        }
        let twoCountries = isoByEntity.filter { $0.value.count > 1 }
        #expect(twoCountries.isEmpty, "entities in two countries: \(twoCountries.prefix(3))")
    }

    @Test func addressesAbroadFollowTheirCountry() throws {
        let folder = try TemporaryDirectory("sample-abroad-address")
        try generate(in: folder)
        let records = try records(folder)
        let abroad = entitiesAbroad(records)
        let patterns = [
            "DE": #"^\d{5}$"#, "AT": #"^\d{4}$"#, "CH": #"^\d{4}$"#, "NL": #"^\d{4} ?[A-Z]{2}$"#,
            "GB": #"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$"#, "US": #"^\d{5}$"#, "FR": #"^\d{5}$"#,
        ]
        var fourDigit = 0
        for record in records where !record.postcode.isEmpty {
            // Someone abroad known only to the survey (no country column) cannot be told apart here.
            if abroad[record.entity] == nil && record.system == "survey" && !matches(record.postcode, #"^\d{5}$"#) { continue }
            let iso = abroad[record.entity] ?? "DE"
            let pattern = try #require(patterns[iso])
            #expect(matches(record.postcode, pattern), "\(record.system) \(record.id) (\(iso)): postcode \(record.postcode)")
            if iso == "AT" || iso == "CH" { fourDigit += 1 }
        }
        #expect(fourDigit >= 20, "4-digit postcodes (AT, CH), never padded: \(fourDigit)")

        // House number first: only, and always, in the UK, the US and France.
        let lines = records.filter { !$0.street.isEmpty }
        let numberFirst = lines.filter { matches($0.street, #"^(\d|Flat \d)"#) }
        #expect(numberFirst.count >= 10, "number-first street lines: \(numberFirst.count)")
        for record in lines {
            let isNumberFirstCountry = ["GB", "US", "FR"].contains(abroad[record.entity] ?? "DE")
            #expect(matches(record.street, #"^(\d|Flat \d)"#) == isNumberFirstCountry, "\(record.id): \(record.street)")
        }
        #expect(lines.contains { matches($0.street, #" (Apt\.?|#)\s?\d+$"#) }, "no US apartment (`Apt 176`)")
        #expect(lines.contains { $0.street.hasPrefix("Flat ") }, "no UK flat (`Flat 2, 10 Downing Street`)")

        // The street type is abbreviated in some of a person's records and spelled out in others.
        let englishTypes = [("Street", "St"), ("Avenue", "Ave"), ("Drive", "Dr"), ("Road", "Rd"), ("Lane", "Ln")]
        var forms: [String: (full: Bool, short: Bool)] = [:]
        for record in numberFirst {
            for (full, short) in englishTypes {
                if matches(record.street, "\\b\(full)\\b") { forms[record.entity, default: (false, false)].full = true }
                if matches(record.street, "\\b\(short)\\b") { forms[record.entity, default: (false, false)].short = true }
            }
        }
        #expect(forms.values.contains { $0.full && $0.short }, "nobody abroad has both `Street` and `St` lines")

        // German flats and back houses: about 1% of German street lines.
        let german = lines.filter { abroad[$0.entity] == nil }
        let units = german.filter { matches($0.street, #"(Hinterhaus|\bHH$|Whg\. \d|Wohnung \d|\d\. OG|App\. \d)"#) }
        let share = Double(units.count) / Double(german.count)
        #expect(share > 0.004 && share < 0.025, "German unit lines: \(units.count) of \(german.count)")
    }

    @Test func phonesAbroadAreWrittenTheirCountrysWay() throws {
        let folder = try TemporaryDirectory("sample-abroad-phone")
        try generate(in: folder)
        let records = try records(folder)
        let abroad = entitiesAbroad(records)
        let phones = records.filter { !$0.phone.isEmpty }
        let german = #"^(\+49|0049)"#
        let foreignInternational = #"^(\+|00)(43|41|31|44|33|1)"#
        let usNational = #"^(\(\d{3}\) \d{3}-\d{4}|\d{3}-\d{3}-\d{4})$"#

        // People abroad never have a German number, and their numbers are their country's.
        for record in phones where abroad[record.entity] != nil {
            #expect(!matches(record.phone, german), "\(record.id) abroad with \(record.phone)")
        }
        let international = phones.filter { matches($0.phone, foreignInternational) && !matches($0.phone, german) }
        let share = Double(international.count) / Double(phones.count)
        #expect(share > 0.005 && share < 0.08, "foreign international phones: \(international.count) of \(phones.count)")
        let known = international.filter { abroad[$0.entity] != nil }.count
        #expect(known * 10 >= international.count * 9, "foreign numbers of people not known to live abroad")

        // National formats of the neighbours, which a German normaliser reads as German numbers.
        let abroadPhones = phones.filter { abroad[$0.entity] != nil }.map(\.phone)
        #expect(abroadPhones.contains { matches($0, #"^06[5-9]\d[ /]?\d{7}$"#) }, "no Austrian mobile (`0664 1234567`)")
        #expect(abroadPhones.contains { matches($0, #"^07[6-9] \d{3} \d\d \d\d$"#) }, "no Swiss mobile (`079 123 45 67`)")
        #expect(abroadPhones.contains { matches($0, #"^(\+43|0043) "#) }, "no Austrian international number")
        #expect(abroadPhones.contains { matches($0, #"^(\+31|0031)"#) || matches($0, #"^06[ -]?\d{8}$"#) }, "no Dutch number")
        #expect(abroadPhones.contains { matches($0, usNational) || matches($0, #"^(\+1|001)[ -]"#) }, "no US number")
    }

    // MARK: Birth dates

    @Test func someBirthDatesAreTyposThatAreNoDate() throws {
        let folder = try TemporaryDirectory("sample-invalid-dates")
        try generate(in: folder)
        let records = try records(folder)
        func parts(_ record: Record) -> (year: Int, month: Int, day: Int)? {
            let pieces = record.birthDate.split(whereSeparator: { $0 == "." || $0 == "-" }).compactMap { Int($0) }
            guard pieces.count == 3 else { return nil }
            return record.system == "email" ? (pieces[2], pieces[1], pieces[0]) : (pieces[0], pieces[1], pieces[2])
        }
        func isValid(_ date: (year: Int, month: Int, day: Int)) -> Bool {
            CivilCalendar.isValid(CivilCalendar.Civil(year: date.year, month: date.month, day: date.day))
        }
        var validYears: [String: Set<Int>] = [:]
        var invalid: [Record] = []
        for system in ["email", "survey"] {
            let dated = records.filter { $0.system == system && !$0.birthDate.isEmpty }
            let shape = system == "email" ? #"^\d\d\.\d\d\.\d{4}$"# : #"^\d{4}-\d\d-\d\d$"#
            var count = 0
            for record in dated {
                #expect(matches(record.birthDate, shape), "\(record.id): \(record.birthDate) is not a typo of a date")
                let date = try #require(parts(record))
                if isValid(date) {
                    validYears[record.entity, default: []].insert(date.year)
                } else {
                    count += 1
                    invalid.append(record)
                }
            }
            let share = Double(count) / Double(dated.count)
            #expect(share > 0.003 && share < 0.025, "\(system): \(count) invalid birth dates of \(dated.count)")
        }
        // A typo in an otherwise valid record: the person's year stays; the month or day does not exist.
        var checked = 0
        for record in invalid {
            let date = try #require(parts(record))
            #expect(date.month > 12 || date.day > 28, "\(record.id): \(record.birthDate)")
            if let years = validYears[record.entity] {
                #expect(years.contains(date.year), "\(record.id): year of \(record.birthDate) is not the person's")
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test(arguments: [
        (1974, 7, 15), (1980, 3, 19), (1985, 2, 28), (1990, 1, 5), (2000, 2, 10), (1961, 12, 31), (1970, 11, 30),
    ])
    func mistypedDatesAreNeverReal(year: Int, month: Int, day: Int) {
        for stream in 0..<50 {
            var random = SampleRandom.stream(1, .person, stream)
            let typo = CivilCalendar.mistyped(CivilCalendar.Civil(year: year, month: month, day: day), random: &random)
            #expect(!CivilCalendar.isValid(typo), "\(typo) is a real date")
            #expect(typo.year == year)
        }
    }

    // MARK: Determinism

    @Test func theNewCasesAreDeterministicAndIndependentOfTheOtherSystems() throws {
        let first = try TemporaryDirectory("sample-abroad-a")
        let second = try TemporaryDirectory("sample-abroad-b")
        let branchOnly = try TemporaryDirectory("sample-abroad-branch")
        try generate(customers: 700, seed: 7, in: first)
        try generate(customers: 700, seed: 7, in: second)
        try generate(customers: 700, seed: 7, systems: [.branch], in: branchOnly)
        for name in ["email/contacts_\(Self.date).csv", "support/tickets_\(Self.date).ndjson", "branch/pos_\(Self.date).xml",
                     "survey/responses_\(Self.date).csv", "truth.csv"] {
            #expect(try bytes(first, name) == bytes(second, name), "\(name) differs between two runs")
        }
        #expect(try bytes(first, "branch/pos_\(Self.date).xml") == bytes(branchOnly, "branch/pos_\(Self.date).xml"))
        // And the 700-person sample the byte-identity test uses holds the new cases.
        let records = try records(first)
        #expect(!entitiesAbroad(records).isEmpty)
        #expect(records.contains { matches($0.street, #"^(\d|Flat \d)"#) || matches($0.postcode, #"^\d{4}( ?[A-Z]{2})?$"#) })
    }
}
