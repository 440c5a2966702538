/// What one source record is, in the canonical model. The pipeline file maps source fields to the
/// canonical fields of the record's entity; code never knows a source's own column names.
public enum Entity: String, Sendable, CaseIterable, Codable {
    case contact
    case emailEvent = "email_event"
    case ticket
    case purchase
    case surveyResponse = "survey_response"
    case branch

    /// Entities whose records describe a person and take part in identity resolution.
    public var describesPerson: Bool {
        switch self {
        case .contact, .ticket, .purchase, .surveyResponse: return true
        case .emailEvent, .branch: return false
        }
    }

    /// The canonical fields, in staging column order.
    public var fields: [CanonicalField] {
        switch self {
        case .contact: return CanonicalField.person + [.init("signup_date", .date)]
        case .emailEvent: return [
            .init("record_id", .text, required: true), .init("contact_id", .text),
            .init("campaign_id", .text), .init("campaign_name", .text),
            .init("event_type", .text, required: true, allowed: ["sent", "opened", "clicked", "bounced", "unsubscribed"]),
            .init("occurred_at", .datetime, required: true),
            // The contact by e-mail address, for tools whose events carry no contact id.
            .init("contact_email", .text),
        ]
        case .ticket: return CanonicalField.person + [
            .init("channel", .text), .init("category", .text), .init("priority", .text), .init("status", .text),
            .init("opened_at", .datetime, required: true), .init("first_response_at", .datetime),
            .init("closed_at", .datetime), .init("csat", .integer, range: 1...5), .init("reopen_count", .integer, range: 0...1000),
        ]
        case .purchase: return CanonicalField.person + [
            .init("branch_id", .text), .init("occurred_at", .datetime, required: true),
            .init("amount", .money, required: true), .init("currency", .text),
            .init("items", .list, itemFields: [
                .init("sku", .text), .init("name", .text), .init("quantity", .decimal), .init("unit_price", .money),
            ]),
        ]
        case .surveyResponse: return CanonicalField.person + [
            .init("survey_id", .text), .init("answered_at", .datetime, required: true),
            .init("nps", .integer, range: 0...10), .init("ces", .integer, range: 1...7),
            .init("csat", .integer, range: 1...5), .init("comment", .text),
        ]
        case .branch: return [
            .init("record_id", .text, required: true), .init("name", .text), .init("street", .text),
            .init("postcode", .text), .init("city", .text), .init("region", .text),
        ]
        }
    }

    public func field(named name: String) -> CanonicalField? { fields.first { $0.name == name } }

    /// Fields of which a source must map at least one, and a record must have at least one value:
    /// an e-mail event names its contact by id or by e-mail address.
    public var requiredOneOf: [[String]] {
        self == .emailEvent ? [["contact_id", "contact_email"]] : []
    }

    /// What an untypable value of `field` does when the mapping sets no `on_invalid`: the optional
    /// attributes of a person (birth date, consent, …) are nulled, so one bad value does not lose the
    /// person; ids, times, amounts, required fields and fact values (nps, csat …) reject the record.
    public func defaultInvalidPolicy(for field: CanonicalField) -> InvalidValuePolicy {
        guard describesPerson, !field.isRequired,
              let person = CanonicalField.person.first(where: { $0.name == field.name }), !person.isRequired else { return .reject }
        return .null
    }
}

/// How a canonical value is typed once mapped.
public enum FieldType: String, Sendable, Codable {
    case text, integer
    /// Exact decimal, staged as canonical text (`1234.56`).
    case decimal
    /// Money in integer cents.
    case money
    /// ISO date `yyyy-MM-dd`.
    case date
    /// ISO 8601 UTC `yyyy-MM-ddTHH:mm:ssZ`.
    case datetime
    /// 1 or 0.
    case boolean
    /// Repeated sub-records (line items), staged as a JSON array.
    case list

    /// The SQLite column type used in staging.
    public var sqlType: String {
        switch self {
        case .integer, .money, .boolean: return "INTEGER"
        default: return "TEXT"
        }
    }
}

/// One field of the canonical model.
public struct CanonicalField: Sendable, Equatable {
    public let name: String
    public let type: FieldType
    public let isRequired: Bool
    public let range: ClosedRange<Int64>?
    /// For text fields with a closed vocabulary (after the mapping's `values` translation).
    public let allowed: [String]?
    public let itemFields: [CanonicalField]
    /// False for staging columns that extract fills from another field's mapping (`more_emails`
    /// from `email: {from_all: …}`): a pipeline cannot map them itself.
    public let isMappable: Bool

    public init(_ name: String, _ type: FieldType, required: Bool = false, range: ClosedRange<Int64>? = nil,
                allowed: [String]? = nil, itemFields: [CanonicalField] = [], mappable: Bool = true) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.range = range
        self.allowed = allowed
        self.itemFields = itemFields
        self.isMappable = mappable
    }

    /// Fields that may take several values (`email: {from_all: [E-Mail, E-Mail2]}`), each with the
    /// staging column of its further values: the field's own column keeps the first valid value,
    /// so everything that reads one value keeps working; the others are a JSON array of text
    /// (`MultiValue`) beside it, used for matching and the golden record.
    public static let multiValued: [String: String] = ["email": "more_emails", "phone": "more_phones"]

    /// The fields every person-describing record may carry.
    /// `address` in a mapping: a one-line address (`Hauptstraße 5, 10115 Berlin`) that extract
    /// splits into `street`, `postcode` and `city` where those are not mapped themselves. Not staged.
    public static let addressLine = CanonicalField("address", .text)

    public static let person: [CanonicalField] = [
        .init("record_id", .text, required: true),
        .init("customer_number", .text), .init("loyalty_card", .text),
        .init("salutation", .text), .init("title", .text),
        .init("first_name", .text), .init("last_name", .text), .init("full_name", .text),
        .init("email", .text), .init("phone", .text),
        .init("street", .text), .init("house_number", .text), .init("postcode", .text), .init("city", .text),
        .init("country", .text), .init("birth_date", .date), .init("consent", .boolean),
        // Map the export's codes with `values:` (`{w: female, m: male, d: diverse}`); without it the
        // salutation says it where it can (Herr, Frau, Mr, Mrs, Ms).
        .init("gender", .text, allowed: ["female", "male", "diverse"]),
        // Consent per channel: `consent` is marketing by e-mail; these say yes or no for SMS, phone
        // calls and post; `consent_date` when the record's consent was given or withdrawn.
        .init("consent_sms", .boolean), .init("consent_phone", .boolean), .init("consent_post", .boolean),
        .init("consent_date", .date),
        // A birth year alone (a survey's `Jahrgang`): evidence for matching (the same year agrees
        // weakly, another year disagrees), never a birth date: the golden record and every age
        // take full dates only.
        .init("birth_year", .integer, range: 1870...2100),
        // A second address line (`address_2`, `Adresszusatz`, `c/o`, a building or estate name). Exports
        // swap the two lines now and then, so matching also compares each record's street with the
        // other's second line; it is kept in staging `id_record`, not in the warehouse.
        .init("address_line2", .text),
        // Filled by extract from `email` / `phone` mapped with `from_all` (see `multiValued`).
        .init("more_emails", .text, mappable: false), .init("more_phones", .text, mappable: false),
    ]
}

/// A canonical value after mapping, ready to stage.
public enum CanonicalValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
}
