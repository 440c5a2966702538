import Identity
import PipelineCore

/// The person fields of one staged record, read by position (no per-row dictionary).
struct StagedPerson: Sendable {
    /// The staging columns read, in this order; `seen_at` is the entity's time column, added per source.
    static let columns = ["record_id", "salutation", "title", "first_name", "last_name", "full_name", "email", "phone",
                          "street", "house_number", "postcode", "city", "birth_date", "customer_number",
                          "loyalty_card", "consent", "country", "gender", "consent_sms", "consent_phone", "consent_post",
                          "consent_date", "birth_year", "more_emails", "more_phones", "address_line2"]

    var recordID: String?
    var salutation: String?
    var title: String?
    var firstName: String?
    var lastName: String?
    var fullName: String?
    var email: String?
    var phone: String?
    var street: String?
    var houseNumber: String?
    var postcode: String?
    var city: String?
    var birthDate: String?
    var customerNumber: String?
    var loyaltyCard: String?
    var consent: String?
    var country: String?
    var gender: String?
    var consentSMS: String?
    var consentPhone: String?
    var consentPost: String?
    var consentDate: String?
    var birthYear: Int64?
    /// The further values of a multi-valued `email` / `phone` as staged (a JSON array, `MultiValue`).
    var moreEmails: String?
    var morePhones: String?
    /// A second address line (`address_line2`), as staged.
    var addressLine2: String?
    var seenAt: String?
    /// The raw text of a birth date that extract nulled as invalid (`etl_nulled`).
    var invalidBirthDate: String?
}

/// Builds the normalised `IdentityRecord` of a staged person record.
///
/// Names and street lines repeat across a person's records (every purchase of a card holder
/// spells the name alike), so their parses are remembered: a look-up instead of a parse.
struct IdentityNormalization {
    let phone: PhoneNormalizer
    let emailProviderRules: Bool
    /// ISO alpha-2 of records that name no (known) country.
    let defaultCountry: String?
    private var countries: [String: String?] = [:]
    private var names: [NameInput: PersonName] = [:]
    private var streets: [StreetInput: StreetAddress?] = [:]
    /// Remembered parses are dropped beyond this many, so memory stays bounded.
    private static let cacheLimit = 250_000

    private struct NameInput: Hashable {
        var first, last, full: String?
    }

    private struct StreetInput: Hashable {
        var street: String
        var houseNumber: String?
        var secondLine: String?
    }

    init(config: IdentityConfig) {
        phone = PhoneNormalizer(defaultCountryCode: config.defaultCountryCode)
        emailProviderRules = config.emailProviderRules
        defaultCountry = config.defaultCountry ?? CountryNormalizer.alpha2(callingCode: config.defaultCountryCode)
    }

    private mutating func name(_ input: NameInput) -> PersonName {
        if let known = names[input] { return known }
        if names.count >= Self.cacheLimit { names.removeAll(keepingCapacity: true) }
        let parsed = NameNormalizer.parse(first: input.first, last: input.last, full: input.full)
        names[input] = parsed
        return parsed
    }

    /// The record's country: its mapped value as an ISO code, else the default.
    private mutating func country(_ raw: String?) -> String? {
        guard let raw else { return defaultCountry }
        if let known = countries[raw] { return known ?? defaultCountry }
        let code = CountryNormalizer.alpha2(raw)
        if countries.count < Self.cacheLimit { countries[raw] = code }
        return code ?? defaultCountry
    }

    private mutating func street(_ input: StreetInput) -> StreetAddress? {
        if let known = streets[input] { return known }
        if streets.count >= Self.cacheLimit { streets.removeAll(keepingCapacity: true) }
        let parsed = AddressNormalizer.parseStreet(input.street, houseNumber: input.houseNumber, secondLine: input.secondLine)
        streets[input] = parsed
        return parsed
    }

    /// True when `row` carries something that identifies a person: a name (any part), an e-mail, a
    /// phone, a customer number, a loyalty card, a birth date or a street. A postcode or city alone
    /// (an anonymous purchase in a shop) identifies nobody.
    static func identifies(_ row: StagedPerson) -> Bool {
        row.email != nil || row.phone != nil || row.loyaltyCard != nil || row.customerNumber != nil
            || row.lastName != nil || row.fullName != nil || row.firstName != nil || row.birthDate != nil
            || row.street != nil || row.invalidBirthDate != nil || row.moreEmails != nil || row.morePhones != nil
    }

    /// The normalised record, or nil for a record that identifies nobody (an anonymous purchase).
    /// Every record with any identifying value is kept, however little it carries: it is a customer
    /// of its own if nothing links it.
    mutating func record(system: SourceSystem, source: String, row: StagedPerson) -> IdentityRecord? {
        guard let id = row.recordID, Self.identifies(row) else { return nil }
        var record = IdentityRecord(system: system, source: source, sourceRecordID: id)
        record.seenAt = row.seenAt
        let name = self.name(NameInput(first: row.firstName, last: row.lastName, full: row.fullName))
        record.salutation = row.salutation.flatMap(NameNormalizer.salutation) ?? name.salutation
        record.title = row.title ?? name.title
        record.firstName = name.first
        record.lastName = name.last
        record.email = row.email.flatMap { EmailNormalizer.normalize($0, providerRules: emailProviderRules) }
        let country = self.country(row.country)
        record.country = country
        record.phone = row.phone.flatMap { phone.e164($0, country: country) }
        if row.moreEmails != nil {
            (record.email, record.moreEmails) = Self.values(record.email, MultiValue.decode(row.moreEmails).compactMap {
                EmailNormalizer.normalize($0, providerRules: emailProviderRules)
            })
        }
        if row.morePhones != nil {
            (record.phone, record.morePhones) = Self.values(record.phone, MultiValue.decode(row.morePhones).compactMap { phone.e164($0, country: country) })
        }
        // Both address lines parsed through the cache; `addressLines` says which is the street.
        let first = row.street.flatMap { street(StreetInput(street: $0, houseNumber: row.houseNumber, secondLine: row.addressLine2)) }
        let second = row.addressLine2.flatMap { line in
            AddressNormalizer.isPlaceLine(line) ? street(StreetInput(street: line, houseNumber: nil)) : nil
        }
        let lines = AddressNormalizer.addressLines(first: first, second: second, houseNumberGiven: row.houseNumber != nil, city: row.city)
        if let parsed = lines.street {
            record.street = parsed.street
            record.streetKey = parsed.streetKey
            record.houseNumber = [parsed.houseNumber, parsed.houseSuffix].compactMap { $0 }.joined().nilIfEmpty
        }
        record.addressLine2 = row.addressLine2
        record.streetKey2 = lines.secondStreetKey
        record.postcode = row.postcode.flatMap { AddressNormalizer.postcode($0, country: country) }
        record.city = row.city
        record.birthDate = row.birthDate.flatMap(DateNormalizer.iso)
        if record.birthDate == nil { record.birthDateDigits = row.invalidBirthDate.flatMap(DateNormalizer.digits(ofInvalid:)) }
        // A year alone counts where the record has no date (not even a mistyped one) to compare.
        if record.birthDate == nil, record.birthDateDigits == nil, let year = row.birthYear { record.birthYear = Int(year) }
        record.customerNumber = row.customerNumber.map { $0.uppercased() }
        record.loyaltyCard = row.loyaltyCard.map { $0.uppercased() }
        record.consent = row.consent.map { $0 == "1" }
        // The salutation column, else the one a full name starts with (`Frau Anna Huber`, `Mr John Smith`).
        record.gender = row.gender ?? row.salutation.flatMap(Self.gender(salutation:)) ?? record.salutation.flatMap(Self.gender(salutation:))
        record.consentSMS = row.consentSMS.map { $0 == "1" }
        record.consentPhone = row.consentPhone.map { $0 == "1" }
        record.consentPost = row.consentPost.map { $0 == "1" }
        record.consentDate = row.consentDate
        return record
    }
}

extension IdentityNormalization {
    /// The first and the further values of a multi-valued field, normalised: the staged first value
    /// if it is valid, else the first valid further one; repeats dropped.
    static func values(_ first: String?, _ more: [String]) -> (String?, [String]) {
        var all: [String] = first.map { [$0] } ?? []
        for value in more where !all.contains(value) { all.append(value) }
        return (all.first, Array(all.dropFirst()))
    }

    /// The gender a salutation states (`Herr`, `Frau`, `Mr.`, `Mrs`, `Ms`, `Divers`), or nil.
    static func gender(salutation: String) -> String? {
        let word = salutation.split(whereSeparator: { $0 == " " || $0 == "." }).first.map { $0.lowercased() } ?? ""
        switch word {
        case "herr", "herrn", "hr", "mr", "sir": return "male"
        case "frau", "fr", "mrs", "ms", "miss", "madam": return "female"
        case "divers", "mx": return "diverse"
        default: return nil
        }
    }
}

extension IdentityNormalization {
    /// A staged value the transform could not normalise: kept out of matching and the golden record,
    /// listed in `id_nulled` with its raw text.
    struct NulledValue: Sendable {
        var field: String
        var reason: String
        var raw: String
    }

    /// The values of `row` that `record` (its normalised form) had to leave empty, and a country
    /// that was not recognised (the default was used instead).
    func nulled(_ row: StagedPerson, _ record: IdentityRecord) -> [NulledValue] {
        var values: [NulledValue] = []
        let country = record.country ?? "no country"
        let phoneReason = "not a phone number of \(country) or in international form"
        if row.moreEmails == nil {
            if let raw = row.email, record.email == nil { values.append(.init(field: "email", reason: "not an e-mail address", raw: raw)) }
        } else {
            // Multi-valued: each value that is no address, the first included (a valid further one took its place).
            for raw in [row.email].compactMap({ $0 }) + MultiValue.decode(row.moreEmails)
            where EmailNormalizer.normalize(raw, providerRules: emailProviderRules) == nil {
                values.append(.init(field: "email", reason: "not an e-mail address", raw: raw))
            }
        }
        if row.morePhones == nil {
            if let raw = row.phone, record.phone == nil { values.append(.init(field: "phone", reason: phoneReason, raw: raw)) }
        } else {
            for raw in [row.phone].compactMap({ $0 }) + MultiValue.decode(row.morePhones) where phone.e164(raw, country: record.country) == nil {
                values.append(.init(field: "phone", reason: phoneReason, raw: raw))
            }
        }
        if let raw = row.postcode, record.postcode == nil { values.append(.init(field: "postcode", reason: "not a postcode of \(country)", raw: raw)) }
        if let raw = row.street, record.street == nil { values.append(.init(field: "street", reason: "no street name in the line", raw: raw)) }
        // The code `country(_:)` found (cached), so no second look-up per record.
        if let raw = row.country, (countries[raw] ?? CountryNormalizer.alpha2(raw)) == nil {
            values.append(.init(field: "country", reason: "unknown country; used the default \(defaultCountry ?? "(none)")", raw: raw))
        }
        return values
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
