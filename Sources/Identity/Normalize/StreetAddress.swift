/// A street line split into street name and house number, with the street's comparison key.
///
/// `Hauptstr. 5a`, `Hauptstraße 5 a` and `hauptstrasse 5A` are one address; the key and the split
/// number make that an equality test instead of a fuzzy one.
public struct StreetAddress: Sendable, Equatable {
    /// The street name as written (NFC, white space collapsed), without the house number.
    public var street: String
    /// The folded street name: `NameNormalizer.matchKey` with every street type spelled `strasse`
    /// and joined to the word before it, e.g. `hauptstrasse`, `konrad adenauerstrasse`.
    public var streetKey: String
    /// The house number digits, a range kept whole (`12-14`); nil when the line has none.
    public var houseNumber: String?
    /// The addition to the number, lower-cased: `a` for `5a`/`5 A`, `/1` for `3/1`.
    public var houseSuffix: String?

    /// An address from parts that are already normalised (see `AddressNormalizer.parseStreet`).
    public init(street: String, streetKey: String, houseNumber: String? = nil, houseSuffix: String? = nil) {
        self.street = street
        self.streetKey = streetKey
        self.houseNumber = houseNumber
        self.houseSuffix = houseSuffix
    }
}
