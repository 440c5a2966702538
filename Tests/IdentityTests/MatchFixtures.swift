@testable import Identity
import PipelineCore
import Testing

/// Builders for matching tests: records normalised the way the transform normalises them, and a
/// hand-written model so tests do not depend on what EM learns from a handful of records.
enum MatchFixtures {
    /// A table row of should-match / must-not-match tests: whether records 0 and 1 end up as one customer.
    struct PairCase: CustomTestStringConvertible, Sendable {
        let name: String
        let records: [IdentityRecord]
        let same: Bool
        var testDescription: String { name }
    }

    /// A person record as the transform would produce it from raw export values.
    static func person(_ id: String, system: SourceSystem = .email, name: String? = nil, first: String? = nil,
                       last: String? = nil, email: String? = nil, phone: String? = nil, street: String? = nil,
                       postcode: String? = nil, city: String? = nil, born: String? = nil, customerNumber: String? = nil,
                       card: String? = nil, seen: String? = nil, line2: String? = nil) -> IdentityRecord {
        var record = IdentityRecord(system: system, source: system.rawValue, sourceRecordID: id)
        let parsed = NameNormalizer.parse(first: first, last: last, full: name)
        record.firstName = parsed.first
        record.lastName = parsed.last
        record.salutation = parsed.salutation
        record.title = parsed.title
        record.email = email.flatMap { EmailNormalizer.normalize($0) }
        record.phone = phone.flatMap { PhoneNormalizer().e164($0) }
        let lines = AddressNormalizer.addressLines(street: street, houseNumber: nil, secondLine: line2, city: city)
        if let address = lines.street {
            record.street = address.street
            record.streetKey = address.streetKey
            record.houseNumber = [address.houseNumber, address.houseSuffix].compactMap { $0 }.joined()
        }
        record.addressLine2 = line2
        record.streetKey2 = lines.secondStreetKey
        record.postcode = postcode.flatMap(AddressNormalizer.postcode)
        record.city = city
        record.birthDate = born.flatMap(DateNormalizer.iso)
        record.customerNumber = customerNumber
        record.loyaltyCard = card
        record.seenAt = seen
        return record
    }

    /// The built-in model: m and u per level roughly as EM learns them on the generator's data.
    static func model(lambda: Double = 0.07) -> MatchModel {
        var model = MatchModel.builtIn(ComparisonSet(ComparisonConfig.defaults))
        model.lambda = lambda
        return model
    }

    /// Resolves `records` with the hand model and the default settings (term frequencies off unless asked).
    static func resolve(_ records: [IdentityRecord], itemTarget: Int = 250_000, model: MatchModel? = model(),
                        reviewed: [ReviewedPair] = [], configure: (inout IdentityConfig) -> Void = { _ in }) -> IdentityResolver.Outcome {
        var config = IdentityConfig()
        config.termFrequency = []
        configure(&config)
        let table = FeatureTable.build(records)
        let links = ExactLinks(table, rules: config.rules)
        let plan = BlockingPlan(table, rules: config.blocking)
        return IdentityResolver(config: config).resolve(table, links: links, plan: plan, model: model, reviewed: reviewed,
                                                          itemTarget: itemTarget)
    }
}
