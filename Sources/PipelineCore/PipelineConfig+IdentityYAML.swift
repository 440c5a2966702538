import Yams

/// Reads the `identity` section of a pipeline file; every problem names file, line and key.
extension ConfigReader {
    static let identityKeys = [
        "rules", "source_priority", "default_country_code", "default_country", "email_provider_rules", "blocking",
        "max_comparisons_per_rule", "comparisons", "term_frequency", "match_threshold", "review_margin", "ambiguity_margin", "keep_margin", "guards",
        "max_cluster_size", "random_pairs", "model", "model_growth_limit", "auto_retrain", "review_decisions", "survivorship",
    ]

    func identity(_ node: Node) throws(ConfigError) -> IdentityConfig {
        let pairs = try mapping(node, "identity")
        try checkKeys(pairs, allowed: Self.identityKeys, in: "identity")
        var config = IdentityConfig()
        for pair in pairs {
            let key = "identity.\(pair.key)"
            switch pair.key {
            case "rules":
                let rules = try strings(pair.value, key)
                for rule in rules where !IdentityConfig.knownRules.contains(rule) {
                    throw fail(pair.value, key, "unknown rule `\(rule)`; expected some of: \(IdentityConfig.knownRules.joined(separator: ", "))")
                }
                config.rules = rules
            case "source_priority":
                var systems: [SourceSystem] = []
                for name in try strings(pair.value, key) {
                    guard let system = SourceSystem(rawValue: name) else {
                        throw fail(pair.value, key, "unknown system `\(name)`; expected email, support, branch or survey")
                    }
                    systems.append(system)
                }
                config.sourcePriority = systems
            case "default_country_code":
                let code = try string(pair.value, key)
                guard !code.isEmpty, code.count <= 3, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw fail(pair.value, key, "expected a country calling code of 1-3 digits, e.g. \"49\"")
                }
                config.defaultCountryCode = code
            case "default_country":
                let code = try string(pair.value, key).uppercased()
                guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw fail(pair.value, key, "expected an ISO 3166 alpha-2 country code such as DE, AT, CH, US or AU")
                }
                config.defaultCountry = code
            case "email_provider_rules":
                config.emailProviderRules = try bool(pair.value, key)
            case "blocking":
                config.blocking = try blockingRules(pair.value, key)
            case "max_comparisons_per_rule":
                config.maxComparisonsPerRule = try integer(pair.value, key, atLeast: 1)
            case "comparisons":
                config.comparisons = try comparisons(pair.value, key)
            case "term_frequency":
                var fields: [ComparisonField] = []
                let allowed: [ComparisonField] = [.firstName, .lastName, .city, .street]
                for name in try strings(pair.value, key) {
                    guard let field = ComparisonField(rawValue: name), allowed.contains(field) else {
                        throw fail(pair.value, key, "`\(name)` cannot be term-frequency adjusted; expected some of: \(allowed.map(\.rawValue).joined(separator: ", "))")
                    }
                    fields.append(field)
                }
                config.termFrequency = fields
            case "match_threshold":
                let value = try number(pair.value, key)
                guard value > 0, value < 1 else {
                    throw fail(pair.value, key, "expected a match probability between 0 and 1 (exclusive), e.g. 0.99")
                }
                config.matchThreshold = value
            case "review_margin":
                let value = try number(pair.value, key)
                guard value >= 0, value <= 60 else {
                    throw fail(pair.value, key, "expected a match weight margin in bits between 0 and 60, e.g. 6")
                }
                config.reviewMargin = value
            case "ambiguity_margin":
                let value = try number(pair.value, key)
                guard value >= 0, value <= 60 else {
                    throw fail(pair.value, key, "expected a match weight margin in bits between 0 and 60, e.g. 5")
                }
                config.ambiguityMargin = value
            case "keep_margin":
                let value = try number(pair.value, key)
                guard value >= 0, value <= 60 else {
                    throw fail(pair.value, key, "expected a match weight margin in bits between 0 and 60, e.g. 1")
                }
                config.keepMargin = value
            case "guards":
                var guards: [ClusterGuard] = []
                for name in try strings(pair.value, key) {
                    guard let guardKind = ClusterGuard(rawValue: name) else {
                        throw fail(pair.value, key, "unknown guard `\(name)`; expected some of: \(ClusterGuard.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    guards.append(guardKind)
                }
                config.guards = guards
            case "max_cluster_size":
                config.maxClusterSize = try integer(pair.value, key, atLeast: 2)
            case "random_pairs":
                config.randomPairs = try integer(pair.value, key, atLeast: 1_000)
            case "model_growth_limit":
                let value = try number(pair.value, key)
                guard value == 0 || value >= 1 else {
                    throw fail(pair.value, key, "expected a factor of at least 1 (e.g. 2: warn once the records have doubled), or 0 for never")
                }
                config.modelGrowthLimit = value
            case "auto_retrain":
                config.autoRetrain = try bool(pair.value, key)
            case "model":
                config.modelPath = path(try string(pair.value, key))
            case "review_decisions":
                let file = try string(pair.value, key)
                guard file.lowercased().hasSuffix(".csv") else {
                    throw fail(pair.value, key, "expected the path of a CSV file, e.g. review-decisions.csv (`oneface review` creates it)")
                }
                config.reviewDecisionsPath = path(file)
            default:
                config.survivorship = try survivorship(pair.value, key)
            }
        }
        return config
    }

    /// `- email` or `- postcode + last_name_koelner` or `- {rule: ..., max_comparisons: ...}`.
    private func blockingRules(_ node: Node, _ key: String) throws(ConfigError) -> [BlockingRuleConfig] {
        guard case let .sequence(sequence) = node, !sequence.isEmpty else {
            throw fail(node, key, "expected a list of rules such as `- email` or `- postcode + last_name_koelner`")
        }
        var rules: [BlockingRuleConfig] = []
        for (index, item) in sequence.enumerated() {
            let itemKey = "\(key)[\(index)]"
            var text: String
            var cap: Int?
            var maxBlockSize: Int?
            if item.scalar != nil {
                text = try string(item, itemKey)
            } else {
                let options = try mapping(item, itemKey)
                try checkKeys(options, allowed: ["rule", "max_comparisons", "max_block_size"], in: itemKey)
                guard let rule = options.first(where: { $0.key == "rule" }) else {
                    throw fail(item, "\(itemKey).rule", "missing; name the keys, e.g. `rule: postcode + last_name_koelner`")
                }
                text = try string(rule.value, "\(itemKey).rule")
                if let max = options.first(where: { $0.key == "max_comparisons" }) {
                    cap = try integer(max.value, "\(itemKey).max_comparisons", atLeast: 1)
                }
                if let size = options.first(where: { $0.key == "max_block_size" }) {
                    maxBlockSize = try integer(size.value, "\(itemKey).max_block_size", atLeast: 2)
                }
            }
            var keys: [BlockingKey] = []
            for part in text.split(separator: "+") {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let blockingKey = BlockingKey(rawValue: name) else {
                    throw fail(item, itemKey, "unknown blocking key `\(name)`; expected keys joined by `+` from: \(BlockingKey.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard !keys.contains(blockingKey) else { throw fail(item, itemKey, "`\(name)` is named twice in this rule") }
                keys.append(blockingKey)
            }
            guard !keys.isEmpty else { throw fail(item, itemKey, "empty rule; name at least one key, e.g. `email`") }
            let rule = BlockingRuleConfig(keys: keys, maxComparisons: cap, maxBlockSize: maxBlockSize, line: item.mark?.line)
            guard !rules.contains(where: { Set($0.keys) == Set(keys) }) else {
                throw fail(item, itemKey, "the rule `\(rule.name)` is listed twice")
            }
            rules.append(rule)
        }
        return rules
    }

    /// `first_name: {close: 0.92, related: 0.8}`, `postcode: on`; fields not listed are not compared.
    private func comparisons(_ node: Node, _ key: String) throws(ConfigError) -> [ComparisonConfig] {
        var result: [ComparisonConfig] = []
        for pair in try mapping(node, key) {
            let fieldKey = "\(key).\(pair.key)"
            guard let field = ComparisonField(rawValue: pair.key) else {
                throw fail(pair.keyNode, fieldKey, "unknown comparison; expected some of: \(ComparisonField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var comparison = ComparisonConfig.standard(field)
            if pair.value.scalar != nil {
                let text = try string(pair.value, fieldKey)
                if text.isEmpty { result.append(comparison); continue }
                if try !bool(pair.value, fieldKey) { continue }
                result.append(comparison)
                continue
            }
            let allowed: [String]
            switch field {
            case .firstName, .lastName: allowed = ["close", "related"]
            case .street: allowed = ["close"]
            case .email, .phone: allowed = ["close_edits"]
            case .birthDate, .postcode, .city: allowed = []
            }
            let options = try mapping(pair.value, fieldKey)
            try checkKeys(options, allowed: allowed, in: fieldKey)
            for option in options {
                let optionKey = "\(fieldKey).\(option.key)"
                switch option.key {
                case "close_edits":
                    let edits = try integer(option.value, optionKey, atLeast: 1)
                    guard edits <= 3 else { throw fail(option.value, optionKey, "expected 1 to 3 edits") }
                    comparison.closeEdits = edits
                default:
                    let value = try number(option.value, optionKey)
                    guard value > 0, value < 1 else {
                        throw fail(option.value, optionKey, "expected a Jaro-Winkler similarity between 0 and 1, e.g. 0.92")
                    }
                    if option.key == "close" { comparison.close = value } else { comparison.related = value }
                }
            }
            if let close = comparison.close, let related = comparison.related, related >= close {
                throw fail(pair.value, "\(fieldKey).related", "must be below `close` (\(close)): related names are less alike than close ones")
            }
            result.append(comparison)
        }
        guard !result.isEmpty else { throw fail(node, key, "no comparison left; list at least one, e.g. `email: on`") }
        return result
    }

    /// `default: [source_priority, most_recent]`, `address: [most_recent]`, ...; groups not listed
    /// follow `default` (itself source priority, then most recent, when not given).
    private func survivorship(_ node: Node, _ key: String) throws(ConfigError) -> [String: [SurvivorshipRule]] {
        var result: [String: [SurvivorshipRule]] = ["default": IdentityConfig.defaultSurvivorship["default"]!]
        let allowed = ["default"] + IdentityConfig.survivorshipGroups
        for pair in try mapping(node, key) {
            let groupKey = "\(key).\(pair.key)"
            guard allowed.contains(pair.key) else {
                throw fail(pair.keyNode, groupKey, "unknown attribute; expected some of: \(allowed.joined(separator: ", "))")
            }
            var rules: [SurvivorshipRule] = []
            for name in try strings(pair.value, groupKey) {
                guard let rule = SurvivorshipRule(rawValue: name) else {
                    throw fail(pair.value, groupKey, "unknown rule `\(name)`; expected some of: \(SurvivorshipRule.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                rules.append(rule)
            }
            guard !rules.isEmpty else { throw fail(pair.value, groupKey, "list at least one rule, e.g. [most_recent]") }
            result[pair.key] = rules
        }
        return result
    }

    /// A whole number, `_` allowed between digits (`1_000_000`).
    func integer(_ node: Node, _ key: String, atLeast minimum: Int) throws(ConfigError) -> Int {
        let text = try string(node, key).replacingOccurrences(of: "_", with: "")
        guard let value = Int(text), value >= minimum else {
            throw fail(node, key, "expected a whole number of at least \(minimum)")
        }
        return value
    }

    func number(_ node: Node, _ key: String) throws(ConfigError) -> Double {
        guard let value = Double(try string(node, key)), value.isFinite else { throw fail(node, key, "expected a number") }
        return value
    }
}
