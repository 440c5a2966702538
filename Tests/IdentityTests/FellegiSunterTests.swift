import Foundation
@testable import Identity
import PipelineCore
import Testing

@Suite("Fellegi-Sunter: EM, term frequencies, model file")
struct FellegiSunterTests {
    /// Three comparisons with 2, 3 and 2 non-missing levels (plus missing).
    static let levelCounts = [3, 4, 3]
    static let trueM: [[Double]] = [[0.9, 0.1], [0.7, 0.2, 0.1], [0.8, 0.2]]
    static let trueU: [[Double]] = [[0.1, 0.9], [0.05, 0.15, 0.8], [0.3, 0.7]]
    static let trueLambda = 0.2

    /// Expected pair counts of every pattern under the true parameters, for a million pairs; one
    /// comparison is missing in a tenth of the pairs, which EM must leave out of its m.
    static func fixture() -> [(pattern: ComparisonPattern, count: Int)] {
        var result: [(ComparisonPattern, Int)] = []
        for a in 0..<2 { for b in 0..<3 { for c in 0..<3 {
            let missing = c == 2
            var match = trueLambda * trueM[0][a] * trueM[1][b], nonMatch = (1 - trueLambda) * trueU[0][a] * trueU[1][b]
            if missing {
                match *= 0.1; nonMatch *= 0.1
            } else {
                match *= 0.9 * trueM[2][c]; nonMatch *= 0.9 * trueU[2][c]
            }
            let pattern = ComparisonPattern(a) | ComparisonPattern(b) << 4 | ComparisonPattern(c) << 8
            result.append((pattern, Int(((match + nonMatch) * 1_000_000).rounded())))
        } } }
        return result
    }

    @Test("EM over distinct patterns with counts converges to the parameters the fixture was made from")
    func emConverges() {
        let result = ExpectationMaximisation.run(patterns: Self.fixture(), levelCounts: Self.levelCounts, u: Self.trueU)
        #expect(result.converged)
        #expect(abs(result.lambda - Self.trueLambda) < 1e-3, "lambda \(result.lambda)")
        for (estimated, expected) in zip(result.m, Self.trueM) {
            for (m, truth) in zip(estimated, expected) { #expect(abs(m - truth) < 1e-3, "m \(estimated) vs \(expected)") }
        }
        // The same patterns in another order give the same result (EM sorts them).
        let shuffled = ExpectationMaximisation.run(patterns: Self.fixture().reversed(), levelCounts: Self.levelCounts, u: Self.trueU)
        #expect(shuffled == result)
    }

    /// Annas named Müller (ids M0, M1, ...), then Annas named Oberhuber (O0, O1, ...).
    static func annas(muellers: Int, oberhubers: Int) -> [IdentityRecord] {
        (0..<muellers).map { MatchFixtures.person("M\($0)", first: "Anna", last: "Müller") }
            + (0..<oberhubers).map { MatchFixtures.person("O\($0)", first: "Anna", last: "Oberhuber") }
    }

    @Test("term frequency: two `Oberhuber` weigh more than two `Müller`")
    func termFrequency() {
        let table = FeatureTable.build(Self.annas(muellers: 50, oberhubers: 2))
        let comparisons = ComparisonSet(ComparisonConfig.defaults)
        let scorer = MatchScorer(model: MatchFixtures.model(), comparisons: comparisons, table: table, termFrequency: [.lastName])
        let lastName = comparisons.comparisons.firstIndex { $0.field == .lastName }!
        let mueller = scorer.weight(comparison: lastName, level: 0, record: table.records[0])
        let oberhuber = scorer.weight(comparison: lastName, level: 0, record: table.records[50])
        #expect(oberhuber > mueller + 2, "Oberhuber \(oberhuber) vs Müller \(mueller)")
        // u of the value = its share of records, 50 of 52 and 2 of 52, smoothed with 1,000 pseudo-records
        // at the average u of exact agreement (0.01); m of exact agreement 0.9.
        #expect(abs(mueller - log2(0.9 / ((50.0 + 1_000 * 0.01) / (52 + 1_000)))) < 1e-9)
        #expect(abs(oberhuber - log2(0.9 / ((2.0 + 1_000 * 0.01) / (52 + 1_000)))) < 1e-9)
        // Without term frequency both get the average exact weight.
        let plain = MatchScorer(model: MatchFixtures.model(), comparisons: comparisons, table: table, termFrequency: [])
        #expect(plain.weight(comparison: lastName, level: 0, record: table.records[0]) == plain.weight(comparison: lastName, level: 0, record: table.records[50]))
    }

    @Test("kept term frequencies: records that arrive later do not move the weight of a pair they do not touch")
    func keptTermFrequency() {
        var records = Self.annas(muellers: 10, oberhubers: 2)
        let first = FeatureTable.build(records)
        let kept = TermFrequencies.counted(in: first, fields: [.lastName])
        #expect(kept.fields[.lastName]?.total == 12 && kept.fields[.lastName]?.counts.values.sorted() == [2, 10])
        #expect(kept.covers([.lastName, .phone]) && !kept.covers([.lastName, .city]))
        // A later night: forty more Müllers and a new name.
        for i in 10..<50 { records.append(MatchFixtures.person("M\(i)", first: "Anna", last: "Müller")) }
        records.append(MatchFixtures.person("Q0", first: "Anna", last: "Quast"))
        let later = FeatureTable.build(records)
        let comparisons = ComparisonSet(ComparisonConfig.defaults)
        let lastName = comparisons.comparisons.firstIndex { $0.field == .lastName }!
        let model = MatchFixtures.model()
        func weight(_ scorer: MatchScorer, _ table: FeatureTable, _ id: String) -> Double {
            let index = records.firstIndex { $0.sourceRecordID == id }!
            return scorer.weight(comparison: lastName, level: 0, record: table.records[index])
        }
        let before = MatchScorer(model: model, comparisons: comparisons, table: first, termFrequency: [.lastName])
        let frozen = MatchScorer(model: model, comparisons: comparisons, table: later, termFrequency: [.lastName], frozen: kept)
        let recounted = MatchScorer(model: model, comparisons: comparisons, table: later, termFrequency: [.lastName])
        for id in ["M0", "O0"] {
            #expect(weight(frozen, later, id) == weight(before, first, id), "\(id)")
            #expect(weight(recounted, later, id) != weight(before, first, id), "\(id)")
        }
        // A value nobody held when they were counted weighs as the rarest: 0 of 12, smoothed.
        #expect(abs(weight(frozen, later, "Q0") - log2(0.9 / ((0.0 + 1_000 * 0.01) / (12 + 1_000)))) < 1e-9)
    }

    @Test("match weight and probability as DOMAIN.md defines them")
    func weightAndProbability() {
        let model = MatchFixtures.model(lambda: 0.2)
        #expect(abs(model.priorWeight - log2(0.2 / 0.8)) < 1e-12)
        #expect(abs(MatchScorer.probability(0) - 0.5) < 1e-12)
        #expect(abs(MatchScorer.probability(MatchScorer.weight(probability: 0.99995)) - 0.99995) < 1e-12)
        let levels = model.comparisons[0].levels
        #expect(abs(levels[0].weight - log2(0.85 / 0.006)) < 1e-12)
        #expect(levels.last?.level == "missing" && levels.last?.weight == 0 && levels.last?.m == nil)
    }

    @Test("the model file is readable JSON that reads back to the same model")
    func modelFile() throws {
        let model = MatchFixtures.model()
        let data = try model.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"format\" : \"oneface-identity-model\""))
        #expect(text.contains("\"lambda\""))
        #expect(text.contains("\"close_edits\" : 1"))
        let decoded = try MatchModel.decode(data)
        #expect(decoded == model)
        #expect(try decoded.encoded() == data, "same bytes for the same model")
        #expect(decoded.fits(ComparisonConfig.defaults))
        var other = ComparisonConfig.defaults
        other[0] = ComparisonConfig(field: .firstName, close: 0.9, related: 0.8)
        #expect(!decoded.fits(other), "a changed threshold needs a new model")
        #expect(!decoded.fits(Array(ComparisonConfig.defaults.dropLast())))
    }

    @Test("a damaged or foreign model file is refused with a message", arguments: [
        ("{\"format\": \"something\"}", "cannot be used"),
        ("not json", ""),
    ])
    func badModelFile(text: String, expected: String) {
        #expect(throws: (any Error).self) { try MatchModel.decode(Data(text.utf8)) }
        if !expected.isEmpty {
            var model = MatchFixtures.model()
            model.format = "something"
            #expect(throws: MatchError.self) { try MatchModel.decode(try model.encoded()) }
        }
    }

    /// 400 records of 160 people in two postcodes, with typos, missing values and shared surnames:
    /// enough compared pairs to train on.
    static func population() -> [IdentityRecord] {
        let firsts = ["Anna", "Peter", "Maria", "Thomas", "Susanne", "Jürgen", "Monika", "Stefan"]
        let lasts = ["Müller", "Mueller", "Schmidt", "Schmitt", "Keller", "Vogel", "Meier", "Mayer"]
        var records: [IdentityRecord] = []
        for i in 0..<400 {
            let person = i % 160
            let first = firsts[person % 8], last = lasts[(person / 8) % 8]
            records.append(MatchFixtures.person("R\(i)", system: SourceSystem.allCases[i % 4], first: i % 9 == 0 ? first + "a" : first,
                                                last: last, email: i % 3 == 0 ? nil : "\(first.lowercased()).\(person)@web.de",
                                                phone: i % 4 == 0 ? "030 5\(String(format: "%06d", person))" : nil,
                                                street: i % 2 == 0 ? "Hauptstraße \(person)" : nil, postcode: "1011\(person % 2 == 0 ? 5 : 7)",
                                                born: i % 5 == 0 ? nil : "19\(50 + person % 40)-0\(1 + person % 9)-1\(person % 10)"))
        }
        return records
    }

    @Test("training on records: u from seeded random pairs, the same model twice")
    func trainingIsDeterministic() {
        let records = Self.population()
        let first = MatchFixtures.resolve(records, model: nil) { $0.randomPairs = 5_000 }
        let second = MatchFixtures.resolve(records, itemTarget: 1, model: nil) { $0.randomPairs = 5_000 }
        #expect(first.wasTrained && second.wasTrained)
        #expect(first.model == second.model)
        let rules = IdentityConfig().blocking.map(\.name)
        #expect(!first.model.training.sessions.isEmpty)
        #expect(first.model.training.sessions.allSatisfy { rules.contains($0.rule) })
        #expect(first.model.lambda > 0 && first.model.lambda < 1)
        // Too few pairs: the built-in model, which is not meant to be saved.
        let few = MatchFixtures.resolve(Array(records.prefix(6)), model: nil)
        #expect(!few.wasTrained && few.model.training.method == "built_in")
    }
}
