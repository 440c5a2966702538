/// How identities are resolved: exact links, blocking, comparisons, scoring, clustering guards and
/// survivorship. Every default here is what `Pipelines/sample.yml` documents.
public struct IdentityConfig: Sendable, Equatable {
    /// Exact links, applied before matching: records sharing one of these values are one person
    /// whatever else they say. Known: `customer_number`, `loyalty_card`, `email`, `phone`.
    /// E-mail and phone are better left to the matcher (households share them).
    public var rules: [String] = ["customer_number", "loyalty_card"]
    /// Survivorship: which system's value wins for the golden record, first to last.
    public var sourcePriority: [SourceSystem] = [.email, .branch, .support, .survey]
    /// E.164 country code for national phone numbers of records without a country.
    public var defaultCountryCode: String = "49"
    /// ISO 3166 alpha-2 country of records whose source maps no `country` (nil: the country of
    /// `defaultCountryCode`). Phones, postcodes and `country` in the golden record follow it.
    public var defaultCountry: String?
    /// Gmail dot and +tag rules when comparing e-mail addresses.
    public var emailProviderRules: Bool = false

    /// Blocking rules, OR-combined: a pair is compared when one rule puts both records in one block.
    public var blocking: [BlockingRuleConfig] = BlockingRuleConfig.defaults
    /// The most comparisons one blocking rule may generate (its own cap, if given, wins).
    public var maxComparisonsPerRule: Int = 250_000_000
    /// The comparisons scored, with their level thresholds.
    public var comparisons: [ComparisonConfig] = ComparisonConfig.defaults
    /// Comparisons whose exact agreement is weighed by how rare the value is.
    public var termFrequency: [ComparisonField] = [.firstName, .lastName, .city]
    /// Pairs with at least this match probability are accepted (14.3 bits of match weight): the
    /// best pairwise F1 on FEBRL1-4, SampleData and 1M generated records with m combined by median
    /// (`scripts/bench identity`).
    public var matchThreshold: Double = 0.99995
    /// Pairs this many bits of match weight below the threshold are kept in `match_pair` for review.
    public var reviewMargin: Double = 3
    /// Clusters that disagree on these are never joined by a match.
    public var guards: [ClusterGuard] = ClusterGuard.allCases
    /// A pair that agrees only on names and place is refused when one of its records has another such
    /// pair, at most this many bits weaker, to a customer the other record could not join. 2 bits
    /// (the rival a quarter as likely) since m is combined by median: disagreements weigh more, and a
    /// wider margin refused true links to people whose namesake was already far behind.
    public var ambiguityMargin: Double = 2
    /// A pair whose records were one customer the night before stays linked down to this many bits
    /// below the threshold: term frequencies and model drift move weights by fractions of a bit, and
    /// that alone must never split a customer. New links still need the threshold. Keep it at most
    /// `reviewMargin` (pairs further below are not kept to look at).
    public var keepMargin: Double = 1
    /// At most this many source identities (records, or groups of records linked exactly) per customer.
    public var maxClusterSize: Int = 60
    /// Random record pairs drawn to estimate u probabilities.
    public var randomPairs: Int = 1_000_000
    /// The saved model has been outgrown when the person records exceed this many times those it was
    /// trained on, or a source appears that it never saw: the transform then warns, and retrains when
    /// `autoRetrain` is set (0: never outgrown by size).
    public var modelGrowthLimit: Double = 2
    public var autoRetrain = false
    /// The model file; nil: next to the staging database (`<staging>.identity-model.json`).
    public var modelPath: String?
    /// People's decisions about pairs of records (`oneface review`), applied before clustering
    /// every night: a CSV file meant to live under version control beside the pipeline. nil: none.
    public var reviewDecisionsPath: String?
    /// Survivorship per attribute group; `default` applies to groups not listed.
    public var survivorship: [String: [SurvivorshipRule]] = IdentityConfig.defaultSurvivorship

    public init() {}

    public static let knownRules = ["customer_number", "loyalty_card", "email", "phone"]

    /// The attribute groups of a golden record; `address` travels together (street, house number,
    /// postcode, city) so a golden record never mixes two addresses.
    public static let survivorshipGroups = ["salutation", "title", "first_name", "last_name", "email", "phone",
                                            "address", "birth_date", "customer_number", "loyalty_card", "consent", "gender",
                                            "consent_sms", "consent_phone", "consent_post", "consent_date"]

    public static let defaultSurvivorship: [String: [SurvivorshipRule]] = [
        "default": [.sourcePriority, .mostRecent],
        "first_name": [.mostFrequent, .sourcePriority, .mostRecent],
        "last_name": [.mostFrequent, .sourcePriority, .mostRecent],
        "address": [.mostRecent, .mostComplete],
        "phone": [.mostRecent],
        "birth_date": [.mostFrequent, .sourcePriority],
        "consent": [.mostRecent],
        "gender": [.mostFrequent, .mostRecent],
        "consent_sms": [.mostRecent], "consent_phone": [.mostRecent], "consent_post": [.mostRecent],
        "consent_date": [.mostRecent],
    ]

    /// The survivorship rules of one attribute group.
    public func survivorshipRules(for group: String) -> [SurvivorshipRule] {
        survivorship[group] ?? survivorship["default"] ?? [.sourcePriority, .mostRecent]
    }
}

extension PipelineConfig {
    /// Where the trained identity model is read and written.
    public var identityModelPath: String {
        if let path = identity.modelPath { return path }
        let base = stagingPath.hasSuffix(".sqlite") ? String(stagingPath.dropLast(".sqlite".count)) : stagingPath
        return base + ".identity-model.json"
    }
}

/// A value records are grouped by for blocking.
public enum BlockingKey: String, Sendable, CaseIterable, Codable {
    case email, phone, postcode, city, street
    case houseNumber = "house_number"
    case firstName = "first_name", lastName = "last_name"
    case firstNameKoelner = "first_name_koelner", lastNameKoelner = "last_name_koelner"
    case firstNameMetaphone = "first_name_metaphone", lastNameMetaphone = "last_name_metaphone"
    case firstInitial = "first_initial", lastInitial = "last_initial"
    /// The first letters of first and last name, in either order (`Anna Berg` and `Berg Anna` share it).
    case initials
    /// The Double Metaphone codes of first and last name, in either order: names keyed into each
    /// other's fields, or sound-alike spellings of both, still meet.
    case namesMetaphone = "names_metaphone"
    case birthDate = "birth_date", birthYear = "birth_year"
    case customerNumber = "customer_number", loyaltyCard = "loyalty_card"
}

/// One blocking rule: records with equal values on all its keys are compared.
public struct BlockingRuleConfig: Sendable, Equatable {
    public var keys: [BlockingKey]
    /// This rule's own cap on comparisons (nil: `maxComparisonsPerRule`).
    public var maxComparisons: Int?
    /// Blocks with more records than this are left out of the rule (nil: none is): for a rule that
    /// exists to reach the rare pair whose other keys are all mistyped, a block of hundreds of people
    /// sharing a common value (`Berlin` + `M`) costs much and finds nothing the others miss.
    public var maxBlockSize: Int?
    /// Where the rule is written in the pipeline file.
    public var line: Int?

    public init(keys: [BlockingKey], maxComparisons: Int? = nil, maxBlockSize: Int? = nil, line: Int? = nil) {
        self.keys = keys
        self.maxComparisons = maxComparisons
        self.maxBlockSize = maxBlockSize
        self.line = line
    }

    /// The rule as written: `postcode + last_name_koelner`.
    public var name: String { keys.map(\.rawValue).joined(separator: " + ") }

    /// Every field of a person can be missing or mistyped, so each rule leans on a different one.
    /// Measured (`oneface transform --explain-blocking --truth`): they reach, directly or through
    /// other true pairs, 100 % / 100 % / 99.83 % / 99.62 % of the true pairs of FEBRL1–4, 99.7 % of
    /// SampleData's and 99.3 % at a million generated records, comparing 8.2 million pairs there
    /// (the six rules before them: 90 % of FEBRL3's, 92 % of FEBRL4's). The last six cost 5–25
    /// million pairs each at a million records uncapped; with blocks of at most 10 records, a few
    /// million together, while they still reach FEBRL's mistyped pairs (whose blocks are small).
    public static let defaults: [BlockingRuleConfig] = [
        .init(keys: [.email]), .init(keys: [.phone]), .init(keys: [.postcode, .lastNameKoelner]),
        .init(keys: [.birthDate, .firstInitial]), .init(keys: [.postcode, .street, .houseNumber]),
        .init(keys: [.firstName, .lastName]),
        .init(keys: [.birthDate, .lastInitial]), .init(keys: [.birthDate, .postcode]), .init(keys: [.birthDate, .city]),
        .init(keys: [.birthDate, .houseNumber]), .init(keys: [.houseNumber, .lastNameKoelner]),
        // For names keyed into each other's fields and pairs whose postcode, surname or street is
        // mistyped; only small blocks, since a large one (`Berlin` + a common surname sound) costs
        // millions of pairs and finds nothing the rules above do not.
        .init(keys: [.namesMetaphone], maxBlockSize: 10), .init(keys: [.postcode, .initials], maxBlockSize: 10),
        .init(keys: [.city, .initials, .houseNumber], maxBlockSize: 10),
        .init(keys: [.street, .city, .firstInitial], maxBlockSize: 10), .init(keys: [.city, .lastNameKoelner], maxBlockSize: 10),
        .init(keys: [.postcode, .firstNameKoelner], maxBlockSize: 10),
    ]
}

/// A field two records are compared on.
public enum ComparisonField: String, Sendable, CaseIterable, Codable {
    case firstName = "first_name", lastName = "last_name", birthDate = "birth_date", email, phone, street, postcode, city
}

/// One comparison and its thresholds. Which thresholds apply depends on the field: names use
/// `close` and `related` (Jaro-Winkler), street `close`, e-mail and phone `closeEdits`.
public struct ComparisonConfig: Sendable, Equatable, Codable {
    public var field: ComparisonField
    /// Jaro-Winkler similarity at or above which two names (or streets) are `close` (a typo).
    public var close: Double?
    /// Jaro-Winkler similarity at or above which two names are `related` (a short form).
    public var related: Double?
    /// Edits (Damerau-Levenshtein) at or below which two e-mails or phones are `close`.
    public var closeEdits: Int?

    public init(field: ComparisonField, close: Double? = nil, related: Double? = nil, closeEdits: Int? = nil) {
        self.field = field
        self.close = close
        self.related = related
        self.closeEdits = closeEdits
    }

    /// The comparison with every threshold the field uses filled with its default.
    public static func standard(_ field: ComparisonField) -> ComparisonConfig {
        switch field {
        case .firstName, .lastName: return .init(field: field, close: 0.92, related: 0.80)
        case .street: return .init(field: field, close: 0.90)
        case .email, .phone: return .init(field: field, closeEdits: 1)
        case .birthDate, .postcode, .city: return .init(field: field)
        }
    }

    public static let defaults = ComparisonField.allCases.map(standard)
}

/// What stops two clusters from being joined by a match, however strong.
public enum ClusterGuard: String, Sendable, CaseIterable, Codable {
    /// Two birth dates that are not the same, swapped day/month or one typo apart.
    case birthDate = "birth_date"
    /// Two different customer numbers.
    case customerNumber = "customer_number"
    /// Two different loyalty cards (a card is personal; leave this guard out where cards are
    /// shared by a household or replaced under a new number).
    case loyaltyCard = "loyalty_card"
    /// Clearly different first names: no name of one cluster is the same, a typo, a sound-alike, a
    /// short form or an initial of a name of the other.
    case firstName = "first_name"
}

/// How the surviving value of an attribute is chosen among a customer's records.
public enum SurvivorshipRule: String, Sendable, CaseIterable, Codable {
    /// The system listed first in `source_priority`.
    case sourcePriority = "source_priority"
    /// The most recent record (signup, ticket, purchase, answer time).
    case mostRecent = "most_recent"
    /// The fullest value: most parts filled (address), then the longest text.
    case mostComplete = "most_complete"
    /// The value most of the customer's records agree on.
    case mostFrequent = "most_frequent"
}
