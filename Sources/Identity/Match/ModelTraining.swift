import PipelineCore

/// Estimates a Fellegi-Sunter model from the records themselves, without labels.
///
/// - u: level frequencies over random record pairs (almost all non-matches).
/// - m: by EM over the blocked pairs, one session per blocking rule over every pair that rule
///   generates. Within a rule's pairs the comparisons on its own keys carry no evidence (all pairs
///   of the `email` rule agree on e-mail, matches or not), so a session leaves them out and
///   estimates the others; each level of a comparison's m is the weighted median over the sessions
///   that estimated it (`combinedM`).
///   Without this, pairs that agree on postcode and surname only because they were blocked that way
///   look like matches to the fixed u, and EM drifts to "every compared pair is a match".
/// - λ: the expected share of matches among the compared pairs (each pair once, by its first
///   rule), from the posteriors of that rule's session.
enum ModelTraining {
    struct Counts: Sendable {
        /// Patterns of every pair of the rule (training), and of the pairs it compares first (λ).
        var all: [ComparisonPattern: Int] = [:]
        var new: [ComparisonPattern: Int] = [:]
    }

    /// The comparisons a blocking rule's keys decide (postcode also decides the city).
    static func decided(by rule: BlockingRuleConfig, _ comparisons: ComparisonSet) -> Set<Int> {
        var fields = Set<ComparisonField>()
        for key in rule.keys {
            switch key {
            case .email: fields.insert(.email)
            case .phone: fields.insert(.phone)
            case .postcode: fields.formUnion([.postcode, .city])
            case .city: fields.insert(.city)
            case .street, .houseNumber: fields.insert(.street)
            case .firstName, .firstNameKoelner, .firstNameMetaphone, .firstInitial: fields.insert(.firstName)
            case .lastName, .lastNameKoelner, .lastNameMetaphone, .lastInitial: fields.insert(.lastName)
            case .initials, .namesMetaphone: fields.formUnion([.firstName, .lastName])
            case .birthDate, .birthYear: fields.insert(.birthDate)
            case .customerNumber, .loyaltyCard: break
            }
        }
        return Set(comparisons.comparisons.indices.filter { fields.contains(comparisons.comparisons[$0].field) })
    }

    /// Counts the patterns of every rule's pairs (outside exact-link groups).
    static func count(_ table: FeatureTable, links: ExactLinks, plan: BlockingPlan, comparisons: ComparisonSet,
                      items: [BlockingPlan.WorkItem]) -> [Counts] {
        let counted = Parallel.map(items.count) { index -> Counts in
            var counts = Counts()
            comparisons.withComparer(table) { comparer in
                plan.forEachPair(items[index], nodeOf: links.nodeOf, includeEarlier: true) { a, b, isNew in
                    let pattern = comparer.pattern(a, b)
                    counts.all[pattern, default: 0] += 1
                    if isNew { counts.new[pattern, default: 0] += 1 }
                }
            }
            return counts
        }
        var perRule = [Counts](repeating: Counts(), count: plan.rules.count)
        for (item, counts) in zip(items, counted) {
            for (pattern, count) in counts.all { perRule[item.rule].all[pattern, default: 0] += count }
            for (pattern, count) in counts.new { perRule[item.rule].new[pattern, default: 0] += count }
        }
        return perRule
    }

    /// `pattern` with the levels of `masked` comparisons set to `missing`.
    static func mask(_ pattern: ComparisonPattern, _ masked: Set<Int>, _ comparisons: ComparisonSet) -> ComparisonPattern {
        var result = pattern
        for index in masked {
            let shift = UInt32(4 * index)
            result = result & ~(0xF << shift) | ComparisonPattern(comparisons.comparisons[index].missingLevel) << shift
        }
        return result
    }

    static func masked(_ counts: [ComparisonPattern: Int], _ masked: Set<Int>, _ comparisons: ComparisonSet)
        -> [(pattern: ComparisonPattern, count: Int)] {
        var merged: [ComparisonPattern: Int] = [:]
        for (pattern, count) in counts { merged[mask(pattern, masked, comparisons), default: 0] += count }
        return merged.map { (pattern: $0.key, count: $0.value) }.sorted { $0.pattern < $1.pattern }
    }

    /// The m of one comparison from the sessions' estimates: per level the weighted median, then
    /// scaled to sum to 1, no level below `minimumM` (a level no session saw stays possible).
    /// Without estimates (or weight) the starting m.
    static func combinedM(_ estimates: [(m: [Double], weight: Double)], levels: Int) -> [Double] {
        let total = estimates.reduce(0) { $0 + max($1.weight, 0) }
        guard !estimates.isEmpty, total > 0 else { return ExpectationMaximisation.initialM(levels: levels) }
        var medians = (0..<levels).map { level -> Double in
            // Sessions with equal values are interchangeable here: the value returned is the same
            // whichever of them reaches half the weight.
            let sorted = estimates.map { (value: $0.m[level], weight: max($0.weight, 0)) }.sorted { $0.value < $1.value }
            var seen = 0.0
            for entry in sorted {
                seen += entry.weight
                if seen >= total / 2 { return entry.value }
            }
            return sorted[sorted.count - 1].value
        }
        medians = medians.map { max($0, minimumM) }
        let sum = medians.reduce(0, +)
        return medians.map { $0 / sum }
    }

    /// The least m of a level after combining sessions.
    static let minimumM = 1e-6

    /// Fewer compared pairs than this (a shop's first few customers) train nothing: the built-in
    /// model is used instead, and the next night tries again.
    static let minimumPairs = 300

    static func train(_ table: FeatureTable, links: ExactLinks, plan: BlockingPlan, comparisons: ComparisonSet,
                      items: [BlockingPlan.WorkItem], randomPairs: Int, seed: UInt64) -> (model: MatchModel, compared: Int) {
        let counts = count(table, links: links, plan: plan, comparisons: comparisons, items: items)
        let newPairs = counts.reduce(0) { $0 + $1.new.values.reduce(0, +) }
        guard newPairs >= minimumPairs else {
            return (MatchModel.builtIn(comparisons, records: table.count, compared: newPairs), newPairs)
        }
        let levelCounts = comparisons.comparisons.map(\.levels.count)
        let u = RandomPairs.estimateU(table, comparisons: comparisons, count: randomPairs, seed: seed)

        var sessions: [MatchModel.Session] = []
        var results: [(result: ExpectationMaximisation.Result, decided: Set<Int>)?] = []
        for (index, rule) in plan.rules.enumerated() {
            let decided = decided(by: rule, comparisons)
            let patterns = masked(counts[index].all, decided, comparisons)
            let pairs = patterns.reduce(0) { $0 + $1.count }
            guard pairs > 0, decided.count < comparisons.comparisons.count else {
                results.append(nil)
                continue
            }
            let result = ExpectationMaximisation.run(patterns: patterns, levelCounts: levelCounts, u: u)
            results.append((result, decided))
            let estimated = comparisons.comparisons.indices.filter { !decided.contains($0) }.map { comparisons.comparisons[$0].field.rawValue }
            sessions.append(.init(rule: rule.name, pairs: pairs, distinctPatterns: patterns.count, lambda: result.lambda,
                                  emIterations: result.iterations, converged: result.converged, estimated: estimated))
        }

        // m: per level, the weighted median over the sessions that estimated a comparison, each
        // weighed by the matches it expects (pairs × its λ): a rule that finds few pairs, or few
        // matches, estimates m from little evidence and must not pull the others' estimates around,
        // so adding a narrow blocking rule for the records the others miss barely moves the model.
        // A median, not a mean: a session may converge on households instead of people (the pairs
        // of `street + city + first_initial` "match" with different surnames and e-mails), and at a
        // million records such sessions moved the mean enough to make every disagreement look
        // harmless (last-name `far` m 0.06 instead of 0.0002).
        var m: [[Double]] = []
        for j in comparisons.comparisons.indices {
            let estimates = results.enumerated().compactMap { index, entry -> (m: [Double], weight: Double)? in
                guard let entry, !entry.decided.contains(j) else { return nil }
                let pairs = Double(counts[index].all.values.reduce(0, +))
                return (entry.result.m[j], pairs * entry.result.lambda)
            }
            m.append(combinedM(estimates, levels: levelCounts[j] - 1))
        }

        // λ: expected matches among the pairs each rule compares first, by that rule's session.
        var matches = 0.0
        var compared = 0
        var ruleLambdas: [String: Double] = [:]
        for (index, entry) in results.enumerated() {
            let pairs = counts[index].new.values.reduce(0, +)
            compared += pairs
            guard let entry, pairs > 0 else { continue }
            let patterns = masked(counts[index].new, entry.decided, comparisons)
            let share = ExpectationMaximisation.matchShare(patterns: patterns, levelCounts: levelCounts,
                                                           m: entry.result.m, u: u, lambda: entry.result.lambda)
            matches += Double(pairs) * share
            // Bounded to ±10 bits of prior: a rule with few pairs estimates its share roughly.
            ruleLambdas[plan.rules[index].name] = min(max(share, 0.001), 0.999)
        }
        let lambda = compared > 0 ? min(max(matches / Double(compared), 1e-9), 1 - 1e-9) : 0.5
        let training = MatchModel.Training(records: table.count, blockedPairs: compared,
                                           distinctPatterns: Set(counts.flatMap(\.new.keys)).count, randomPairs: randomPairs,
                                           seed: seed, emIterations: sessions.map(\.emIterations).max() ?? 0,
                                           converged: sessions.allSatisfy(\.converged), sessions: sessions)
        var model = MatchModel.make(comparisons: comparisons, m: m, u: u, lambda: lambda, training: training)
        model.ruleLambdas = ruleLambdas
        return (model, compared)
    }
}
