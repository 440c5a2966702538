@testable import Identity
import PipelineCore
import Testing

@Suite("blocking")
struct BlockingTests {
    typealias P = MatchFixtures

    /// Five records: three share an e-mail, two of them also a phone; two share a phone only.
    static let records = [
        P.person("1", first: "Anna", last: "Müller", email: "a@x.de", phone: "030 1111111", postcode: "10115"),
        P.person("2", first: "Anna", last: "Mueller", email: "a@x.de", phone: "030 1111111", postcode: "10115"),
        P.person("3", first: "Anne", last: "Miller", email: "a@x.de", postcode: "10115"),
        P.person("4", first: "Bernd", last: "Meier", phone: "030 2222222", postcode: "10115"),
        P.person("5", first: "Berta", last: "Mayer", phone: "030 2222222", postcode: "80331"),
    ]

    static let rules: [BlockingRuleConfig] = [
        .init(keys: [.email]), .init(keys: [.phone]), .init(keys: [.postcode, .lastNameKoelner]),
    ]

    @Test("each rule's comparisons are Σ n·(n−1)/2 over its blocks; each pair is compared once, by its first rule")
    func counts() {
        let table = FeatureTable.build(Self.records)
        let plan = BlockingPlan(table, rules: Self.rules)
        // email: {1,2,3} -> 3 pairs. phone: {1,2}, {4,5} -> 2. postcode + Kölner code of the surname:
        // 10115 with Müller = Mueller = Miller (657) {1,2,3} -> 3, Meier (67) {4} alone, Mayer in 80331 alone.
        #expect(plan.comparisons == [3, 2, 3])
        let links = ExactLinks(table, rules: [])
        // phone's {1,2} and all of postcode's pairs were found by the e-mail rule already.
        #expect(plan.newPairs(nodeOf: links.nodeOf) == [3, 1, 0])
    }

    @Test("pairs inside one exact-link group are not compared")
    func exactGroupsSkipped() {
        var records = Self.records
        records[0].loyaltyCard = "LC-1"
        records[1].loyaltyCard = "LC-1"
        let table = FeatureTable.build(records)
        let links = ExactLinks(table, rules: ["loyalty_card"])
        #expect(links.nodeOf[0] == links.nodeOf[1] && links.nodeCount == 4)
        #expect(BlockingPlan(table, rules: Self.rules).newPairs(nodeOf: links.nodeOf) == [2, 1, 0])
    }

    @Test("work items cover every pair exactly once, however they are cut")
    func workItems() {
        var records: [IdentityRecord] = []
        for i in 0..<120 { records.append(P.person("\(i)", first: "Anna", last: "Schmidt", email: "s\(i % 4)@x.de", postcode: "1011\(i % 3)")) }
        let table = FeatureTable.build(records)
        let plan = BlockingPlan(table, rules: Self.rules)
        let links = ExactLinks(table, rules: [])
        func pairs(target: Int) -> [Int: Int] {
            var seen: [Int: Int] = [:]
            for item in plan.workItems(target: target) {
                plan.forEachPair(item, nodeOf: links.nodeOf) { a, b in seen[a * 1000 + b, default: 0] += 1 }
            }
            return seen
        }
        let whole = pairs(target: 1_000_000), cut = pairs(target: 7)
        #expect(whole == cut)
        #expect(whole.values.allSatisfy { $0 == 1 })
        #expect(whole.count == plan.newPairs(nodeOf: links.nodeOf).reduce(0, +))
    }

    @Test("a rule over its cap is refused, naming the rule")
    func cap() throws {
        let table = FeatureTable.build(Self.records)
        var config = IdentityConfig()
        config.blocking = [.init(keys: [.phone]), .init(keys: [.email], maxComparisons: 2)]
        let plan = BlockingPlan(table, rules: config.blocking)
        let error = try #require(throws: MatchError.self) { try IdentityResolver(config: config).checkCaps(plan) }
        #expect(error == .tooManyComparisons(rule: "email", index: 1, comparisons: 3, cap: 2))
        #expect(error.description.contains("`email` would generate 3 comparisons, more than its cap of 2"))
        config.blocking[1].maxComparisons = nil
        config.maxComparisonsPerRule = 3
        try IdentityResolver(config: config).checkCaps(BlockingPlan(table, rules: config.blocking))
    }

    @Test("combined keys: records missing one key are in no block of the rule")
    func combinedKeys() {
        let records = [
            P.person("1", first: "Anna", last: "Müller", born: "1980-01-02"),
            P.person("2", first: "Andrea", last: "Müller", born: "1980-01-02"),
            P.person("3", last: "Müller", born: "1980-01-02"),
            P.person("4", first: "Bernd", last: "Müller", born: "1980-01-02"),
        ]
        let plan = BlockingPlan(FeatureTable.build(records), rules: [.init(keys: [.birthDate, .firstInitial])])
        #expect(plan.comparisons == [1])
    }

    @Test("a block over max_block_size is left out, and its records count as in no block of that rule")
    func maxBlockSize() {
        // Three Müllers born the same day (a common value) and two Bergs.
        let records = [
            P.person("1", first: "Anna", last: "Müller", born: "1980-01-02"),
            P.person("2", first: "Anna", last: "Müller", born: "1980-01-02"),
            P.person("3", first: "Anna", last: "Müller", born: "1980-01-02"),
            P.person("4", first: "Bernd", last: "Berg", born: "1970-05-06"),
            P.person("5", first: "Bernd", last: "Berg", born: "1970-05-06"),
        ]
        let table = FeatureTable.build(records)
        let capped = BlockingPlan(table, rules: [.init(keys: [.birthDate], maxBlockSize: 2), .init(keys: [.lastName])])
        #expect(capped.comparisons == [1, 4])
        // The Müllers' pairs are new for the second rule: the first did not compare them.
        #expect(capped.newPairs(nodeOf: Array(0..<Int32(records.count))) == [1, 3])
        let open = BlockingPlan(table, rules: [.init(keys: [.birthDate]), .init(keys: [.lastName])])
        #expect(open.comparisons == [4, 4])
        #expect(open.newPairs(nodeOf: Array(0..<Int32(records.count))) == [4, 0])
    }
}
