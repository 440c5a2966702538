@testable import Identity
import PipelineCore

/// Builders for matching tests: records normalised the way the transform normalises them, and a
/// hand-written model so tests do not depend on what EM learns from a handful of records.
enum MatchFixtures {
    /// A person record as the transform would produce it from raw export values.
    static func person(_ id: String, system: SourceSystem = .email, name: String? = nil, first: String? = nil,
                       last: String? = nil, email: String? = nil, phone: String? = nil, street: String? = nil,
                       postcode: String? = nil, city: String? = nil, born: String? = nil, customerNumber: String? = nil,
                       card: String? = nil, seen: String? = nil) -> IdentityRecord {
        var record = IdentityRecord(system: system, source: system.rawValue, sourceRecordID: id)
        let parsed = NameNormalizer.parse(first: first, last: last, full: name)
        record.firstName = parsed.first
        record.lastName = parsed.last
        record.salutation = parsed.salutation
        record.title = parsed.title
        record.email = email.flatMap { EmailNormalizer.normalize($0) }
        record.phone = phone.flatMap { PhoneNormalizer().e164($0) }
        if let street, let address = AddressNormalizer.parseStreet(street) {
            record.street = address.street
            record.streetKey = address.streetKey
            record.houseNumber = [address.houseNumber, address.houseSuffix].compactMap { $0 }.joined()
        }
        record.postcode = postcode.flatMap(AddressNormalizer.postcode)
        record.city = city
        record.birthDate = born.flatMap(DateNormalizer.iso)
        record.customerNumber = customerNumber
        record.loyaltyCard = card
        record.seenAt = seen
        return record
    }

    /// m and u per level (missing excluded), in `ComparisonConfig.defaults` order, roughly what EM
    /// learns on the sample generator's data.
    static let m: [[Double]] = [
        [0.85, 0.07, 0.01, 0.03, 0.04],          // first_name: exact close phonetic related far
        [0.9, 0.08, 0.01, 0.0097, 0.0003],       // last_name
        [0.9, 0.005, 0.002, 0.0005, 0.0925],     // birth_date: exact swapped typo year_differs far
        [0.87, 0.015, 0.115],                    // email: exact close far
        [0.79, 0.017, 0.193],                    // phone
        [0.81, 0.07, 0.08, 0.04],                // street: exact same_street close far
        [0.93, 0.03, 0.04],                      // postcode: exact area far
        [0.8, 0.2],                              // city: exact far
    ]
    static let u: [[Double]] = [
        [0.006, 0.003, 0.005, 0.007, 0.979],
        [0.01, 0.005, 0.003, 0.018, 0.964],
        [0.00005, 0.00005, 0.0015, 0.0015, 0.997],
        [0.000015, 0.000002, 0.999983],
        [0.000004, 0.000004, 0.999992],
        [0.000025, 0.00016, 0.000003, 0.999812],
        [0.008, 0.008, 0.984],
        [0.07, 0.93],
    ]

    static func model(lambda: Double = 0.07) -> MatchModel {
        let training = MatchModel.Training(records: 0, blockedPairs: 0, distinctPatterns: 0, randomPairs: 0, seed: 0,
                                           emIterations: 0, converged: true, sessions: [])
        return MatchModel.make(comparisons: ComparisonSet(ComparisonConfig.defaults), m: m, u: u, lambda: lambda, training: training)
    }

    /// Resolves `records` with the hand model and the default settings (term frequencies off unless asked).
    static func resolve(_ records: [IdentityRecord], itemTarget: Int = 250_000, model: MatchModel? = model(),
                        configure: (inout IdentityConfig) -> Void = { _ in }) -> IdentityResolver.Outcome {
        var config = IdentityConfig()
        config.termFrequency = []
        configure(&config)
        let table = FeatureTable.build(records)
        let links = ExactLinks(table, rules: config.rules)
        let plan = BlockingPlan(table, rules: config.blocking)
        return IdentityResolver(config: config).resolve(table, links: links, plan: plan, model: model, itemTarget: itemTarget)
    }
}
