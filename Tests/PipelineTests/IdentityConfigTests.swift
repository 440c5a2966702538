import Foundation
import PipelineCore
import Testing
import TestSupport

@Suite("pipeline file: identity section")
struct IdentityConfigTests {
    static let base = """
    version: 1
    warehouse: out/w.sqlite
    staging: out/s.sqlite
    identity:
      rules: [customer_number, loyalty_card]
      blocking:
        - email
        - postcode + last_name_koelner
        - {rule: birth_date + first_initial, max_comparisons: 1_000, max_block_size: 25}
      max_comparisons_per_rule: 5000000
      comparisons:
        first_name: {close: 0.9, related: 0.75}
        email: {close_edits: 2}
        postcode: on
        city: off
      term_frequency: [last_name]
      match_threshold: 0.999
      review_margin: 2
      guards: [birth_date]
      max_cluster_size: 10
      model: models/identity.json
      survivorship:
        default: [most_recent]
        address: [most_complete, most_recent]
    sources:
      - name: contacts
        system: email
        entity: contact
        format: csv
        path: contacts_*.csv
        fields:
          record_id: Nr
    """

    @Test("every identity setting is read")
    func readsEverything() throws {
        let config = try PipelineConfig.parse(yaml: Self.base, file: "/etc/oneface/p.yml")
        let identity = config.identity
        #expect(identity.blocking.map(\.name) == ["email", "postcode + last_name_koelner", "birth_date + first_initial"])
        #expect(identity.blocking.map(\.maxComparisons) == [nil, nil, 1_000])
        #expect(identity.blocking.map(\.maxBlockSize) == [nil, nil, 25])
        #expect(identity.blocking[1].line == 8)
        #expect(identity.maxComparisonsPerRule == 5_000_000)
        #expect(identity.comparisons.map(\.field) == [.firstName, .email, .postcode])
        #expect(identity.comparisons[0].close == 0.9 && identity.comparisons[0].related == 0.75)
        #expect(identity.comparisons[1].closeEdits == 2)
        #expect(identity.termFrequency == [.lastName])
        #expect(identity.matchThreshold == 0.999 && identity.reviewMargin == 2)
        #expect(identity.guards == [.birthDate] && identity.maxClusterSize == 10)
        #expect(config.identityModelPath == "/etc/oneface/models/identity.json")
        #expect(identity.survivorshipRules(for: "address") == [.mostComplete, .mostRecent])
        #expect(identity.survivorshipRules(for: "first_name") == [.mostRecent], "groups not listed follow `default`")
    }

    @Test("defaults: seventeen blocking rules, eight comparisons, the model next to staging")
    func defaults() throws {
        let yaml = Self.base.components(separatedBy: "identity:")[0] + "sources:" + Self.base.components(separatedBy: "sources:")[1]
        let config = try PipelineConfig.parse(yaml: yaml, file: "/etc/oneface/p.yml")
        #expect(config.identity.blocking.count == 17)
        #expect(config.identity.blocking.filter { $0.maxBlockSize == 10 }.count == 6)
        #expect(config.identity.blocking.map(\.name).contains("names_metaphone"))
        #expect(config.identity.keepMargin == 1 && config.identity.modelGrowthLimit == 2 && !config.identity.autoRetrain)
        #expect(config.identity.comparisons.count == 8)
        #expect(config.identityModelPath == "/etc/oneface/out/s.identity-model.json")
        #expect(config.identity.rules == ["customer_number", "loyalty_card"])
    }

    @Test("the sample pipeline documents the identity section")
    func samplePipeline() throws {
        let config = try PipelineConfig.load(path: RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml").path)
        #expect(config.identity.blocking.map(\.name).contains("postcode + last_name_koelner"))
        #expect(config.identity.comparisons.count == 8)
        #expect(config.identity.matchThreshold > 0.99)
    }

    @Test("mistakes name the line and key", arguments: [
        ("    - email\n", "    - emial\n", "identity.blocking[0]", "unknown blocking key `emial`"),
        ("    - email\n", "    - email + email\n", "identity.blocking[0]", "named twice"),
        ("    - email\n", "    - postcode + last_name_koelner\n", "identity.blocking[1]", "listed twice"),
        ("  match_threshold: 0.999", "  match_threshold: 1.5", "identity.match_threshold", "between 0 and 1"),
        ("  guards: [birth_date]", "  guards: [birthday]", "identity.guards", "unknown guard `birthday`"),
        ("    first_name: {close: 0.9, related: 0.75}", "    first_name: {close: 0.7, related: 0.75}", "identity.comparisons.first_name.related", "must be below"),
        ("    email: {close_edits: 2}", "    email: {close: 0.9}", "identity.comparisons.email.close", "unknown key"),
        ("    postcode: on", "    zip: on", "identity.comparisons.zip", "unknown comparison"),
        ("    default: [most_recent]", "    default: [newest]", "identity.survivorship.default", "unknown rule `newest`"),
        ("  max_cluster_size: 10", "  max_cluster_size: 1", "identity.max_cluster_size", "at least 2"),
        ("  term_frequency: [last_name]", "  term_frequency: [email]", "identity.term_frequency", "cannot be term-frequency adjusted"),
    ])
    func errors(original: String, replacement: String, key: String, expectation: String) throws {
        let yaml = Self.base.replacingOccurrences(of: original, with: replacement)
        #expect(yaml != Self.base)
        let lineText = replacement.trimmingCharacters(in: .newlines)
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0 == lineText }.map { $0 + 1 }
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: yaml, file: "p.yml") }
        #expect(error.key == key, "\(error)")
        #expect(error.description.contains(expectation), "\(error)")
        if key.hasPrefix("identity.blocking"), let line { #expect(error.line == line, "\(error)") }
    }
}
