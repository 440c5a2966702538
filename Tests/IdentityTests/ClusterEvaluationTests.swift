import Identity
import Testing

@Suite("evaluation: pairwise and B-cubed")
struct ClusterEvaluationTests {
    @Test("a hand-computed example")
    func handComputed() {
        // Six records r1…r6. Predicted clusters: C1 = {r1, r2, r3}, C2 = {r4, r5}, C3 = {r6}.
        // True entities:                        T1 = {r1, r2},     T2 = {r3, r4, r5, r6}.
        let predicted = ["C1", "C1", "C1", "C2", "C2", "C3"]
        let truth = ["T1", "T1", "T2", "T2", "T2", "T2"]
        let e = ClusterEvaluation(predicted: predicted, truth: truth)
        // Pairwise. Predicted pairs: C(3,2) + C(2,2) + C(1,2) = 3 + 1 + 0 = 4.
        // True pairs: C(2,2) + C(4,2) = 1 + 6 = 7.
        // Correct pairs, per cell: (C1,T1) has 2 records -> 1; (C1,T2) 1 -> 0; (C2,T2) 2 -> 1; (C3,T2) 1 -> 0; total 2.
        // P = 2/4 = 0.5, R = 2/7, F1 = 2 * (1/2) * (2/7) / (1/2 + 2/7) = (2/7) / (11/14) = 4/11.
        #expect(e.predictedPairs == 4 && e.truePairs == 7 && e.correctPairs == 2)
        #expect(e.pairwise.precision == 0.5)
        #expect(abs(e.pairwise.recall - 2.0 / 7) < 1e-12)
        #expect(abs(e.pairwise.f1 - 4.0 / 11) < 1e-12)
        // B-cubed, per record p = |C∩T|/|C|, r = |C∩T|/|T|:
        // r1, r2: 2/3 and 2/2; r3: 1/3 and 1/4; r4, r5: 2/2 and 2/4; r6: 1/1 and 1/4.
        // P = (2/3 + 2/3 + 1/3 + 1 + 1 + 1) / 6 = (14/3) / 6 = 7/9.
        // R = (1 + 1 + 1/4 + 1/2 + 1/2 + 1/4) / 6 = 3.5 / 6 = 7/12.
        // F1 = 2 * (7/9) * (7/12) / (7/9 + 7/12) = (49/54) / (49/36) = 2/3.
        #expect(abs(e.bCubed.precision - 7.0 / 9) < 1e-12)
        #expect(abs(e.bCubed.recall - 7.0 / 12) < 1e-12)
        #expect(abs(e.bCubed.f1 - 2.0 / 3) < 1e-12)
    }

    @Test("a perfect clustering scores 1; all singletons have precision 1 and recall 0")
    func extremes() {
        let truth = [1, 1, 2, 2, 2, 3]
        let perfect = ClusterEvaluation(predicted: ["a", "a", "b", "b", "b", "c"], truth: truth)
        #expect(perfect.pairwise.f1 == 1 && perfect.bCubed.f1 == 1)
        let singletons = ClusterEvaluation(predicted: Array(0..<6), truth: truth)
        #expect(singletons.pairwise.precision == 1 && singletons.pairwise.recall == 0 && singletons.pairwise.f1 == 0)
        #expect(singletons.bCubed.precision == 1)
    }

    @Test("a million records are scored without enumerating pairs")
    func large() {
        let n = 1_000_000
        let e = ClusterEvaluation(predicted: (0..<n).map { $0 / 10 }, truth: (0..<n).map { $0 / 5 })
        // Clusters of 10 hold two entities of 5: 45 predicted pairs, 2 * 10 true and correct pairs each.
        #expect(e.predictedPairs == n / 10 * 45 && e.truePairs == n / 5 * 10 && e.correctPairs == e.truePairs)
        #expect(abs(e.pairwise.precision - 20.0 / 45) < 1e-12 && e.pairwise.recall == 1)
        #expect(abs(e.bCubed.precision - 0.5) < 1e-12 && e.bCubed.recall == 1)
    }
}
