import Testing
@testable import Identity

/// How the m of a comparison is combined from the EM sessions of the blocking rules.
@Suite("m combined from the sessions")
struct SessionCombinationTests {
    /// Last-name m (exact, close, far) as the sessions of a million generated records estimated it:
    /// most rules' sessions find people (`far` ≈ 0), one found households (same street and town,
    /// other surnames).
    static let people: [Double] = [0.895, 0.1048, 0.0002]
    static let households: [Double] = [0.25, 0.04, 0.71]

    @Test("A session that learned households does not pull the others along")
    func householdSessionOutvoted() {
        let estimates = [(m: Self.people, weight: 700_000.0), (m: Self.people, weight: 250_000),
                         (m: Self.households, weight: 400_000)]
        let m = ModelTraining.combinedM(estimates, levels: 3)
        #expect(abs(m.reduce(0, +) - 1) < 1e-12)
        #expect(m[2] < 0.001, "far stays as the people sessions found it, not the mean's \(0.71 * 400 / 1350)")
        #expect(abs(m[0] - 0.895) < 0.01)
    }

    @Test("Weight decides: a heavy session wins over several light ones")
    func weighted() {
        let heavy: [Double] = [0.9, 0.09, 0.01], light: [Double] = [0.6, 0.2, 0.2]
        let m = ModelTraining.combinedM([(m: light, weight: 10), (m: light, weight: 10), (m: heavy, weight: 100)], levels: 3)
        for (value, expected) in zip(m, heavy) { #expect(abs(value - expected) < 1e-9) }
    }

    @Test("One session is taken as it is; no level falls to zero; none at all gives the starting m")
    func edges() {
        let one = ModelTraining.combinedM([(m: [0.7, 0.3, 0], weight: 5)], levels: 3)
        #expect(abs(one[0] - 0.7) < 1e-5 && one[2] >= ModelTraining.minimumM / 2 && abs(one.reduce(0, +) - 1) < 1e-12)
        #expect(ModelTraining.combinedM([], levels: 3) == ExpectationMaximisation.initialM(levels: 3))
        #expect(ModelTraining.combinedM([(m: [0.5, 0.5], weight: 0)], levels: 2) == ExpectationMaximisation.initialM(levels: 2))
    }

    @Test("The order the sessions come in does not matter")
    func orderFree() {
        let a: [Double] = [0.8, 0.15, 0.05], b: [Double] = [0.85, 0.1, 0.05], c: [Double] = [0.5, 0.1, 0.4]
        let estimates = [(m: a, weight: 3.0), (m: b, weight: 3.0), (m: c, weight: 3.0)]
        let reference = ModelTraining.combinedM(estimates, levels: 3)
        for order in [[2, 1, 0], [1, 0, 2], [0, 2, 1]] {
            #expect(ModelTraining.combinedM(order.map { estimates[$0] }, levels: 3) == reference)
        }
    }
}
