/// Turns phone numbers as people type them into E.164 (`+49301234567`), read by the record's country.
///
/// The same line appears as `030 1234567`, `(030) 1234567`, `+49 (0)30 1234567` or
/// `0049 30 1234567` across exports; only the E.164 form can be compared for equality. A national
/// number means something only with its country: `0664 1234567` is Austrian in an Austrian record,
/// `(418) 177-4660` is North American in a US one. Country rules live in `PhoneNumberingPlan`.
public struct PhoneNormalizer: Sendable {
    /// Country code for numbers written in national form (`030 …`), digits only, without `+`.
    public let defaultCountryCode: String
    /// The plan of the default country: its own where we know it (`"1"` → North America, `"61"` →
    /// Australia), otherwise a generic one with a trunk 0; nil when the code is unusable.
    private let defaultPlan: PhoneNumberingPlan?

    /// National significant numbers shorter than this are refused where no plan says otherwise.
    static let minimumNationalDigits = 6
    /// E.164 allows at most 15 digits after the `+`.
    static let maximumDigits = 15

    /// - Parameter defaultCountryCode: country code applied to numbers in national form when the
    ///   record has no country; a value that is not 1–3 digits makes every such number unusable
    ///   (nil), international ones still work.
    public init(defaultCountryCode: String = "49") {
        self.defaultCountryCode = defaultCountryCode
        let digits = Array(defaultCountryCode.utf8)
        let valid = (1...3).contains(digits.count) && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && digits[0] != 0x30
        if valid, let code = Int(defaultCountryCode) {
            defaultPlan = PhoneNumberingPlan.plan(callingCode: code) ?? .generic(callingCode: code, trunk: .zero)
        } else {
            defaultPlan = nil
        }
    }

    /// The E.164 form of `raw` for a record without a country: national numbers are read in the
    /// default country. Same as `e164(raw, country: nil)`.
    public func e164(_ raw: String) -> String? {
        e164(raw, country: nil)
    }

    /// The E.164 form of `raw`, national numbers read by `country`, or nil when the number is
    /// unusable.
    ///
    /// - Parameter country: ISO alpha-2 code of the record's country (`CountryNormalizer.alpha2`),
    ///   either case; nil or empty for the default country. A code we have no plan for makes
    ///   national numbers nil rather than guessing a country; international ones still work.
    ///
    /// Accepted:
    /// - international form: `+`, `00`, and in North America `011`, in Australia `0011`, before the
    ///   country code. Such a number keeps its own country whatever `country` says.
    /// - national form by the country's plan: with the trunk 0 where the country has one
    ///   (`030 …`, `0664 …`, `06 12 34 56 78`), without it in Italy (`06 …` keeps its 0), Spain,
    ///   Poland, Denmark, and North America (`678-002-1240`, `1-678-…`). In countries whose numbers
    ///   all have the same length (CH, NL, BE, FR, UK, IE, AU), a number of that length written
    ///   without its 0 is read too; in Germany and Austria it is refused (`301234567` could be a
    ///   local number).
    /// - the record's own calling code without `+` or `00` (`447700900123` in a GB record, as a
    ///   spreadsheet leaves `+44 7700 900123`), where the digits are no national number;
    /// - separators ` `, `-`, `/`, `.`, `(`, `)`, tab, no-break and thin spaces, Unicode dashes;
    ///   `(0)` after the country code (`+49 (0)30 …`) is dropped except in Italy;
    /// - an extension after the number (`x12`, `ext. 12`, `#12`, `;ext=12`, `Durchwahl 12`) is dropped.
    /// Refused (nil): letters or other characters elsewhere, lengths outside the country's plan
    /// (`PhoneNumberingPlan.accepts`; at least 6 national digits for countries without a plan),
    /// more than 15 digits, a second trunk 0 (`+49 0 030 …`).
    /// - Complexity: O(n) over the UTF-8 bytes; digits go to a stack buffer, and a result of up to
    ///   15 characters (`+49` and 12 digits) is a small string: no heap allocation for native strings.
    ///   ~4M numbers/s in a release build (see the commit that introduced the plans).
    public func e164(_ raw: String, country: String?) -> String? {
        let plan: PhoneNumberingPlan?
        if let country, !country.isEmpty {
            plan = PhoneNumberingPlan.plan(alpha2: country)
        } else {
            plan = defaultPlan
        }
        if let result = Self.e164(raw, national: plan) { return result }
        // A spreadsheet drops the `+` of `+44 7700 900123` and keeps `447700900123`: digits that
        // are no national number but start with the record's own calling code are read as
        // international. Only the own code, and only after the national reading failed, so an
        // Italian mobile `393 1234567` stays national.
        guard let plan, Self.startsWithCallingCode(raw, plan.callingCode),
              let result = Self.e164("+" + raw, national: plan), result.utf8.dropFirst().starts(with: String(plan.callingCode).utf8)
        else { return nil }
        return result
    }

    private static func e164(_ raw: String, national plan: PhoneNumberingPlan?) -> String? {
        if let result = raw.utf8.withContiguousStorageIfAvailable({ Self.e164(utf8: $0, national: plan) }) {
            return result
        }
        var copy = raw
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { Self.e164(utf8: $0, national: plan) } ?? nil
    }

    /// True when `raw` starts (after white space) with the digits of `callingCode`, with no `+` before.
    private static func startsWithCallingCode(_ raw: String, _ callingCode: Int) -> Bool {
        let code = String(callingCode).utf8
        var digits = raw.utf8.drop { $0 == 0x20 || $0 == 0x09 }
        for expected in code {
            guard let first = digits.first, first == expected else { return false }
            digits = digits.dropFirst()
        }
        return true
    }

    /// Most digits kept while scanning; anything longer is refused.
    private static let scanCapacity = 22

    private static func e164(utf8 text: UnsafeBufferPointer<UInt8>, national: PhoneNumberingPlan?) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scanCapacity) { digits -> String? in
            guard let scan = scan(text, into: digits) else { return nil }
            let count = scan.count
            func digit(_ index: Int) -> UInt8 { index < count ? digits[index] : 10 }

            // Where the country code starts, for a number in international form.
            var international: Int?
            if scan.sawPlus {
                international = 0
            } else if national?.rule == .australia, count > 4, digit(0) == 0, digit(1) == 0, digit(2) == 1, digit(3) == 1 {
                international = 4
            } else if national?.rule == .nanp, count > 3, digit(0) == 0, digit(1) == 1, digit(2) == 1 {
                international = 3
            } else if count > 2, digit(0) == 0, digit(1) == 0 {
                international = 2
            }

            let plan: PhoneNumberingPlan?
            let callingCode: Int
            var nsnStart: Int
            if let start = international {
                guard digits[start] != 0 else { return nil }
                let codeLength = countryCodeLength(digits, from: start, count: count)
                guard count > start + codeLength else { return nil }
                callingCode = (start..<start + codeLength).reduce(0) { $0 * 10 + Int(digits[$1]) }
                plan = PhoneNumberingPlan.plan(callingCode: callingCode)
                nsnStart = start + codeLength
                if scan.optionalZeroAt == nsnStart, plan?.rule != .italy {
                    nsnStart += 1
                } else if plan?.trunk == .zero, digits[nsnStart] == 0 {
                    nsnStart += 1   // "+49 030 …": the trunk 0 written after the country code
                }
            } else {
                guard let national else { return nil }
                plan = national
                callingCode = national.callingCode
                switch national.trunk {
                case .zero:
                    if digits[0] == 0 {
                        nsnStart = 1
                    } else if national.lengthWithoutTrunk == count || national.rule == .australia && digits[0] == 1 {
                        // Australia's 13/1300/1800 numbers are dialled without the 0.
                        nsnStart = 0
                    } else {
                        return nil
                    }
                case .none:
                    nsnStart = 0
                case .nanp:
                    nsnStart = count == 11 && digits[0] == 1 ? 1 : 0
                case .unsupported:
                    return nil
                }
            }

            guard nsnStart < count else { return nil }
            let nsn = UnsafeBufferPointer(rebasing: digits[nsnStart..<count])
            if let plan {
                if plan.trunk == .zero, nsn[0] == 0 { return nil }   // a second trunk 0
                guard plan.accepts(nsn) else { return nil }
            } else {
                guard nsn.count >= minimumNationalDigits else { return nil }
            }
            let codeLength = callingCode < 10 ? 1 : (callingCode < 100 ? 2 : 3)
            guard codeLength + nsn.count <= maximumDigits else { return nil }

            return String(unsafeUninitializedCapacity: 1 + codeLength + nsn.count) { out in
                out[0] = UInt8(ascii: "+")
                var code = callingCode
                for index in stride(from: codeLength, through: 1, by: -1) {
                    out[index] = UInt8(code % 10) + 0x30
                    code /= 10
                }
                for (index, digit) in nsn.enumerated() {
                    out[1 + codeLength + index] = digit + 0x30
                }
                return 1 + codeLength + nsn.count
            }
        }
    }

    /// The digits of `text` (as values 0–9) and what the scan saw, or nil for characters that are
    /// neither digits, separators nor a trailing extension.
    private static func scan(_ text: UnsafeBufferPointer<UInt8>, into digits: UnsafeMutableBufferPointer<UInt8>)
        -> (count: Int, sawPlus: Bool, optionalZeroAt: Int?)? {
        var count = 0
        var sawPlus = false
        var groupStart = -1              // digit index where the open parenthesis started
        var optionalZeroAt: Int?         // index of a digit written alone as "(0)"
        var index = 0
        scanning: while index < text.count {
            let byte = text[index]
            switch byte {
            case 0x30...0x39:
                guard count < digits.count else { return nil }
                digits[count] = byte - 0x30
                count += 1
            case UInt8(ascii: "+"):
                guard !sawPlus, count == 0 else { return nil }
                sawPlus = true
            case UInt8(ascii: "("):
                guard groupStart < 0 else { return nil }
                groupStart = count
            case UInt8(ascii: ")"):
                guard groupStart >= 0 else { return nil }
                if count == groupStart + 1, digits[groupStart] == 0 { optionalZeroAt = groupStart }
                groupStart = -1
            case 0x20, 0x09, UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."):
                break
            case 0xC2:   // U+00A0 no-break space
                guard index + 1 < text.count, text[index + 1] == 0xA0 else { return nil }
                index += 1
            case 0xE2:   // U+2007, U+2009, U+202F spaces; U+2010, U+2011, U+2013 dashes
                guard index + 2 < text.count, text[index + 1] == 0x80 else { return nil }
                switch text[index + 2] {
                case 0x87, 0x89, 0xAF, 0x90, 0x91, 0x93: index += 2
                default: return nil
                }
            default:
                guard count > 0, isExtension(text, from: index) else { return nil }
                break scanning
            }
            index += 1
        }
        guard count > 0, groupStart < 0 else { return nil }
        return (count, sawPlus, optionalZeroAt)
    }

    /// True when `text` from `start` is an extension: a marker (`x`, `ext`, `extn`, `extension`,
    /// `durchwahl`, `dw`, `#`, `;ext=`), optional `.`, `:`, `=` or spaces, then digits and separators to the end.
    private static func isExtension(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        if text[index] == UInt8(ascii: "#") {
            index += 1
        } else {
            if text[index] == UInt8(ascii: ";") { index += 1 }
            var word: UInt64 = 0   // up to 8 lower-case letters packed, enough to tell the markers apart
            var length = 0
            while index < text.count, (text[index] | 0x20) >= UInt8(ascii: "a"), (text[index] | 0x20) <= UInt8(ascii: "z") {
                if length < 9 { word = word << 8 | UInt64(text[index] | 0x20) }
                length += 1
                index += 1
            }
            guard let marker = Self.extensionMarkers[word], marker == length else { return false }
        }
        var sawDigit = false
        while index < text.count {
            switch text[index] {
            case 0x30...0x39: sawDigit = true
            case 0x20, UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "-"): break
            default: return false
            }
            index += 1
        }
        return sawDigit
    }

    /// Extension markers packed as in `isExtension`, with their length (the packing keeps only the
    /// last 8 letters, so the length tells `extension` from a longer word ending the same way).
    private static let extensionMarkers: [UInt64: Int] = {
        var markers: [UInt64: Int] = [:]
        for word in ["x", "ext", "extn", "extension", "durchwahl", "dw"] {
            markers[word.utf8.reduce(0) { $0 << 8 | UInt64($1) }] = word.utf8.count
        }
        return markers
    }()

    /// Length of the country code that starts at `digits[start]` (E.164 country codes are prefix-free).
    private static func countryCodeLength(_ digits: UnsafeMutableBufferPointer<UInt8>, from start: Int, count: Int) -> Int {
        let first = digits[start]
        if first == 1 || first == 7 { return 1 }
        guard count >= start + 2 else { return 2 }
        return twoDigitCountryCodes.contains(Int(first) * 10 + Int(digits[start + 1])) ? 2 : 3
    }

    /// Two-digit country codes (ITU-T E.164 zones); 1 and 7 are the one-digit ones, all others have three digits.
    private static let twoDigitCountryCodes: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
        51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66,
        81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]

    /// Whether an E.164 number is a mobile number, where its country's plan says so: Germany
    /// 015x/016x/017x, Austria 065x–069x, Switzerland 073–079, Netherlands 06, Belgium 045x–049x,
    /// France 06/07, Italy 3xx, Spain 6/71–74/78, Poland 45/50/51/53/57/60/66/69/72/73/78/79/88,
    /// UK 07 (not 070/076), Ireland 083/085–089, Australia 04. Everything else in those countries
    /// is a landline or service number (false). North America, Denmark and other countries: nil
    /// (not told apart: NANP mobiles share area codes with landlines).
    /// - Complexity: O(1), reads at most the first eight bytes.
    public static func isMobile(e164 bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count >= 5, bytes[0] == UInt8(ascii: "+") else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { digits -> Bool? in
            var count = 0
            for byte in bytes.dropFirst().prefix(8) {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                digits[count] = byte - 0x30
                count += 1
            }
            guard digits[0] != 0 else { return nil }
            let codeLength = countryCodeLength(digits, from: 0, count: count)
            guard count > codeLength else { return nil }
            let code = (0..<codeLength).reduce(0) { $0 * 10 + Int(digits[$1]) }
            guard let plan = PhoneNumberingPlan.plan(callingCode: code) else { return nil }
            return plan.isMobile(UnsafeBufferPointer(rebasing: digits[codeLength..<count]))
        }
    }

    /// `isMobile(e164:)` for a string.
    static func isMobile(e164 text: String) -> Bool? {
        var copy = text
        return copy.withUTF8 { isMobile(e164: $0) }
    }
}
