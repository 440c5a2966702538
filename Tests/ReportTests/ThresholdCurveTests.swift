import Identity
import Testing
@testable import Report

@Suite("report: threshold curve")
struct ThresholdCurveTests {
    @Test("the sweep's pair counts equal ClusterEvaluation's on the same clusters after every join", arguments: [1, 7, 42])
    func sweepMatchesClusterEvaluation(seed: UInt64) {
        var state = seed
        func random(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let records = 300
        var entityOf: [Int: Int32] = [:]
        // Most records labelled, with entities of a few records each; some records unlabelled.
        for record in 0..<records where random(10) > 0 { entityOf[record] = Int32(random(90)) }
        let labelled = entityOf.keys.sorted()
        var sweep = ThresholdCurve.Sweep(count: records, entityOf: entityOf)
        var sets = UnionFind(count: records)
        for step in 1...500 {
            // Joins within an entity (true links) and random ones (false links), some repeated.
            let a = random(records)
            let b = step % 3 == 0 ? random(records) : (labelled.first { entityOf[$0] == entityOf[a] && $0 != a } ?? random(records))
            sweep.join(a, b)
            sets.union(a, b)
            if step % 25 == 0 {
                let evaluation = ClusterEvaluation(predicted: labelled.map { sets.find($0) }, truth: labelled.map { entityOf[$0]! })
                #expect(sweep.predictedPairs == evaluation.predictedPairs, "step \(step)")
                #expect(sweep.correctPairs == evaluation.correctPairs, "step \(step)")
            }
        }
        #expect(sweep.predictedPairs > 0 && sweep.correctPairs > 0)
    }
}
