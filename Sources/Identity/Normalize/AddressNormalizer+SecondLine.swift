/// A record's two address lines: which is its street, and which street the other line offers.
extension AddressNormalizer {
    /// The street of a record with two address lines, and the street key of the other line, which
    /// matching compares with the other record's street (exports that swap the lines).
    public struct AddressLines: Sendable, Equatable {
        public var street: StreetAddress?
        /// nil where the other line is no street (a unit, a c/o line), repeats the street or names the town.
        public var secondStreetKey: String?
    }

    /// Decides from the lines already parsed: `first` is line 1 (`parseStreet(street, houseNumber:,
    /// secondLine:)`), `second` is line 2 parsed alone where it is a place line (`isPlaceLine`).
    ///
    /// Line 1 is the street, unless it is a building, an estate or a flat and line 2 the numbered
    /// street (`Flat 3, Rose Court` / `12 High Street`, `Apt 5` / `123 Main St`): line 1 has no house
    /// number, no house-number column gave one (`houseNumberGiven`), and line 2 has one and ends in a
    /// street type (`namesStreet`). The other line's key is dropped where it repeats the street or is
    /// the town's name (`address_2: Ort` in an export): no second street to compare, and no block of a
    /// whole town.
    public static func addressLines(first: StreetAddress?, second: StreetAddress?, houseNumberGiven: Bool,
                                    city: String?) -> AddressLines {
        let promoted = !houseNumberGiven && first?.houseNumber == nil && second?.houseNumber != nil
            && second.map { namesStreet(key: $0.streetKey) } == true
        let street = promoted ? second : first
        var other = (promoted ? first : second)?.streetKey
        if other == street?.streetKey || other == city.map(cityKey) { other = nil }
        return AddressLines(street: street, secondStreetKey: other)
    }

    /// The same from the raw lines, each parsed here (the transform parses through its cache).
    public static func addressLines(street: String?, houseNumber: String?, secondLine: String?, city: String?) -> AddressLines {
        addressLines(first: street.flatMap { parseStreet($0, houseNumber: houseNumber, secondLine: secondLine) },
                     second: secondLine.flatMap { isPlaceLine($0) ? parseStreet($0) : nil },
                     houseNumberGiven: houseNumber != nil, city: city)
    }

    /// False for a second address line that is a unit, a building part or a c/o line (`unit 5`,
    /// `Whg. 3`, `Hinterhaus`, `c/o …`): no street or place to compare.
    public static func isPlaceLine(_ line: String) -> Bool {
        guard let text = NameNormalizer.cleaned(line) else { return false }
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first, AddressUnit.leading(words) == nil, !AddressUnit.isBuildingPart(first) else { return false }
        let lowered = first.lowercased()
        return lowered != "c/o" && lowered != "co" && lowered != "attn" && lowered != "z.hd." && lowered != "z."
    }
}
