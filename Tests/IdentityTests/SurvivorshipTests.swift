import Identity
import PipelineCore
import Testing

@Suite("golden record survivorship")
struct SurvivorshipTests {
    typealias P = MatchFixtures

    static let records = [
        P.person("B1", system: .branch, name: "Müller, Anna", phone: "0170 1111111", street: "Hauptstraße 5a", postcode: "10115",
                 city: "Berlin", seen: "2026-03-01T10:00:00Z"),
        P.person("E1", first: "Anna", last: "Mueller", email: "anna@x.de", phone: "030 1234567", postcode: "80331",
                 seen: "2025-01-01T10:00:00Z"),
        P.person("S1", system: .survey, first: "Anna", last: "Müller", email: "anna.m@x.de", born: "1980-01-02",
                 seen: "2026-05-01T10:00:00Z"),
        P.person("S2", system: .survey, first: "Annette", last: "Müller", born: "1980-02-01", seen: "2026-06-01T10:00:00Z"),
    ]

    @Test("rules per attribute: most frequent name, most recent phone, source priority e-mail, address as a whole")
    func perAttribute() {
        let builder = GoldenRecordBuilder(priority: [.email, .branch, .support, .survey], survivorship: [
            "default": [.sourcePriority, .mostRecent],
            "first_name": [.mostFrequent, .sourcePriority],
            "last_name": [.mostFrequent, .sourcePriority],
            "phone": [.mostRecent],
            "address": [.mostComplete],
            "birth_date": [.mostRecent],
        ])
        let golden = builder.build(customerID: "C1", records: Self.records)
        #expect(golden.values["first_name"] == "Anna")                 // three of four records
        #expect(golden.provenance["first_name"]?.recordID == "E1")     // the e-mail system wins the tie
        #expect(golden.values["last_name"] == "Müller")                // Müller = Mueller folded: e-mail first wins, shown as most records write it
        #expect(golden.provenance["last_name"]?.recordID == "E1")
        #expect(golden.values["phone"] == "+491701111111")             // the most recent record with a phone
        #expect(golden.values["email"] == "anna@x.de")                 // source priority: e-mail before survey
        // The fullest address travels together: street, number, postcode and city from B1, not E1's postcode.
        #expect(golden.values["street"] == "Hauptstraße" && golden.values["house_number"] == "5a")
        #expect(golden.values["postcode"] == "10115" && golden.values["city"] == "Berlin")
        #expect(Set(["street", "house_number", "postcode", "city"].compactMap { golden.provenance[$0]?.recordID }) == ["B1"])
        #expect(golden.values["birth_date"] == "1980-02-01" && golden.provenance["birth_date"]?.recordID == "S2")
        #expect(golden.firstSeen == "2025-01-01T10:00:00Z" && golden.lastSeen == "2026-06-01T10:00:00Z")
        #expect(golden.recordCount == 4)
    }

    @Test("the same records in another order give the same golden record")
    func orderIndependent() {
        let builder = GoldenRecordBuilder(priority: [.email], survivorship: IdentityConfig.defaultSurvivorship)
        #expect(builder.build(customerID: "C1", records: Self.records) == builder.build(customerID: "C1", records: Self.records.reversed()))
    }

    @Test("a newer record that only carries the default country does not blank the address")
    func countryAloneOffersNoAddress() {
        var ticket = P.person("T1", system: .support, first: "Anna", last: "Müller", email: "anna@x.de", seen: "2026-07-01T10:00:00Z")
        ticket.country = "DE"
        var contact = P.person("E1", first: "Anna", last: "Müller", email: "anna@x.de", street: "Hauptstraße 5", postcode: "10115",
                               city: "Berlin", seen: "2025-01-01T10:00:00Z")
        contact.country = "DE"
        let builder = GoldenRecordBuilder(priority: [.email], survivorship: IdentityConfig.defaultSurvivorship)   // address: most recent
        let golden = builder.build(customerID: "C1", records: [contact, ticket])
        #expect(golden.values["street"] == "Hauptstraße" && golden.values["city"] == "Berlin" && golden.values["country"] == "DE")
        #expect(golden.provenance["street"]?.recordID == "E1")
        // Alone, the ticket still gives the customer its country.
        #expect(builder.build(customerID: "C2", records: [ticket]).values["country"] == "DE")
    }

    @Test("the winners of every prefix are the winners of that prefix alone")
    func prefixWinners() {
        let builder = GoldenRecordBuilder(priority: [.email, .branch, .support, .survey], survivorship: IdentityConfig.defaultSurvivorship)
        let members = Array(Self.records.indices)
        let prefixes = builder.prefixWinners(from: Self.records, members: members)
        #expect(prefixes.count == members.count)
        for end in members.indices {
            #expect(prefixes[end] == builder.winners(from: Self.records, members: Array(members[0...end])), "prefix \(end)")
        }
    }

    @Test("the winning value is shown in the best way the records write it: proper case, the full street type")
    func bestWrittenForm() {
        let records = [
            P.person("E1", first: "LUKAS", last: "WEIDENHOFF", email: "l@x.de", street: "Hauptstr. 5", postcode: "10115", city: "BERLIN",
                     seen: "2026-05-01T10:00:00Z"),
            P.person("S1", system: .survey, first: "Lukas", last: "Weidenhoff", email: "l@x.de", seen: "2025-01-01T10:00:00Z"),
            P.person("B1", system: .branch, first: "lukas", last: "Weidenhoff", street: "Hauptstraße 5", postcode: "10115", city: "Berlin",
                     seen: "2024-01-01T10:00:00Z"),
        ]
        let builder = GoldenRecordBuilder(priority: [.email, .branch, .support, .survey], survivorship: IdentityConfig.defaultSurvivorship)
        let golden = builder.build(customerID: "C1", records: records)
        #expect(golden.values["first_name"] == "Lukas" && golden.values["last_name"] == "Weidenhoff")
        #expect(golden.values["street"] == "Hauptstraße" && golden.values["city"] == "Berlin")
        #expect(golden.provenance["street"]?.recordID == "E1", "the winner is still the most recent address")
        // Another value is never borrowed: a different name keeps its own writing.
        let other = builder.build(customerID: "C2", records: [records[0], P.person("S2", system: .survey, first: "Lucas", last: "Weidenhoff", seen: "2025-01-01T10:00:00Z")])
        #expect(other.values["first_name"] == "LUKAS")
    }
}
