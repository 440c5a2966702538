import PipelineCore

/// One person-describing source record, normalised for matching. Raw values stay in staging.
///
/// A million of these stay in memory through a transform, so the attributes most records lack
/// (salutation, title, gender, customer number, the consents by channel, a second address line,
/// further e-mails and phones, a birth year or an invalid date's digits) live in shared boxes,
/// `cold`, allocated only for records that have one: 16 bytes a record instead of about 150.
public struct IdentityRecord: Sendable, Equatable {
    public var system: SourceSystem
    /// Consent to marketing by e-mail.
    public var consent: Bool?
    public var source: String
    public var sourceRecordID: String
    /// When the record was made (signup, ticket opened, purchase, answer): ISO text, for recency.
    /// Kept packed (`SeenAtText`); `compareSeenAt` orders two records without unpacking.
    public var seenAt: String? {
        get { storedSeenAt.map(SeenAtText.unpack) }
        set { storedSeenAt = newValue.map(SeenAtText.pack) }
    }
    /// `seenAt` as kept (`SeenAtText`).
    private(set) var storedSeenAt: String?
    /// `seenAt != nil`, without unpacking it.
    public var hasSeenAt: Bool { storedSeenAt != nil }
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    /// E.164.
    public var phone: String?
    public var street: String?
    /// The folded street name (`AddressNormalizer.parseStreet`): `hauptstrasse`.
    public var streetKey: String?
    public var houseNumber: String?
    public var postcode: String?
    public var city: String?
    /// ISO 3166 alpha-2 of the record's country (mapped, else the pipeline's default).
    public var country: String?
    /// ISO date.
    public var birthDate: String?
    public var loyaltyCard: String?
    /// The staging file (`etl_file.file_id`) the record's newest version came in; 0 when unknown.
    public var fileID: Int64 = 0
    /// The attributes most records lack (below).
    private var cold = ColdAttributes()

    public var salutation: String? {
        get { cold.common?.values.salutation }
        set { cold.set(\.salutation, newValue) }
    }
    public var title: String? {
        get { cold.rare?.values.title }
        set { cold.set(\.title, newValue) }
    }
    /// The second address line as written (`address_line2`), and the street key of the line that is
    /// not the street, where it reads as a street or place (`AddressNormalizer.addressLines`):
    /// matching compares it with the other record's street, for exports that swap the two lines.
    public var addressLine2: String? {
        get { cold.rare?.values.addressLine2 }
        set { cold.set(\.addressLine2, newValue) }
    }
    public var streetKey2: String? {
        get { cold.rare?.values.streetKey2 }
        set { cold.set(\.streetKey2, newValue) }
    }
    /// The digits of a birth date that is no valid date (`1974-17-15` → 19741715), when `birthDate`
    /// is nil: compared only, so a typo in the date still agrees with the right date at the `typo`
    /// level; never shown as a value.
    public var birthDateDigits: Int32? {
        get { cold.rare?.values.birthDateDigits }
        set { cold.set(\.birthDateDigits, newValue) }
    }
    public var customerNumber: String? {
        get { cold.common?.values.customerNumber }
        set { cold.set(\.customerNumber, newValue) }
    }
    /// female, male or diverse: mapped, else from the salutation.
    public var gender: String? {
        get { cold.common?.values.gender }
        set { cold.set(\.gender, newValue) }
    }
    /// Consent to marketing by SMS, phone and post (`consent` is e-mail), and when the record's
    /// consent was given or withdrawn (ISO date).
    public var consentSMS: Bool? {
        get { cold.rare?.values.consentSMS }
        set { cold.set(\.consentSMS, newValue) }
    }
    public var consentPhone: Bool? {
        get { cold.rare?.values.consentPhone }
        set { cold.set(\.consentPhone, newValue) }
    }
    public var consentPost: Bool? {
        get { cold.rare?.values.consentPost }
        set { cold.set(\.consentPost, newValue) }
    }
    public var consentDate: String? {
        get { cold.rare?.values.consentDate }
        set { cold.set(\.consentDate, newValue) }
    }
    /// Further e-mail addresses and phones (E.164) of a multi-valued mapping (`from_all`), normalised,
    /// without `email` / `phone` and without repeats. Matching compares every value; the golden
    /// record shows one.
    public var moreEmails: [String] {
        get { cold.rare?.values.moreEmails ?? [] }
        set { cold.set(\.moreEmails, newValue) }
    }
    public var morePhones: [String] {
        get { cold.rare?.values.morePhones ?? [] }
        set { cold.set(\.morePhones, newValue) }
    }
    /// The birth year of a record that has no birth date (`birth_year` in a mapping): compared as
    /// weak evidence (`DateComparison.Level.sameYear`), never shown or counted as a date.
    public var birthYear: Int? {
        get { cold.rare?.values.birthYear }
        set { cold.set(\.birthYear, newValue) }
    }

    /// `a.seenAt` against `b.seenAt` in UTF-8 byte order, nil before any text (with `nilAsEmpty`,
    /// nil as the empty text): <0, 0 or >0. Reads the packed texts, unpacking none where both are
    /// UTC seconds.
    public static func compareSeenAt(_ a: IdentityRecord, _ b: IdentityRecord, nilAsEmpty: Bool = false) -> Int {
        switch (a.storedSeenAt, b.storedSeenAt) {
        case (nil, nil): return 0
        case let (nil, y?): return nilAsEmpty && y.isEmpty ? 0 : -1
        case let (x?, nil): return nilAsEmpty && x.isEmpty ? 0 : 1
        case let (x?, y?): return SeenAtText.compare(x, y)
        }
    }

    public init(system: SourceSystem, source: String, sourceRecordID: String) {
        self.system = system
        self.source = source
        self.sourceRecordID = sourceRecordID
    }
}

/// The attributes of `IdentityRecord` that most records lack, in two copy-on-write boxes that a
/// record without any of their attributes does not allocate: one for those a contact export
/// usually has (salutation, gender, customer number; a third of the records at 1M), one for the
/// rest. Equal when the values are, box or no box.
struct ColdAttributes: Sendable, Equatable {
    struct Common: Sendable, Equatable {
        var salutation: String?
        var gender: String?
        var customerNumber: String?
    }

    struct Rare: Sendable, Equatable {
        var title: String?
        var addressLine2: String?
        var streetKey2: String?
        var birthDateDigits: Int32?
        var consentSMS: Bool?
        var consentPhone: Bool?
        var consentPost: Bool?
        var consentDate: String?
        var moreEmails: [String] = []
        var morePhones: [String] = []
        var birthYear: Int?
    }

    /// `@unchecked Sendable`: a box is only written while its record holds the one reference
    /// (`set` copies it otherwise), so no box is ever shared while it changes.
    fileprivate final class Box<Values: Sendable>: @unchecked Sendable {
        var values: Values
        init(_ values: Values) { self.values = values }
    }

    /// Read through `common?.values.field`: one field, not a copy of them all.
    fileprivate private(set) var common: Box<Common>?
    fileprivate private(set) var rare: Box<Rare>?

    mutating func set<T: Equatable>(_ field: WritableKeyPath<Common, T>, _ value: T) {
        Self.set(&common, Common(), field, value)
    }

    mutating func set<T: Equatable>(_ field: WritableKeyPath<Rare, T>, _ value: T) {
        Self.set(&rare, Rare(), field, value)
    }

    private static func set<Values: Sendable, T: Equatable>(_ box: inout Box<Values>?, _ empty: Values,
                                                            _ field: WritableKeyPath<Values, T>, _ value: T) {
        if box == nil {
            guard value != empty[keyPath: field] else { return }
            box = Box(empty)
        } else if !isKnownUniquelyReferenced(&box) {
            box = Box(box!.values)
        }
        box!.values[keyPath: field] = value
    }

    static func == (a: ColdAttributes, b: ColdAttributes) -> Bool {
        (a.common?.values ?? Common()) == (b.common?.values ?? Common()) && (a.rare?.values ?? Rare()) == (b.rare?.values ?? Rare())
    }
}
