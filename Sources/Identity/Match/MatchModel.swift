import Foundation
import PipelineCore

/// The trained Fellegi-Sunter parameters, saved as readable JSON so a nightly run can reuse them
/// and a person can review them (`m` and `u` per level; weights follow from them).
///
/// Match weight of a pair = log2(λ/(1−λ)) + Σ log2(m/u) over its comparisons' levels; `missing`
/// levels weigh 0. Term frequencies are not part of the model: they come from each night's records.
public struct MatchModel: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    public static let formatName = "oneface-identity-model"

    public var format: String = MatchModel.formatName
    public var version: Int = MatchModel.currentVersion
    /// λ: the share of compared (blocked) pairs that are matches.
    public var lambda: Double
    /// λ per blocking rule (by its name): the share of matches among the pairs the rule compares
    /// first. A pair's prior is its rule's, so a narrow rule added for the records the others miss
    /// does not lower the weight of every other pair. Nil in models from before it was recorded
    /// (and in the built-in model): every pair gets `lambda`.
    public var ruleLambdas: [String: Double]?
    public var comparisons: [ComparisonParameters]
    public var training: Training

    public init(lambda: Double, comparisons: [ComparisonParameters], training: Training) {
        self.lambda = lambda
        self.comparisons = comparisons
        self.training = training
    }

    /// One comparison: its settings and, per level, m = P(level | match) and u = P(level | non-match).
    public struct ComparisonParameters: Codable, Sendable, Equatable {
        public var settings: ComparisonConfig
        public var levels: [Level]

        public struct Level: Codable, Sendable, Equatable {
            public var level: String
            /// nil for `missing`, which carries no evidence.
            public var m: Double?
            public var u: Double?
            /// log2(m/u), written for the reader; recomputed from m and u when the file is read.
            public var weight: Double
        }
    }

    /// How the parameters were estimated.
    public struct Training: Codable, Sendable, Equatable {
        public var records: Int
        /// Compared pairs the EM ran over, and how many distinct comparison patterns they formed.
        public var blockedPairs: Int
        public var distinctPatterns: Int
        /// Random record pairs u was estimated from, and the seed that drew them.
        public var randomPairs: Int
        public var seed: UInt64
        public var emIterations: Int
        public var converged: Bool
        /// One EM session per blocking rule.
        public var sessions: [Session]
        /// `em`: estimated from the records; `built_in`: too few compared pairs to estimate anything,
        /// so OneFace's starting values were used (and not saved).
        public var method: String = "em"
        /// Person records per source the model was trained on, and when (UTC): what tells the
        /// transform that the data has outgrown the model. Nil in models written before they were recorded.
        public var sources: [String: Int]?
        public var trainedAt: String?

        /// Why `records` (per source) have outgrown this training, or nil: more than `growthLimit`
        /// times the records trained on, or a source the model never saw.
        public func outgrown(by records: [String: Int], growthLimit: Double) -> String? {
            let total = records.values.reduce(0, +)
            if growthLimit > 0, Double(total) > Double(self.records) * growthLimit {
                return "\(total) person records now, \(self.records) when it was trained (more than \(growthLimit)x)"
            }
            if let sources {
                let new = records.keys.filter { sources[$0] == nil && records[$0]! > 0 }.sorted()
                if !new.isEmpty { return "source(s) it was not trained on: \(new.joined(separator: ", "))" }
            }
            return nil
        }
    }

    /// One EM session: the pairs of one blocking rule, and the comparisons it estimated (those the
    /// rule's keys do not decide).
    public struct Session: Codable, Sendable, Equatable {
        public var rule: String
        public var pairs: Int
        public var distinctPatterns: Int
        /// The share of matches among this rule's pairs.
        public var lambda: Double
        public var emIterations: Int
        public var converged: Bool
        public var estimated: [String]
    }

    /// The prior weight log2(λ/(1−λ)).
    public var priorWeight: Double { log2(lambda / (1 - lambda)) }

    /// True when the model was trained for exactly these comparisons (fields, order, thresholds).
    public func fits(_ configs: [ComparisonConfig]) -> Bool {
        comparisons.map(\.settings) == configs.map { Comparison($0).settings }
            && zip(comparisons, configs).allSatisfy { $0.levels.map(\.level) == Comparison.levelNames($1.field) }
    }

    /// Builds a model from estimated parameters (`m[j][l]`, `u[j][l]` over the non-missing levels).
    static func make(comparisons: ComparisonSet, m: [[Double]], u: [[Double]], lambda: Double, training: Training) -> MatchModel {
        var parameters: [ComparisonParameters] = []
        for (index, comparison) in comparisons.comparisons.enumerated() {
            var levels: [ComparisonParameters.Level] = []
            for (level, name) in comparison.levels.enumerated() {
                if level == Int(comparison.missingLevel) {
                    levels.append(.init(level: name, m: nil, u: nil, weight: 0))
                } else {
                    let mValue = m[index][level], uValue = u[index][level]
                    levels.append(.init(level: name, m: mValue, u: uValue, weight: log2(mValue / uValue)))
                }
            }
            parameters.append(.init(settings: comparison.settings, levels: levels))
        }
        return MatchModel(lambda: lambda, comparisons: parameters, training: training)
    }

    /// OneFace's starting values per level (m, u over the non-missing levels), roughly what EM
    /// learns on German customer data; used where there are too few pairs to estimate anything.
    static func builtInLevels(_ field: ComparisonField) -> (m: [Double], u: [Double]) {
        switch field {
        case .firstName: return ([0.85, 0.07, 0.01, 0.03, 0.04], [0.006, 0.003, 0.005, 0.007, 0.979])
        case .lastName: return ([0.9, 0.08, 0.01, 0.0097, 0.0003], [0.01, 0.005, 0.003, 0.018, 0.964])
        case .birthDate: return ([0.9, 0.005, 0.002, 0.02, 0.0005, 0.0725], [0.00005, 0.00005, 0.0015, 0.0004, 0.0015, 0.9966])
        case .email: return ([0.87, 0.015, 0.115], [0.000015, 0.000002, 0.999983])
        // Two different numbers of one kind: EM (m combined by median) learns 0.020–0.021 on a
        // million generated records, old and new generator alike; 0.103 here was far more lenient
        // than anything learned, and let a namesake with another mobile join on names and postcode.
        case .phone: return ([0.85, 0.017, 0.11, 0.023], [0.000004, 0.000004, 0.48, 0.519992])
        // A move changes street, postcode and city at once, and the three are scored as if
        // independent: with m of a different street or postcode at 0.035–0.04, one move cost about
        // 12 bits and kept a person with the same name and e-mail apart. 0.1 is closer to how often
        // one person's records in two systems carry two addresses.
        case .street: return ([0.76, 0.06, 0.075, 0.005, 0.1], [0.000025, 0.00016, 0.000003, 0.014, 0.985812])
        case .postcode: return ([0.87, 0.03, 0.1], [0.008, 0.008, 0.984])
        case .city: return ([0.8, 0.05, 0.15], [0.07, 0.001, 0.929])
        }
    }

    /// The built-in model for `comparisons` (λ 0.07).
    public static func builtIn(_ comparisons: ComparisonSet, records: Int = 0, compared: Int = 0) -> MatchModel {
        let levels = comparisons.comparisons.map { builtInLevels($0.field) }
        let training = Training(records: records, blockedPairs: compared, distinctPatterns: 0, randomPairs: 0, seed: 0,
                                emIterations: 0, converged: true, sessions: [], method: "built_in")
        return make(comparisons: comparisons, m: levels.map(\.m), u: levels.map(\.u), lambda: 0.07, training: training)
    }

    // MARK: - File

    /// The model as pretty-printed JSON with sorted keys (stable bytes for the same model).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads a model file; weights are recomputed from m and u.
    public static func decode(_ data: Data) throws -> MatchModel {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var model = try decoder.decode(MatchModel.self, from: data)
        guard model.format == formatName else { throw MatchError.modelUnreadable(reason: "it is not a OneFace identity model") }
        guard model.version == currentVersion else {
            throw MatchError.modelUnreadable(reason: "it has version \(model.version); this OneFace reads version \(currentVersion)")
        }
        guard model.lambda > 0, model.lambda < 1 else { throw MatchError.modelUnreadable(reason: "lambda must be between 0 and 1") }
        for index in model.comparisons.indices {
            for level in model.comparisons[index].levels.indices {
                let entry = model.comparisons[index].levels[level]
                guard let m = entry.m, let u = entry.u else {
                    model.comparisons[index].levels[level].weight = 0
                    continue
                }
                guard m > 0, m <= 1, u > 0, u <= 1 else {
                    throw MatchError.modelUnreadable(reason: "\(model.comparisons[index].settings.field.rawValue) level \(entry.level): m and u must be in (0, 1]")
                }
                model.comparisons[index].levels[level].weight = log2(m / u)
            }
        }
        return model
    }
}
