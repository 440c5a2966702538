@testable import Identity
import PipelineCore
import Testing

/// Should-match and must-not-match cases through the whole resolver: blocking, scoring with a
/// fixed model, guarded clustering.
@Suite("matching: should-match and must-not-match pairs")
struct MatchingPairsTests {
    typealias P = MatchFixtures

    typealias Case = MatchFixtures.PairCase

    static let shouldMatch: [Case] = [
        Case(name: "transliteration: ü/ue, ß/ss, same e-mail", records: [
            P.person("E1", first: "Jürgen", last: "Müller", email: "j.mueller@web.de", street: "Große Straße 5", postcode: "10115", city: "Berlin"),
            P.person("T1", system: .support, name: "Juergen Mueller", email: "J.Mueller@web.de"),
        ], same: true),
        Case(name: "typo in the surname, same phone in another format", records: [
            P.person("E1", first: "Sabine", last: "Schmidt", phone: "030 1234567", postcode: "10115"),
            P.person("T1", system: .support, name: "Sabine Schmdit", phone: "+49 (0)30 1234567"),
        ], same: true),
        Case(name: "birth date with day and month swapped, same name and postcode", records: [
            P.person("E1", first: "Karin", last: "Vogel", postcode: "50667", born: "03.04.1985"),
            P.person("S1", system: .survey, first: "Karin", last: "Vogel", postcode: "50667", born: "1985-03-04"),
        ], same: true),
        Case(name: "moved to another city, same name and e-mail, no birth date (a hand-written export: built-in model)", records: [
            P.person("T1", system: .support, first: "Max", last: "Mustermann", email: "max@example.de", street: "Leopoldstraße 10",
                     postcode: "80802", city: "München"),
            P.person("T4", system: .support, first: "Max", last: "Mustermann", email: "max@example.de", street: "Schillerstraße 3",
                     postcode: "10625", city: "Berlin"),
        ], same: true),
        Case(name: "moved address, same e-mail and birth date", records: [
            P.person("E1", first: "Petra", last: "Lange", email: "petra.lange@gmx.de", street: "Hauptstraße 5", postcode: "10115",
                     city: "Berlin", born: "1970-01-02"),
            P.person("E2", first: "Petra", last: "Lange", email: "petra.lange@gmx.de", street: "Lindenweg 12", postcode: "80331",
                     city: "München", born: "02.01.1970"),
        ], same: true),
        Case(name: "short first name and `Nachname, Vorname von der` order", records: [
            P.person("B1", system: .branch, name: "Heide, Susanne von der", email: "s.heide@t-online.de"),
            P.person("E1", first: "Susi", last: "Heide", email: "s.heide@t-online.de", born: "1980-05-06"),
        ], same: true),
        Case(name: "street spelled Str. and with a spaced house letter, same name and postcode", records: [
            P.person("E1", first: "Uwe", last: "Krüger", street: "Bahnhofstraße 12a", postcode: "01067", born: "1950-10-10"),
            P.person("B1", system: .branch, name: "Krueger, Uwe", street: "Bahnhofstr. 12 A", postcode: "1067"),
        ], same: true),
        Case(name: "the same customer number links whatever else differs", records: [
            P.person("E1", first: "Anna", last: "Beck", email: "anna@x.de", customerNumber: "K-1"),
            P.person("T1", system: .support, name: "A. Beck-Meier", customerNumber: "K-1"),
        ], same: true),
        Case(name: "a survey answer with name and postcode only joins the one matching customer", records: [
            P.person("S1", system: .survey, first: "Gudrun", last: "Schmitt-Schmidt", postcode: "20095"),
            P.person("B1", system: .branch, name: "Schmitt-Schmidt, Gudrun", street: "An der Kirche 30", postcode: "20095"),
        ], same: true),
        Case(name: "address lines swapped between two exports, a typo in the surname, another birth date", records: [
            P.person("E1", first: "Brooklyn", last: "Mercoerlla", street: "Knox Retirement Village 13", postcode: "2138",
                     born: "1950-07-15", line2: "Endeavour Street"),
            P.person("E2", first: "Brooklyn", last: "Mercorella", street: "Endeavour Street 13", postcode: "2138",
                     born: "1978-02-03", line2: "Knox Retirement Village"),
        ], same: true),
    ]

    static let mustNotMatch: [Case] = [
        Case(name: "household: shared e-mail, address and surname, other first name and birth date", records: [
            P.person("E1", first: "Anna", last: "Keller", email: "familie.keller@web.de", street: "Ringstraße 3", postcode: "28195",
                     born: "1975-02-03"),
            P.person("E2", first: "Peter", last: "Keller", email: "familie.keller@web.de", street: "Ringstraße 3", postcode: "28195",
                     born: "1972-11-30"),
        ], same: false),
        Case(name: "household without birth dates: shared e-mail and phone, other first name", records: [
            P.person("E1", first: "Anna", last: "Keller", email: "familie.keller@web.de", phone: "0421 5551234"),
            P.person("T1", system: .support, name: "Peter Keller", email: "familie.keller@web.de", phone: "0421/5551234"),
        ], same: false),
        Case(name: "same common name in the same city, different person", records: [
            P.person("E1", first: "Thomas", last: "Müller", email: "t.mueller@gmx.de", phone: "0170 1111111", street: "Hauptstraße 1",
                     postcode: "10115", city: "Berlin", born: "1980-01-01"),
            P.person("E2", first: "Thomas", last: "Müller", email: "thomas.mueller77@web.de", phone: "0171 2222222",
                     street: "Gartenweg 9", postcode: "10115", city: "Berlin", born: "1977-07-07"),
        ], same: false),
        Case(name: "same name and postcode, no other evidence, but two different candidates", records: [
            P.person("S1", system: .survey, first: "Anna", last: "Schulz", postcode: "10115"),
            P.person("E1", first: "Anna", last: "Schulz", street: "Hauptstraße 1", postcode: "10115", born: "1960-01-01"),
            P.person("E2", first: "Anna", last: "Schulz", street: "Gartenweg 9", postcode: "10115", born: "1990-09-09"),
        ], same: false),
        Case(name: "one estate, two streets: the shared second line is no shared address", records: [
            P.person("E1", first: "Anna", last: "Keller", street: "Lindenweg 4", postcode: "28195", born: "1975-02-03",
                     line2: "Wohnpark Rosenhof"),
            P.person("E2", first: "Peter", last: "Keller", street: "Birkenweg 9", postcode: "28195", born: "1972-11-30",
                     line2: "Wohnpark Rosenhof"),
        ], same: false),
        Case(name: "same name and e-mail but different customer numbers", records: [
            P.person("E1", first: "Lena", last: "Wolf", email: "lena.wolf@web.de", customerNumber: "K-1"),
            P.person("T1", system: .support, name: "Lena Wolf", email: "lena.wolf@web.de", customerNumber: "K-2"),
        ], same: false),
        Case(name: "e-mail addresses one digit apart are namesakes, not typos", records: [
            P.person("E1", first: "Petra", last: "Schneider", email: "petra.schneider66@web.de"),
            P.person("B1", system: .branch, name: "Schneider, Petra", email: "petra.schneider64@web.de", street: "Kirchstr. 13",
                     postcode: "50733"),
        ], same: false),
    ]

    @Test("should match", arguments: shouldMatch)
    func matches(_ example: Case) {
        let outcome = P.resolve(example.records)
        #expect(outcome.clusterOfRecord[0] == outcome.clusterOfRecord[1], "\(example.name): \(outcome.edges.map(\.weight))")
    }

    @Test("must not match", arguments: mustNotMatch)
    func staysApart(_ example: Case) {
        let outcome = P.resolve(example.records)
        #expect(outcome.clusterOfRecord[0] != outcome.clusterOfRecord[1], "\(example.name): \(outcome.decisions)")
        if example.records.count == 3 {
            #expect(outcome.clusterOfRecord[1] != outcome.clusterOfRecord[2], "the two candidates stay apart too")
        }
    }

    @Test("two loyalty cards are two people, however alike the names and addresses; without the guard they merge")
    func loyaltyCardGuard() {
        // Namesakes at one address (a mother and daughter, say), each with her own card: only the
        // differing cards tell them apart.
        let records = [
            P.person("B1", system: .branch, name: "Keller, Annegret", street: "Ringstraße 3", postcode: "28195", card: "LC-1"),
            P.person("B2", system: .branch, name: "Keller, Annegret", street: "Ringstraße 3", postcode: "28195", card: "LC-2"),
        ]
        let guarded = P.resolve(records)
        #expect(guarded.clusterOfRecord[0] != guarded.clusterOfRecord[1], "\(guarded.decisions)")
        #expect(guarded.decisions.contains(.conflictLoyaltyCard), "\(guarded.decisions)")
        let unguarded = P.resolve(records) { $0.guards.removeAll { $0 == .loyaltyCard } }
        #expect(unguarded.clusterOfRecord[0] == unguarded.clusterOfRecord[1], "\(unguarded.decisions)")
    }

    @Test("a pair on names and place is weighed with the rest of both customers: their other records' disagreement keeps them apart")
    func weakPairWeighedWithClusters() {
        // Gudrun Oberhollenzer of Hamburg: e-mail, ticket with her mobile, survey with her postcode.
        let known = [
            P.person("E1", first: "Gudrun", last: "Oberhollenzer", email: "g.oberhollenzer@web.de"),
            P.person("T1", system: .support, name: "Gudrun Oberhollenzer", email: "g.oberhollenzer@web.de", phone: "0170 1111111"),
            P.person("S1", system: .survey, first: "Gudrun", last: "Oberhollenzer", email: "g.oberhollenzer@web.de", postcode: "20095"),
        ]
        // A shop purchase under her name and postcode (the pair with S1 is accepted on its own), by
        // someone whose mobile is not hers: the phone of her ticket disagrees.
        let namesake = P.person("B1", system: .branch, name: "Oberhollenzer, Gudrun", phone: "0171 2222222",
                                street: "Lindenweg 4", postcode: "20095")
        let apart = P.resolve(known + [namesake])
        #expect(apart.clusterOfRecord[0] == apart.clusterOfRecord[2], "her own records stay one customer")
        #expect(apart.clusterOfRecord[0] != apart.clusterOfRecord[3], "\(apart.decisions) \(apart.edges.map(\.weight))")
        #expect(apart.decisions.contains(.disagreeingRecords), "\(apart.decisions)")

        // The same purchase without the other phone joins her.
        let herself = P.person("B1", system: .branch, name: "Oberhollenzer, Gudrun", street: "Lindenweg 4", postcode: "20095")
        let joined = P.resolve(known + [herself])
        #expect(joined.clusterOfRecord[0] == joined.clusterOfRecord[3], "\(joined.decisions) \(joined.edges.map(\.weight))")
    }

    @Test("clusters are disjoint and cover every record")
    func invariants() {
        // A deterministic mix of people, duplicates, households and namesakes.
        var records: [IdentityRecord] = []
        let firsts = ["Anna", "Peter", "Maria", "Thomas", "Susanne", "Jürgen"]
        let lasts = ["Müller", "Schmidt", "Keller", "Vogel"]
        for i in 0..<240 {
            let person = i % 60
            let first = firsts[person % firsts.count], last = lasts[person % lasts.count]
            records.append(P.person("R\(i)", system: SourceSystem.allCases[i % 4], first: i % 7 == 0 ? String(first.prefix(3)) : first,
                                    last: last, email: i % 3 == 0 ? nil : "\(first.lowercased()).\(person / 2)@web.de",
                                    phone: i % 5 == 0 ? "030 55\(String(format: "%05d", person))" : nil,
                                    postcode: "101\(String(format: "%02d", person % 12))",
                                    born: i % 4 == 0 ? "19\(50 + person % 40)-0\(1 + person % 9)-1\(person % 10)" : nil,
                                    customerNumber: i % 11 == 0 ? "K-\(person)" : nil))
        }
        let outcome = P.resolve(records)
        #expect(outcome.clusterOfRecord.count == records.count)
        #expect(Set(outcome.clusterOfRecord) == Set(0..<Int32(outcome.clusterCount)), "cluster numbers are dense, none empty")
        var members = [[Int]](repeating: [], count: outcome.clusterCount)
        for (record, cluster) in outcome.clusterOfRecord.enumerated() { members[Int(cluster)].append(record) }
        #expect(members.reduce(0) { $0 + $1.count } == records.count, "every record in exactly one cluster")
        // Exact links are never split.
        var clusterOfGroup: [Int32: Int32] = [:]
        for (record, group) in outcome.links.nodeOf.enumerated() {
            let cluster = outcome.clusterOfRecord[record]
            #expect(clusterOfGroup[group, default: cluster] == cluster)
            clusterOfGroup[group] = cluster
        }
    }

    @Test("the same records give the same clusters and pairs, whatever the work split")
    func deterministic() {
        let records = Self.shouldMatch.flatMap(\.records) + Self.mustNotMatch.flatMap(\.records)
        let once = P.resolve(records), twice = P.resolve(records, itemTarget: 1)
        #expect(once.clusterOfRecord == twice.clusterOfRecord)
        #expect(once.edges == twice.edges)
        #expect(once.decisions == twice.decisions)
    }
}
