@testable import Identity
import PipelineCore
import Testing

/// Records with several e-mails or phones (`from_all`), and birth years alone (`birth_year`),
/// through the whole resolver: blocking, scoring with the fixed model, guarded clustering.
@Suite("matching: several e-mails and phones, birth year alone")
struct MultiValueMatchingTests {
    typealias P = MatchFixtures

    typealias Case = MatchFixtures.PairCase

    /// A record with further e-mails and phones, normalised as the transform does.
    static func several(_ record: IdentityRecord, emails: [String] = [], phones: [String] = []) -> IdentityRecord {
        var record = record
        record.moreEmails = emails.compactMap { EmailNormalizer.normalize($0) }
        record.morePhones = phones.compactMap { PhoneNormalizer().e164($0) }
        return record
    }

    static func yearOnly(_ record: IdentityRecord, _ year: Int) -> IdentityRecord {
        var record = record
        record.birthYear = year
        return record
    }

    static let cases: [Case] = [
        Case(name: "two records sharing only their second e-mail, rare name on both", records: [
            several(P.person("E1", first: "Mechthild", last: "Oberhollenzer", email: "m.o@web.de"), emails: ["mechthild@firma.de"]),
            several(P.person("T1", system: .support, name: "Mechthild Oberhollenzer", email: "mo1960@gmx.de"), emails: ["mechthild@firma.de"]),
        ], same: true),
        Case(name: "a landline as the second phone of one, the only phone of the other", records: [
            several(P.person("E1", first: "Sabine", last: "Schmidt", phone: "0151 2345678", postcode: "10115"), phones: ["030 1234567"]),
            P.person("T1", system: .support, name: "Sabine Schmidt", phone: "+49 30 1234567"),
        ], same: true),
        Case(name: "shared second e-mail of a household does not join other first names and birth dates", records: [
            several(P.person("E1", first: "Anna", last: "Keller", email: "anna.keller@web.de", born: "1975-02-03"),
                    emails: ["familie.keller@web.de"]),
            several(P.person("E2", first: "Peter", last: "Keller", email: "peter.keller@web.de", born: "1972-11-30"),
                    emails: ["familie.keller@web.de"]),
        ], same: false),
        Case(name: "no e-mail in common among several: they stay apart on a common name", records: [
            several(P.person("E1", first: "Thomas", last: "Müller", email: "t.mueller@gmx.de", postcode: "10115", born: "1980-01-01"),
                    emails: ["thomas@firma.de"]),
            several(P.person("E2", first: "Thomas", last: "Müller", email: "thomas.mueller77@web.de", postcode: "10115", born: "1977-07-07"),
                    emails: ["tm@posteo.de"]),
        ], same: false),
        Case(name: "a survey with a birth year alone links on name, postcode and the same year", records: [
            yearOnly(P.person("S1", system: .survey, first: "Gudrun", last: "Schmitt-Schmidt", postcode: "20095"), 1961),
            P.person("B1", system: .branch, name: "Schmitt-Schmidt, Gudrun", street: "An der Kirche 30", postcode: "20095", born: "14.07.1961"),
        ], same: true),
        Case(name: "a survey with another birth year stays apart from the same name and postcode", records: [
            yearOnly(P.person("S1", system: .survey, first: "Gudrun", last: "Schmitt-Schmidt", postcode: "20095"), 1984),
            P.person("B1", system: .branch, name: "Schmitt-Schmidt, Gudrun", street: "An der Kirche 30", postcode: "20095", born: "14.07.1961"),
        ], same: false),
    ]

    @Test("should match / must not match", arguments: cases)
    func pairs(_ example: Case) {
        let outcome = P.resolve(example.records)
        let same = outcome.clusterOfRecord[0] == outcome.clusterOfRecord[1]
        #expect(same == example.same, "\(example.name): \(outcome.decisions) \(outcome.edges.map(\.weight))")
    }

    @Test("any agreeing pair of values gives the level: exact on the second e-mail, close on a typo of it, missing without values")
    func levels() {
        let comparisons = ComparisonSet(ComparisonConfig.defaults)
        let email = comparisons.comparisons.firstIndex { $0.field == .email }!
        let phone = comparisons.comparisons.firstIndex { $0.field == .phone }!
        let records = [
            Self.several(P.person("A", email: "a@x.de", phone: "0151 1111111"), emails: ["shared@y.de"], phones: ["030 2222222"]),
            Self.several(P.person("B", email: "b@x.de"), emails: ["shared@y.de"]),
            P.person("C", email: "sharde@y.de", phone: "030 2222222"),
            P.person("D", first: "Nobody"),
        ]
        let table = FeatureTable.build(records)
        let ab = comparisons.pattern(0, 1, table), ac = comparisons.pattern(0, 2, table), ad = comparisons.pattern(0, 3, table)
        #expect(ab.levelNumber(email) == 0)
        #expect(ac.levelNumber(email) == 1, "a letter swap of the further e-mail")
        #expect(ac.levelNumber(phone) == 0, "the further phone agrees exactly")
        #expect(ad.levelNumber(email) == Int(comparisons.comparisons[email].missingLevel))
    }

    @Test("blocking on e-mail puts a record in the block of every address it has, and compares a pair once")
    func blocking() {
        let records = [
            Self.several(P.person("A", email: "a@x.de"), emails: ["shared@y.de", "other@z.de"]),
            Self.several(P.person("B", email: "b@x.de"), emails: ["shared@y.de", "other@z.de"]),
            P.person("C", email: "other@z.de"),
        ]
        let table = FeatureTable.build(records)
        let plan = BlockingPlan(table, rules: [BlockingRuleConfig(keys: [.email])])
        let links = ExactLinks(table, rules: [])
        var pairs: [[Int]] = []
        for item in plan.workItems(target: 1000) { plan.forEachPair(item, nodeOf: links.nodeOf) { pairs.append([$0, $1]) } }
        #expect(pairs.sorted { $0.lexicographicallyPrecedes($1) } == [[0, 1], [0, 2], [1, 2]], "\(pairs)")
        #expect(plan.reach(truePairs: [(0, 1)]).anyRule == 1)
    }

    @Test("an exact-link rule on e-mail links through a further address")
    func exactLinks() {
        let records = [
            Self.several(P.person("A", email: "a@x.de"), emails: ["shared@y.de"]),
            P.person("B", email: "shared@y.de"),
        ]
        let links = ExactLinks(FeatureTable.build(records), rules: ["email"])
        #expect(links.nodeOf[0] == links.nodeOf[1])
    }

    @Test(arguments: [
        (19850000, 19850000, DateComparison.Level.sameYear),
        (19850000, 19850704, .sameYear),
        (19850704, 19850000, .sameYear),
        (19850000, 19860704, .different),
        (19850000, 19580704, .different),   // a mistyped year cannot be told from another person's
        (19850000, -1, .missing),
    ] as [(Int32, Int32, DateComparison.Level)])
    func yearLevels(a: Int32, b: Int32, expected: DateComparison.Level) {
        #expect(DateComparison.level(yyyymmdd: a, b) == expected)
    }

    @Test("the golden record takes full dates only, and a record with several e-mails shows the one its customer shares")
    func golden() {
        var records = [
            Self.yearOnly(P.person("S1", system: .survey, first: "Gudrun", last: "Schmitt", email: "g@x.de"), 1961),
            Self.several(P.person("E1", first: "Gudrun", last: "Schmitt", email: "gudrun@firma.de", born: "1961-07-14"), emails: ["g@x.de"]),
            P.person("T1", system: .support, name: "Gudrun Schmitt", email: "g@x.de"),
        ]
        GoldenRecordBuilder.preferSharedValues(&records, clusterOf: [0, 0, 0], members: [[0, 1, 2]])
        #expect(records[1].email == "g@x.de" && records[1].moreEmails == ["gudrun@firma.de"])
        let golden = GoldenRecordBuilder(priority: [.email, .branch, .support, .survey]).build(customerID: "C1", records: records)
        #expect(golden.values["email"] == "g@x.de")
        #expect(golden.values["birth_date"] == "1961-07-14")
        let alone = GoldenRecordBuilder(priority: [.email]).build(customerID: "C2", records: [records[0]])
        #expect(alone.values["birth_date"] == nil, "a year is no birth date")
    }
}
