/// Postcodes by country: one spelling per postcode, so equal postcodes compare equal as text.
///
/// Why per country: a 4-digit value is a German postcode whose leading 0 a spreadsheet dropped
/// (`1067` → `01067`) but a complete Austrian, Swiss, Danish, Belgian or Australian one (`2119`);
/// British, Dutch, Polish, Irish and Canadian postcodes have letters or a fixed layout.
extension AddressNormalizer {
    /// A German postcode as 5-character text, or nil: `postcode(raw, country: nil)`.
    public static func postcode(_ raw: String) -> String? {
        postcode(raw, country: nil)
    }

    /// The postcode of `raw` in the layout of `country`, or nil when it does not fit it.
    ///
    /// White space around the value is ignored, letters are upper-cased, and a country prefix the
    /// post accepts is dropped (`D-01067`, `DE-80331`, `A-1010`, `CH-8001`, `NL-1234 AB`, `LV-1050`),
    /// as is a state or province written before the code (`NSW 2000`, `TX 78701`, `ON M5H 2N2`).
    /// - Parameter country: ISO alpha-2 code (`CountryNormalizer.alpha2`), either case. nil means
    ///   Germany, the default before countries were stored.
    ///
    /// | Country | Result |
    /// | --- | --- |
    /// | DE, FR, IT, ES | 5 digits; 4 digits get the leading 0 a spreadsheet dropped (`1067` → `01067`) |
    /// | AT, CH, BE, DK, LU, NO, HU, SI, LI, BG, AU, NZ, CY, LV | 4 digits, kept as they are |
    /// | SE, CZ, SK, GR | 5 digits, also written `123 45` (→ `12345`) |
    /// | FI, EE, HR, LT, TR, UA, RS, MC, SM | 5 digits |
    /// | RO, RU | 6 digits; IS 3 digits |
    /// | US | the 5-digit ZIP: `12345`, `12345-6789` and `123456789` all give `12345` (ZIP+4 is a delivery detail, and numeric postcodes stay comparable); 4 digits get the leading 0 |
    /// | GB | `SW1A 1AA`: outward and inward code with one space |
    /// | NL | `1234 AB` |
    /// | PL | `00-950` |
    /// | PT | `1000-001` |
    /// | IE | Eircode `D02 X285` (routing key, one space, unique identifier) |
    /// | CA | `K1A 0B1` |
    /// | any other code | trimmed, upper-cased, inner white space collapsed: letters, digits, `-` and spaces, 2–10 characters with a digit; no zeros added |
    /// - Complexity: O(n) over the UTF-8 bytes.
    public static func postcode(_ raw: String, country: String?) -> String? {
        let format = country.flatMap { $0.isEmpty ? nil : PostcodeFormat.of(alpha2: $0) } ?? PostcodeFormat.germany
        var bytes = Array(trimmingSeparators(raw).utf8)
        for index in bytes.indices where bytes[index] >= UInt8(ascii: "a") && bytes[index] <= UInt8(ascii: "z") {
            bytes[index] &= ~0x20
        }
        for prefix in format.prefixes where bytes.count > prefix.utf8.count + 1 && bytes.starts(with: prefix.utf8) {
            let separator = bytes[prefix.utf8.count]
            if separator == UInt8(ascii: "-") || separator == UInt8(ascii: " ") {
                bytes.removeFirst(prefix.utf8.count + 1)
                break
            }
        }
        return format.normalize(bytes)
    }
}

/// How one country writes its postcodes.
enum PostcodeFormat: Sendable {
    /// `count` digits; `padded`: one missing leading 0 is restored; `group`: a space or hyphen
    /// accepted after that many digits and dropped (`123 45`).
    case digits(Int, padded: Bool, group: Int?, prefixes: [String])
    case unitedStates, unitedKingdom, netherlands, poland, portugal, ireland, canada
    /// Unknown country: trimmed and upper-cased, nothing invented.
    case other

    static let germany = PostcodeFormat.digits(5, padded: true, group: nil, prefixes: ["DE", "D"])

    /// The format of an alpha-2 code (either case); `other` for codes without one.
    /// - Complexity: one dictionary look-up (built once), no allocation for upper-case codes.
    static func of(alpha2: String) -> PostcodeFormat {
        if let known = byAlpha2[alpha2] { return known }
        return byAlpha2[alpha2.uppercased()] ?? .other
    }

    private static let byAlpha2: [String: PostcodeFormat] = {
        var table: [String: PostcodeFormat] = [:]
        for code in CountryNormalizer.countries.map(\.alpha2) + ["UK"] {
            table[code] = PostcodeFormat(alpha2: code)
        }
        return table
    }()

    private init(alpha2: String) {
        switch alpha2 {
        case "DE": self = Self.germany
        case "FR": self = .digits(5, padded: true, group: nil, prefixes: ["FR", "F"])
        case "IT": self = .digits(5, padded: true, group: nil, prefixes: ["IT", "I"])
        case "ES": self = .digits(5, padded: true, group: nil, prefixes: ["ES", "E"])
        case "AT": self = .digits(4, padded: false, group: nil, prefixes: ["AT", "A"])
        case "BE": self = .digits(4, padded: false, group: nil, prefixes: ["BE", "B"])
        case "LU": self = .digits(4, padded: false, group: nil, prefixes: ["LU", "L"])
        case "LI": self = .digits(4, padded: false, group: nil, prefixes: ["LI", "FL"])
        case "AU": self = .digits(4, padded: false, group: nil, prefixes: ["AU"] + Self.australianStates)
        case let code where ["CH", "DK", "NO", "HU", "SI", "BG", "NZ", "CY", "LV"].contains(code):
            self = .digits(4, padded: false, group: nil, prefixes: [code])
        case let code where ["SE", "CZ", "SK", "GR"].contains(code):
            self = .digits(5, padded: false, group: 3, prefixes: [code])
        case let code where ["FI", "EE", "HR", "LT", "TR", "UA", "RS", "MC", "SM"].contains(code):
            self = .digits(5, padded: false, group: nil, prefixes: [code])
        case let code where ["RO", "RU"].contains(code):
            self = .digits(6, padded: false, group: nil, prefixes: [code])
        case "IS": self = .digits(3, padded: false, group: nil, prefixes: ["IS"])
        case "US": self = .unitedStates
        case "GB", "UK": self = .unitedKingdom
        case "NL": self = .netherlands
        case "PL": self = .poland
        case "PT": self = .portugal
        case "IE": self = .ireland
        case "CA": self = .canada
        default: self = .other
        }
    }

    /// Country prefixes dropped before the postcode (`D-`, `CH-`), and the states and provinces
    /// written before it in one field (`NSW 2000`, `TX 78701`, `ON M5H 2N2`).
    var prefixes: [String] {
        switch self {
        case .digits(_, _, _, let prefixes): return prefixes
        case .netherlands: return ["NL"]
        case .poland: return ["PL"]
        case .portugal: return ["PT"]
        case .unitedStates: return ["USA", "US"] + Self.unitedStatesStates
        case .canada: return ["CA"] + Self.canadianProvinces
        default: return []
        }
    }

    static let australianStates = ["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"]
    static let unitedStatesStates = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
        "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR",
    ]
    static let canadianProvinces = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]

    /// The postcode of trimmed, upper-cased `bytes`, or nil.
    func normalize(_ bytes: [UInt8]) -> String? {
        switch self {
        case let .digits(count, padded, group, _):
            var digits = bytes
            if let group, digits.count == count + 1, digits[group] == 0x20 || digits[group] == UInt8(ascii: "-") {
                digits.remove(at: group)
            }
            guard digits.allSatisfy(isDigit) else { return nil }
            if digits.count == count { return text(digits) }
            if padded, digits.count == count - 1 { return "0" + text(digits) }
            return nil

        case .unitedStates:
            var digits = bytes
            if digits.count == 10, digits[5] == UInt8(ascii: "-") || digits[5] == 0x20 { digits.remove(at: 5) }
            guard digits.allSatisfy(isDigit) else { return nil }
            switch digits.count {
            case 5, 9: return text(digits.prefix(5))
            case 4: return "0" + text(digits)
            default: return nil
            }

        case .unitedKingdom:
            // Outward code (A9, A99, AA9, AA99, A9A, AA9A), inward code (9AA).
            let compact = bytes.filter { $0 != 0x20 }
            guard (5...7).contains(compact.count), compact.allSatisfy(isAlphanumeric) else { return nil }
            let outward = compact.dropLast(3), inward = compact.suffix(3)
            guard isLetter(outward[outward.startIndex]), outward.contains(where: isDigit),
                  isDigit(inward[inward.startIndex]), inward.dropFirst().allSatisfy(isLetter) else { return nil }
            return text(outward) + " " + text(inward)

        case .netherlands:
            let compact = bytes.filter { $0 != 0x20 }
            guard compact.count == 6, compact.prefix(4).allSatisfy(isDigit), compact[0] != UInt8(ascii: "0"),
                  compact.suffix(2).allSatisfy(isLetter) else { return nil }
            return text(compact.prefix(4)) + " " + text(compact.suffix(2))

        case .poland:
            var digits = bytes
            if digits.count == 6, digits[2] == UInt8(ascii: "-") { digits.remove(at: 2) }
            guard digits.count == 5, digits.allSatisfy(isDigit) else { return nil }
            return text(digits.prefix(2)) + "-" + text(digits.suffix(3))

        case .portugal:
            var digits = bytes
            if digits.count == 8, digits[4] == UInt8(ascii: "-") || digits[4] == 0x20 { digits.remove(at: 4) }
            guard digits.count == 7, digits.allSatisfy(isDigit) else { return nil }
            return text(digits.prefix(4)) + "-" + text(digits.suffix(3))

        case .ireland:
            // Routing key (a letter and two digits, or D6W), then a 4-character unique identifier.
            let compact = bytes.filter { $0 != 0x20 }
            guard compact.count == 7, compact.allSatisfy(isAlphanumeric), isLetter(compact[0]) else { return nil }
            let key = compact.prefix(3)
            guard key.elementsEqual("D6W".utf8) || (isDigit(compact[1]) && isDigit(compact[2])) else { return nil }
            return text(key) + " " + text(compact.suffix(4))

        case .canada:
            let compact = bytes.filter { $0 != 0x20 }
            guard compact.count == 6,
                  compact.enumerated().allSatisfy({ $0.offset % 2 == 0 ? isLetter($0.element) : isDigit($0.element) })
            else { return nil }
            return text(compact.prefix(3)) + " " + text(compact.suffix(3))

        case .other:
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for byte in bytes {
                if byte == 0x20 || byte == 0x09 {
                    if out.last != 0x20 { out.append(0x20) }
                } else if isAlphanumeric(byte) || byte == UInt8(ascii: "-") {
                    out.append(byte)
                } else {
                    return nil
                }
            }
            guard (2...10).contains(out.count), out.contains(where: isDigit) else { return nil }
            return text(out)
        }
    }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
private func isLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
private func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
private func text<C: Collection<UInt8>>(_ bytes: C) -> String { String(decoding: bytes, as: UTF8.self) }
