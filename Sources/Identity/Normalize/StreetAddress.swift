/// A street line split into street name, house number and unit, with the street's comparison key.
///
/// `Hauptstr. 5a`, `Hauptstraße 5 a` and `hauptstrasse 5A` are one address; the key and the split
/// number make that an equality test instead of a fuzzy one.
public struct StreetAddress: Sendable, Equatable {
    /// The street name as written (NFC, white space collapsed), without the house number.
    public var street: String
    /// The folded street name (`AddressNormalizer.streetKey`): German street types spelled out and
    /// joined to the word before (`hauptstrasse`, `konrad adenauerstrasse`, `marktplatz`), English
    /// ones spelled out (`willis avenue`, `smith street`).
    public var streetKey: String
    /// The house number digits, a range kept whole (`12-14`); nil when the line has none.
    public var houseNumber: String?
    /// The addition to the number, lower-cased: `a` for `5a`/`5 A`, `/1` for `3/1`.
    public var houseSuffix: String?
    /// Flat, suite, floor or building part, folded (`apt 176`, `whg 3`, `hinterhaus`); not part of
    /// the house number. nil when the line has none.
    public var unit: String?

    /// An address from parts that are already normalised (see `AddressNormalizer.parseStreet`).
    public init(street: String, streetKey: String, houseNumber: String? = nil, houseSuffix: String? = nil, unit: String? = nil) {
        self.street = street
        self.streetKey = streetKey
        self.houseNumber = houseNumber
        self.houseSuffix = houseSuffix
        self.unit = unit
    }
}
