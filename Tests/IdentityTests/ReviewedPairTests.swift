@testable import Identity
import PipelineCore
import Testing

private typealias P = MatchFixtures

/// People's decisions (the reviewed-decisions file) override the weights, and keeping apart wins.
@Suite struct ReviewedPairTests {
    /// Anna Berg twice with one e-mail and birth date: a match far above the threshold.
    static let twins = [
        P.person("E1", first: "Anna", last: "Berg", email: "anna.berg@web.de", postcode: "10115", born: "1980-04-02"),
        P.person("T1", system: .support, name: "Anna Berg", email: "anna.berg@web.de", postcode: "10115", born: "1980-04-02"),
    ]

    @Test("keep apart separates a pair far above the threshold, and the pair says why")
    func keepApartWins() {
        let matched = P.resolve(Self.twins)
        #expect(matched.clusterOfRecord[0] == matched.clusterOfRecord[1])
        let apart = P.resolve(Self.twins, reviewed: [ReviewedPair(a: 1, b: 0, verdict: .keepApart)])
        #expect(apart.clusterOfRecord[0] != apart.clusterOfRecord[1], "\(apart.decisions)")
        #expect(apart.decisions == [.reviewedApart])
        #expect(apart.reviewed == [.applied])
    }

    @Test("keep apart also refuses the detour through a third record")
    func keepApartIsTransitive() {
        let third = P.person("B1", system: .branch, name: "Berg, Anna", email: "anna.berg@web.de", postcode: "10115", born: "1980-04-02")
        let outcome = P.resolve(Self.twins + [third], reviewed: [ReviewedPair(a: 0, b: 1, verdict: .keepApart)])
        #expect(outcome.clusterOfRecord[0] != outcome.clusterOfRecord[1], "\(outcome.decisions)")
        #expect(outcome.clusterOfRecord[2] == outcome.clusterOfRecord[0] || outcome.clusterOfRecord[2] == outcome.clusterOfRecord[1])
        #expect(outcome.decisions.filter { $0 == .reviewedApart }.count == 2, "the decided pair and the detour: \(outcome.decisions)")
    }

    @Test("link joins a pair the matcher refused: different first names with nothing else in common but the address")
    func linkJoins() {
        let records = [
            P.person("E1", first: "Margarete", last: "Kowalski", email: "m.kowalski@web.de", street: "Ringstraße 3", postcode: "28195"),
            P.person("T1", system: .support, name: "Grete Kowalczyk", phone: "0170 1234567", street: "Ringstr. 3", postcode: "28195"),
        ]
        let alone = P.resolve(records)
        #expect(alone.clusterOfRecord[0] != alone.clusterOfRecord[1], "\(alone.decisions)")
        let linked = P.resolve(records, reviewed: [ReviewedPair(a: 0, b: 1, verdict: .link)])
        #expect(linked.clusterOfRecord[0] == linked.clusterOfRecord[1])
        #expect(linked.reviewed == [.applied])
        #expect(linked.clusterCount == 1)
        #expect(linked.decisions.allSatisfy { $0 == .reviewedLink }, "\(linked.decisions)")
    }

    @Test("keep apart of records sharing a customer number, and a link against a keep apart, are contradicted")
    func contradictions() {
        let records = [
            P.person("E1", first: "Jonas", last: "Albrecht", customerNumber: "K-1"),
            P.person("B1", system: .branch, name: "Albrecht, Jonas", customerNumber: "K-1"),
            P.person("T1", system: .support, name: "Jonas Albrecht", phone: "0170 7654321"),
        ]
        let outcome = P.resolve(records, reviewed: [
            ReviewedPair(a: 0, b: 1, verdict: .keepApart),   // one exact-link group: cannot be split here
            ReviewedPair(a: 0, b: 2, verdict: .keepApart),
            ReviewedPair(a: 1, b: 2, verdict: .link),        // would join what the line above keeps apart
        ])
        #expect(outcome.reviewed == [.contradicted, .applied, .contradicted])
        #expect(outcome.clusterOfRecord[0] == outcome.clusterOfRecord[1])
        #expect(outcome.clusterOfRecord[0] != outcome.clusterOfRecord[2])
    }
}
