import Identity
import PipelineCore

/// Builds the normalised `IdentityRecord` of a staged person record.
struct IdentityNormalization {
    let phone: PhoneNormalizer
    let emailProviderRules: Bool

    init(config: IdentityConfig) {
        phone = PhoneNormalizer(defaultCountryCode: config.defaultCountryCode)
        emailProviderRules = config.emailProviderRules
    }

    /// `row` maps canonical field names to staged text values.
    func record(system: SourceSystem, source: String, row: [String: String], seenAt: String?) -> IdentityRecord? {
        guard let id = row["record_id"] else { return nil }
        // A record with nothing that identifies a person (an anonymous purchase) is not a customer.
        let identifying = ["email", "phone", "loyalty_card", "customer_number", "last_name", "full_name"]
        guard identifying.contains(where: { row[$0] != nil }) else { return nil }
        var record = IdentityRecord(system: system, source: source, sourceRecordID: id)
        record.seenAt = seenAt
        let name = NameNormalizer.parse(first: row["first_name"], last: row["last_name"], full: row["full_name"])
        record.salutation = row["salutation"].flatMap(NameNormalizer.salutation) ?? name.salutation
        record.title = row["title"] ?? name.title
        record.firstName = name.first
        record.lastName = name.last
        record.email = row["email"].flatMap { EmailNormalizer.normalize($0, providerRules: emailProviderRules) }
        record.phone = row["phone"].flatMap { phone.e164($0) }
        if let street = row["street"], let parsed = AddressNormalizer.parseStreet(street, houseNumber: row["house_number"]) {
            record.street = parsed.street
            record.houseNumber = [parsed.houseNumber, parsed.houseSuffix].compactMap { $0 }.joined().nilIfEmpty
        }
        record.postcode = row["postcode"].flatMap(AddressNormalizer.postcode)
        record.city = row["city"]
        record.birthDate = row["birth_date"]
        record.customerNumber = row["customer_number"].map { $0.uppercased() }
        record.loyaltyCard = row["loyalty_card"].map { $0.uppercased() }
        record.consent = row["consent"].map { $0 == "1" }
        return record
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
