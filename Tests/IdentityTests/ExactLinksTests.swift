import Identity
import PipelineCore
import Testing

@Suite("exact links")
struct ExactLinksTests {
    typealias P = MatchFixtures

    @Test("records sharing a customer number or card are one group, transitively; the linking rule is recorded")
    func transitive() {
        let records = [
            P.person("E1", customerNumber: "K-1"),
            P.person("T1", system: .support, customerNumber: "K-1", card: "LC-1"),
            P.person("B1", system: .branch, card: "LC-1"),
            P.person("S1", system: .survey, email: "a@x.de"),
            P.person("S2", system: .survey, email: "a@x.de"),
        ]
        let table = FeatureTable.build(records)
        let links = ExactLinks(table, rules: ["customer_number", "loyalty_card"])
        #expect(links.nodeOf == [0, 0, 0, 1, 2])
        #expect(links.nodeCount == 3)
        #expect(links.ruleOf == [0, 0, 1, -1, -1])
        // E-mail as an exact rule, when configured, links the two survey answers outright.
        let withEmail = ExactLinks(table, rules: ["customer_number", "loyalty_card", "email"])
        #expect(withEmail.nodeOf[3] == withEmail.nodeOf[4] && withEmail.nodeCount == 2)
    }
}
