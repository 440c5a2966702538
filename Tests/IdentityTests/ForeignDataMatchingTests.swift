@testable import Identity
import PipelineCore
import Testing

/// Should-match and must-not-match cases from data OneFace did not generate (FEBRL, foreign
/// exports): one case or more for each way recall was lost there — a bad value costing the whole
/// person, guards that vetoed strong evidence, blocking that never compared the pair, decisions
/// that flipped with the weather, and comparisons that stalled on huge values.
@Suite("matching: data we did not generate")
struct ForeignDataMatchingTests {
    typealias P = MatchFixtures

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let records: [IdentityRecord]
        /// The records (by position) that must end up as one customer.
        let together: [Int]
        var testDescription: String { name }
    }

    static func invalidBirthDate(_ record: IdentityRecord, _ raw: String) -> IdentityRecord {
        var record = record
        record.birthDate = nil
        record.birthDateDigits = DateNormalizer.digits(ofInvalid: raw)
        return record
    }

    static let shouldMatch: [Case] = [
        Case(name: "first name with two letters swapped (Kim/iKm), same e-mail and birth date", records: [
            P.person("E1", first: "Kim", last: "Nguyen", email: "kim.nguyen@example.com", born: "1974-07-15"),
            P.person("S1", system: .survey, first: "iKm", last: "Nguyen", email: "kim.nguyen@example.com", born: "1974-07-15"),
        ], together: [0, 1]),
        Case(name: "an invalid birth date (1974-17-15) still agrees with the date it is a typo of", records: [
            P.person("E1", first: "Kim", last: "Nguyen", postcode: "2119", born: "1974-07-15"),
            invalidBirthDate(P.person("S1", system: .survey, first: "Kim", last: "Nguyen", postcode: "2119"), "1974-17-15"),
        ], together: [0, 1]),
        Case(name: "first and last name keyed into each other's fields, one with a typo", records: [
            P.person("E1", first: "Hannagan", last: "Mikhayla", street: "Rupp Place 20", postcode: "2283", born: "1977-05-01"),
            P.person("E2", first: "Mikhvyla", last: "Hannagan", street: "Rupp Place 20", postcode: "2283", born: "1977-05-01"),
        ], together: [0, 1]),
        Case(name: "a replaced first name where birth date and address agree (FEBRL: caleb/nathan)", records: [
            P.person("E1", first: "Caleb", last: "Challenor", street: "Wellington Street 1", postcode: "5109", born: "1960-02-13"),
            P.person("E2", first: "Nathan", last: "Challenor", street: "Wellington Street 1", postcode: "5109", born: "1960-02-13"),
        ], together: [0, 1]),
        Case(name: "a mistyped birth date far from the real one, where name and address agree", records: [
            P.person("E1", first: "Sophie", last: "Butlock", street: "Boolee Street 6", postcode: "6076", city: "Port Fairy",
                     born: "1936-10-14"),
            P.person("E2", first: "Sophie", last: "Bullock", street: "Boolee Street 6", postcode: "6076", city: "Port Fairy",
                     born: "1951-04-26"),
        ], together: [0, 1]),
        Case(name: "two duplicates with two different typos of one date form one cluster of three", records: [
            P.person("E1", first: "Domenique", last: "Paterson", street: "Lubuma Place 15", postcode: "3138", born: "1916-10-17"),
            P.person("E2", first: "Domenique", last: "Paterson", street: "Lubuma Place 15", postcode: "3138", born: "1916-10-27"),
            P.person("E3", first: "Domenique", last: "Paterson", street: "Lubuma Place 15", postcode: "3138", born: "1916-11-17"),
        ], together: [0, 1, 2]),
        Case(name: "a postcode typo does not make the same street two streets", records: [
            P.person("E1", first: "Christopher", last: "Vilums", street: "Rene Street 14", postcode: "7454", born: "1919-12-11"),
            P.person("E2", first: "Christopher", last: "Vilums", street: "Rene Street 14", postcode: "4754", born: "1919-12-11"),
        ], together: [0, 1]),
        Case(name: "two loyalty cards of one person, with matching birth date, phone and address", records: [
            P.person("B1", system: .branch, name: "Keller, Annegret", phone: "0421 5551234", street: "Ringstraße 3",
                     postcode: "28195", born: "1961-03-04", card: "LC-1"),
            P.person("B2", system: .branch, name: "Keller, Annegret", phone: "0421 5551234", street: "Ringstraße 3",
                     postcode: "28195", born: "1961-03-04", card: "LC-2"),
        ], together: [0, 1]),
        Case(name: "a person with no last name is still matched on first name, birth date and address", records: [
            P.person("E1", first: "Isabelle", street: "Gundulu Place 23", postcode: "2193", born: "1992-11-19"),
            P.person("E2", first: "Isabelle", last: "Mason", street: "Gundulu Place 23", postcode: "2193", born: "1992-11-19"),
        ], together: [0, 1]),
    ]

    static let mustNotMatch: [Case] = [
        Case(name: "household: shared landline, address and surname; first name and birth date differ", records: [
            P.person("E1", first: "Anna", last: "Keller", phone: "0421 5551234", street: "Ringstraße 3", postcode: "28195",
                     born: "1975-02-03"),
            P.person("E2", first: "Peter", last: "Keller", phone: "0421 5551234", street: "Ringstraße 3", postcode: "28195",
                     born: "1972-11-30"),
        ], together: []),
        Case(name: "namesakes in one city with different birth dates and nothing else in common", records: [
            P.person("E1", first: "Thomas", last: "Oberhuber", street: "Hauptstraße 1", postcode: "10115", city: "Berlin",
                     born: "1980-01-01"),
            P.person("E2", first: "Thomas", last: "Oberhuber", street: "Gartenweg 9", postcode: "10117", city: "Berlin",
                     born: "1955-07-07"),
        ], together: []),
        Case(name: "two loyalty cards, same name and address, no birth date: two people", records: [
            P.person("B1", system: .branch, name: "Keller, Annegret", street: "Ringstraße 3", postcode: "28195", card: "LC-1"),
            P.person("B2", system: .branch, name: "Keller, Annegret", street: "Ringstraße 3", postcode: "28195", card: "LC-2"),
        ], together: []),
    ]

    @Test("should match", arguments: shouldMatch)
    func matches(_ example: Case) {
        let outcome = P.resolve(example.records)
        let clusters = Set(example.together.map { outcome.clusterOfRecord[$0] })
        #expect(clusters.count == 1, "\(example.name): \(outcome.decisions) \(outcome.edges.map(\.weight))")
    }

    @Test("must not match", arguments: mustNotMatch)
    func staysApart(_ example: Case) {
        let outcome = P.resolve(example.records)
        #expect(outcome.clusterOfRecord[0] != outcome.clusterOfRecord[1], "\(example.name): \(outcome.decisions)")
    }

    @Test("the default blocking rules compare a pair whose names are swapped and mistyped and whose postcode differs")
    func blockingReachesSwappedNames() {
        let records = [
            P.person("E1", first: "Barhaby", last: "Siggyins", street: "Hurley Street 51", postcode: "5162", born: "1998-10-21"),
            P.person("E2", first: "Siggins", last: "Barnaby", street: "Hurley Street 51", postcode: "5612", born: "1998-10-21"),
        ]
        let table = FeatureTable.build(records)
        let plan = BlockingPlan(table, rules: IdentityConfig().blocking)
        let links = ExactLinks(table, rules: [])
        #expect(plan.newPairs(nodeOf: links.nodeOf).reduce(0, +) == 1)
        let outcome = P.resolve(records)
        #expect(outcome.clusterOfRecord[0] == outcome.clusterOfRecord[1], "\(outcome.decisions) \(outcome.edges.map(\.weight))")
    }

    @Test("a link made last night survives a weight a little below the threshold; a new one does not")
    func keptLinks() {
        let records = [
            P.person("E1", first: "Hans", last: "Weber", postcode: "10115", born: "1970-01-01"),
            P.person("S1", system: .survey, first: "Hans", last: "Weber", postcode: "10115", born: "1970-01-01"),
        ]
        let table = FeatureTable.build(records)
        let links = ExactLinks(table, rules: [])
        let plan = BlockingPlan(table, rules: IdentityConfig().blocking)
        var config = IdentityConfig()
        config.termFrequency = []
        let first = IdentityResolver(config: config).resolve(table, links: links, plan: plan, model: P.model())
        let weight = try! #require(first.edges.first).weight
        // Tonight the threshold sits just above the pair's weight (as a term frequency drift of a
        // fraction of a bit would put it), within the keep margin.
        config.matchThreshold = MatchScorer.probability(weight + config.keepMargin / 2)
        let kept = IdentityResolver(config: config).resolve(table, links: links, plan: plan, model: P.model(), kept: [KeptPair(a: 0, b: 1)])
        #expect(kept.clusterOfRecord[0] == kept.clusterOfRecord[1], "\(kept.decisions)")
        let new = IdentityResolver(config: config).resolve(table, links: links, plan: plan, model: P.model(), kept: [])
        #expect(new.clusterOfRecord[0] != new.clusterOfRecord[1], "\(new.decisions)")
        // Clearly below (more than the margin): split even though linked before.
        config.matchThreshold = MatchScorer.probability(weight + config.keepMargin * 2)
        let dropped = IdentityResolver(config: config).resolve(table, links: links, plan: plan, model: P.model(), kept: [KeptPair(a: 0, b: 1)])
        #expect(dropped.clusterOfRecord[0] != dropped.clusterOfRecord[1], "\(dropped.decisions)")
    }

    @Test("two records with 256 KiB street values in one block are compared on a bounded prefix")
    func hugeValuesAreBounded() {
        let street = String(repeating: "Lange Straße ", count: 256 * 1024 / 13)
        var records = [
            P.person("E1", first: "Eva", last: "Lang", postcode: "10115", born: "1980-02-02"),
            P.person("E2", first: "Eva", last: "Lang", postcode: "10115", born: "1980-02-02"),
        ]
        records[0].streetKey = street + "a"
        records[1].streetKey = street + "b"
        let table = FeatureTable.build(records)
        #expect(table.streets.scalars.count(0) == NameValues.comparedPrefix)
        let outcome = P.resolve(records)
        #expect(outcome.clusterOfRecord[0] == outcome.clusterOfRecord[1])
    }

    @Test("invalid dates keep their digits for comparison", arguments: [
        ("1974-17-15", Int32(19_741_715)), ("19551192", 19_551_192), ("19.13.1980", 19_801_319), ("31.02.1985", 19_850_231),
        ("unknown", nil), ("12", nil),
    ] as [(String, Int32?)])
    func invalidDateDigits(_ raw: String, _ digits: Int32?) {
        #expect(DateNormalizer.digits(ofInvalid: raw) == digits)
    }

    @Test("a saved model says when the data has outgrown it: more than the growth limit times its records, or a new source")
    func modelOutgrown() {
        var training = MatchModel.builtIn(ComparisonSet(ComparisonConfig.defaults), records: 1_000, compared: 5_000).training
        training.sources = ["email_contacts": 600, "support_tickets": 400]
        #expect(training.outgrown(by: ["email_contacts": 1_200, "support_tickets": 700], growthLimit: 2) == nil)
        #expect(training.outgrown(by: ["email_contacts": 1_300, "support_tickets": 800], growthLimit: 2)?.contains("2100") == true)
        #expect(training.outgrown(by: ["email_contacts": 1_300, "support_tickets": 800], growthLimit: 0) == nil, "0: never by size")
        #expect(training.outgrown(by: ["email_contacts": 600, "support_tickets": 400, "survey_responses": 10], growthLimit: 2)?
            .contains("survey_responses") == true)
    }
}
