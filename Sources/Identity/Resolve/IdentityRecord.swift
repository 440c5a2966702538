import PipelineCore

/// One person-describing source record, normalised for matching. Raw values stay in staging.
public struct IdentityRecord: Sendable, Equatable {
    public var system: SourceSystem
    public var source: String
    public var sourceRecordID: String
    /// When the record was made (signup, ticket opened, purchase, answer): ISO text, for recency.
    public var seenAt: String?
    public var salutation: String?
    public var title: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    /// E.164.
    public var phone: String?
    public var street: String?
    /// The folded street name (`AddressNormalizer.parseStreet`): `hauptstrasse`.
    public var streetKey: String?
    public var houseNumber: String?
    /// The second address line as written (`address_line2`), and the street key of the line that is
    /// not the street, where it reads as a street or place (`AddressNormalizer.addressLines`):
    /// matching compares it with the other record's street, for exports that swap the two lines.
    public var addressLine2: String?
    public var streetKey2: String?
    public var postcode: String?
    public var city: String?
    /// ISO 3166 alpha-2 of the record's country (mapped, else the pipeline's default).
    public var country: String?
    /// ISO date.
    public var birthDate: String?
    /// The digits of a birth date that is no valid date (`1974-17-15` → 19741715), when `birthDate`
    /// is nil: compared only, so a typo in the date still agrees with the right date at the `typo`
    /// level; never shown as a value.
    public var birthDateDigits: Int32?
    public var customerNumber: String?
    public var loyaltyCard: String?
    public var consent: Bool?
    /// female, male or diverse: mapped, else from the salutation.
    public var gender: String?
    /// Consent to marketing by SMS, phone and post (`consent` is e-mail), and when the record's
    /// consent was given or withdrawn (ISO date).
    public var consentSMS: Bool?
    public var consentPhone: Bool?
    public var consentPost: Bool?
    public var consentDate: String?
    /// Further e-mail addresses and phones (E.164) of a multi-valued mapping (`from_all`), normalised,
    /// without `email` / `phone` and without repeats. Matching compares every value; the golden
    /// record shows one.
    public var moreEmails: [String] = []
    public var morePhones: [String] = []
    /// The birth year of a record that has no birth date (`birth_year` in a mapping): compared as
    /// weak evidence (`DateComparison.Level.sameYear`), never shown or counted as a date.
    public var birthYear: Int?
    /// The staging file (`etl_file.file_id`) the record's newest version came in; 0 when unknown.
    public var fileID: Int64 = 0

    public init(system: SourceSystem, source: String, sourceRecordID: String) {
        self.system = system
        self.source = source
        self.sourceRecordID = sourceRecordID
    }
}
