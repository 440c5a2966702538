/// Turns phone numbers as people type them into E.164 (`+49301234567`).
///
/// The same line appears as `030 1234567`, `(030) 1234567`, `+49 (0)30 1234567` or
/// `0049 30 1234567` across exports; only the E.164 form can be compared for equality.
public struct PhoneNormalizer: Sendable {
    /// Country code for numbers written in national form (`030 …`), digits only, without `+`.
    public let defaultCountryCode: String
    private let defaultCountryDigits: [UInt8]

    /// Countries whose trunk prefix is 0 and whose national numbers never start with 0, so a 0
    /// written after their country code (`+49 030 …`) is a mistake we can drop. Italy (39) is the
    /// well-known country whose numbers keep their 0 after the country code; it is not listed.
    private static let trunkZeroCountries: Set<[UInt8]> = [
        Array("49".utf8), Array("43".utf8), Array("41".utf8), Array("31".utf8),
        Array("32".utf8), Array("33".utf8), Array("44".utf8),
    ]

    /// Two-digit country codes (ITU-T E.164 zones); 1 and 7 are the one-digit ones, all others have three digits.
    private static let twoDigitCountryCodes: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
        51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66,
        81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]

    /// National significant numbers shorter than this are refused (a local number without area code).
    static let minimumNationalDigits = 6
    /// E.164 allows at most 15 digits after the `+`.
    static let maximumDigits = 15

    /// - Parameter defaultCountryCode: country code applied to numbers in national form; a value that
    ///   is not 1–3 digits makes every national-form number unusable (nil), international ones still work.
    public init(defaultCountryCode: String = "49") {
        self.defaultCountryCode = defaultCountryCode
        let digits = Array(defaultCountryCode.utf8)
        let valid = (1...3).contains(digits.count) && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && digits[0] != 0x30
        defaultCountryDigits = valid ? digits : []
    }

    /// The E.164 form of `raw`, or nil when it is empty, contains letters or other characters,
    /// has fewer than 6 national digits, more than 15 digits in all, or gives no country.
    ///
    /// Accepted: a leading `+` or `00` for the international form, a leading `0` (trunk prefix) for
    /// the national form; ` `, `-`, `/`, `.`, `(`, `)` and Unicode spaces anywhere as separators;
    /// `(0)` after the country code (`+49 (0)30 …`) is dropped. Digits without `+`, `00` or `0` in front
    /// are refused: `301234567` could be a local number or a damaged national one.
    /// - Complexity: O(n) over the UTF-8 bytes, one small allocation for the result.
    public func e164(_ raw: String) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var sawPlus = false
        var groupStart: Int?             // digit index where the open parenthesis started
        var optionalZeroAt: Int?         // index of a digit written alone as "(0)"
        var iterator = raw.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar.value {
            case 0x30...0x39:
                guard digits.count <= 20 else { return nil }
                digits.append(UInt8(scalar.value))
            case 0x2B: // +
                guard !sawPlus, digits.isEmpty else { return nil }
                sawPlus = true
            case 0x28: // (
                guard groupStart == nil else { return nil }
                groupStart = digits.count
            case 0x29: // )
                guard let start = groupStart else { return nil }
                if digits.count == start + 1, digits[start] == 0x30 { optionalZeroAt = start }
                groupStart = nil
            case 0x20, 0x09, 0x2D, 0x2F, 0x2E, 0xA0, 0x2007, 0x202F, 0x2009, 0x2010, 0x2011, 0x2013:
                continue  // space, tab, - / . and Unicode spaces and dashes
            default:
                return nil
            }
        }
        guard !digits.isEmpty, groupStart == nil else { return nil }

        var international: ArraySlice<UInt8>
        if sawPlus {
            if let zero = optionalZeroAt { digits.remove(at: zero) }
            international = digits[...]
        } else if digits.starts(with: [0x30, 0x30]) {
            if let zero = optionalZeroAt, zero >= 2 { digits.remove(at: zero) }
            international = digits.dropFirst(2)
        } else if digits[0] == 0x30 {
            guard !defaultCountryDigits.isEmpty else { return nil }
            international = ArraySlice(defaultCountryDigits + digits.dropFirst())
        } else {
            return nil
        }

        guard let first = international.first, first != 0x30 else { return nil }
        let countryLength = Self.countryCodeLength(international)
        guard international.count > countryLength else { return nil }
        let country = Array(international.prefix(countryLength))
        var national = international.dropFirst(countryLength)
        if Self.trunkZeroCountries.contains(country) {
            if national.first == 0x30 { national = national.dropFirst() }
            guard national.first != 0x30 else { return nil }
        }
        guard national.count >= Self.minimumNationalDigits,
              country.count + national.count <= Self.maximumDigits
        else { return nil }

        var result: [UInt8] = [UInt8(ascii: "+")]
        result.reserveCapacity(16)
        result.append(contentsOf: country)
        result.append(contentsOf: national)
        return String(decoding: result, as: UTF8.self)
    }

    /// Length of the country code that starts `digits` (E.164 country codes are prefix-free).
    private static func countryCodeLength(_ digits: ArraySlice<UInt8>) -> Int {
        guard let first = digits.first else { return 0 }
        if first == 0x31 || first == 0x37 { return 1 }
        guard digits.count >= 2 else { return 2 }
        let two = Int(first - 0x30) * 10 + Int(digits[digits.startIndex + 1] - 0x30)
        return twoDigitCountryCodes.contains(two) ? 2 : 3
    }

    /// The kind of line an E.164 number is, where its country's numbering plan says so: German
    /// mobile numbers start `+4915`, `+4916` or `+4917` (national `015x`, `016x`, `017x`); every other
    /// `+49` number is a landline (or a service number). Other countries: nil (not told apart).
    /// - Complexity: O(1), reads the first five bytes.
    public static func isMobile(e164 bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count >= 5, bytes[0] == UInt8(ascii: "+"), bytes[1] == UInt8(ascii: "4"), bytes[2] == UInt8(ascii: "9") else {
            return nil
        }
        return bytes[3] == UInt8(ascii: "1") && (UInt8(ascii: "5")...UInt8(ascii: "7")).contains(bytes[4])
    }
}
