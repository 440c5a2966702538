@testable import Identity
import Testing

/// The compared pairs above the cutoff are kept as one edge per two exact-link groups: the
/// strongest, whatever order the work items delivered them in.
@Suite struct CandidateEdgesTests {
    /// Records 0 and 1 form one exact-link group (node 0); 2, 3 and 4 are groups 1, 2 and 3.
    static let nodeOf: [Int32] = [0, 0, 1, 2, 3]

    static func edge(_ a: Int32, _ b: Int32, _ weight: Double, rule: UInt8 = 0) -> MatchEdge {
        MatchEdge(a: a, b: b, weight: weight, rule: rule, pattern: 0)
    }

    static let edges = [
        edge(0, 2, 12.5), edge(1, 2, 20.0, rule: 1),   // groups 0 and 1, twice: 20 wins
        edge(2, 3, 20.0),                              // as strong: record order decides the order
        edge(0, 4, 18.0), edge(1, 4, 18.0),            // a tie between two record pairs: the lower one
        edge(3, 4, -1.5),
    ]

    @Test("the strongest edge between two groups is kept, strongest first, in any input order")
    func strongestPerGroupPair() {
        var kept = Self.edges
        IdentityResolver.keepStrongestPerGroupPair(&kept, nodeOf: Self.nodeOf)
        #expect(kept == [Self.edge(1, 2, 20.0, rule: 1), Self.edge(2, 3, 20.0), Self.edge(0, 4, 18.0), Self.edge(3, 4, -1.5)])

        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var shuffled = Self.edges.shuffled(using: &generator)
            IdentityResolver.keepStrongestPerGroupPair(&shuffled, nodeOf: Self.nodeOf)
            #expect(shuffled == kept)
        }
    }

    @Test("no edges stay none")
    func empty() {
        var none: [MatchEdge] = []
        IdentityResolver.keepStrongestPerGroupPair(&none, nodeOf: Self.nodeOf)
        #expect(none.isEmpty)
    }
}
