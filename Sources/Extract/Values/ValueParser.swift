import Foundation

/// Typed reading of source text for the mapping: dates, date-times, decimals, money, integers, booleans.
///
/// Each function takes the text of one value, ignores surrounding whitespace, and returns nil when
/// the text is not a valid value of that type, so the mapping can reject the row and say which
/// field. Nothing is guessed: ambiguous spellings (`1.2.3`, `31.02.2026`) are nil, not "close
/// enough". Works on the UTF-8 bytes without `DateFormatter` or `NumberFormatter`, which are too
/// slow for a million rows and locale-dependent.
public enum ValueParser {
    /// The date in `text` as ISO `yyyy-MM-dd`, read with the first of `formats` that matches.
    ///
    /// A date-time format gives the date as written (no time-zone conversion).
    ///
    /// When none matches, unambiguous forms are still read: an ISO 8601 date or date-time (its date as
    /// written, `1980-04-02T00:00:00Z` → `1980-04-02`), and a date with the month as a German or
    /// English name (`5. März 1980`, `March 5, 1980`, `05-MAR-1980`, `5 Mar 1980`).
    public static func date(_ text: String, formats: [DateFormat]) -> String? {
        withTrimmedBytes(text) { bytes in
            for format in formats {
                if let fields = format.match(bytes) {
                    return isoDate(year: fields.year, month: fields.month, day: fields.day)
                }
            }
            // Only values that have a letter or a `T`, or are an ISO date (`1985-11-23`: a four-digit
            // year first is read one way only), can be these forms: other plain digits fail fast.
            let isISODate = bytes.count == 10 && bytes[4] == minus && bytes[7] == minus
            guard isISODate || bytes.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0x80 }) else { return nil }
            for format in unambiguousDateForms {
                if let fields = format.match(bytes) {
                    return isoDate(year: fields.year, month: fields.month, day: fields.day)
                }
            }
            return nil
        }
    }

    /// Read in date fields whatever the configured formats: a month name or an ISO date-time
    /// cannot be mistaken for another date.
    static let unambiguousDateForms: [DateFormat] = [
        "iso8601", "d. MMMM yyyy", "d.MMMM yyyy", "d MMMM yyyy", "d-MMMM-yyyy", "d/MMMM/yyyy", "MMMM d, yyyy", "MMMM d yyyy",
        "d. MMMM yy", "d-MMMM-yy", "yyyy-MMMM-dd", "d.MMMM.yyyy",
    ].map { try! DateFormat(pattern: $0) }

    /// The instant in `text` as UTC `yyyy-MM-ddTHH:mm:ssZ`, read with the first of `formats` that matches.
    ///
    /// A value with an offset (`Z`, `+01:00`) means that offset; one without is wall-clock time in
    /// `timeZone` (DST-correct); a date alone is local midnight. Fractional seconds are dropped.
    ///
    /// When none matches, an ISO date (`2026-11-01`) is still read, as local midnight: a four-digit
    /// year first is read one way only, as in `date(_:formats:)`.
    public static func dateTime(_ text: String, formats: [DateFormat], timeZone: TimeZone) -> String? {
        withTrimmedBytes(text) { bytes in
            for format in formats {
                if let fields = format.match(bytes) { return instant(fields, in: timeZone) }
            }
            let isISODate = bytes.count == 10 && bytes[4] == minus && bytes[7] == minus
            guard isISODate, let fields = DateFormat.iso8601.match(bytes) else { return nil }
            return instant(fields, in: timeZone)
        }
    }

    /// The UTC text of `fields`: their offset when the value had one, else wall-clock time in `timeZone`.
    private static func instant(_ fields: DateFields, in timeZone: TimeZone) -> String? {
        let days = CalendarMath.daysFromCivil(year: fields.year, month: fields.month, day: fields.day)
        let local = days * 86_400 + fields.hour * 3_600 + fields.minute * 60 + fields.second
        let offset = fields.utcOffset ?? UTCOffsetCache.shared.offset(forLocal: local, in: timeZone)
        return isoUTC(local - offset)
    }

    /// The exact decimal in `text`: `1.234,56` / `-12,5` with `decimalComma`, `1,234.56` / `1234.56` without.
    ///
    /// Thousands separators are optional but must group by three (`1.234.567`); one decimal mark at
    /// most, with digits after it; a sign in front, or a trailing minus as SAP writes it (`12,50-`).
    /// Letters, exponents, spaces inside and more than 18 decimals are nil.
    public static func decimal(_ text: String, decimalComma: Bool) -> ExactDecimal? {
        withTrimmedBytes(text) { parseDecimal($0, decimalComma: decimalComma) }
    }

    /// Money in integer cents: `1.234,56 €` → 123456 (with `decimalComma`).
    ///
    /// A currency sign or code (`€`, `EUR`) before or after the amount is ignored, as is a sign in
    /// front of it (`-€ 12,50`). More than two decimals are nil unless the extra digits are zeros
    /// (`12,500`): money is never rounded here.
    public static func cents(_ text: String, decimalComma: Bool) -> Int64? {
        withTrimmedBytes(text) { bytes -> Int64? in
            var body = Slice(base: bytes, bounds: bytes.indices)
            var outerSign: UInt8?
            if let first = body.first, first == minus || first == plus {
                let rest = trimmed(body.dropFirst())
                if currencyPrefixLength(rest) > 0 {
                    outerSign = first
                    body = rest
                }
            }
            let prefix = currencyPrefixLength(body)
            if prefix > 0 {
                body = trimmed(body.dropFirst(prefix))
            } else {
                let suffix = currencySuffixLength(body)
                if suffix > 0 { body = trimmed(body.dropLast(suffix)) }
            }
            if outerSign != nil, let first = body.first, first == minus || first == plus || body.last == minus {
                return nil  // two signs
            }
            guard let amount = parseDecimal(UnsafeBufferPointer(rebasing: body), decimalComma: decimalComma) else {
                return nil
            }
            var units = amount.units
            if amount.scale <= 2 {
                let (scaled, overflow) = units.multipliedReportingOverflow(by: powerOfTen(2 - amount.scale))
                guard !overflow else { return nil }
                units = scaled
            } else {
                let divisor = powerOfTen(amount.scale - 2)
                guard units % divisor == 0 else { return nil }
                units /= divisor
            }
            return outerSign == minus ? -units : units
        }
    }

    /// A whole number: optional sign and ASCII digits only (`007` is 7; `1.000` and `1e3` are nil).
    public static func integer(_ text: String) -> Int64? {
        withTrimmedBytes(text) { bytes -> Int64? in
            var index = 0
            var negative = false
            if let first = bytes.first, first == minus || first == plus {
                negative = first == minus
                index = 1
            }
            guard index < bytes.count else { return nil }
            var value: Int64 = 0
            while index < bytes.count {
                let digit = bytes[index] &- zero
                guard digit < 10 else { return nil }
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit))
                guard !overflow1 && !overflow2 else { return nil }
                value = sum
                index += 1
            }
            return negative ? -value : value
        }
    }

    /// A yes/no value, case-insensitive. True: `ja j yes y true 1 x wahr`; false: `nein n no false 0 falsch`.
    ///
    /// An empty value is nil, not false: "not answered" is not "no".
    public static func boolean(_ text: String) -> Bool? {
        switch text.trimmedForMapping.lowercased() {
        case "ja", "j", "yes", "y", "true", "1", "x", "wahr": return true
        case "nein", "n", "no", "false", "0", "falsch": return false
        default: return nil
        }
    }
}

// MARK: - Bytes

extension ValueParser {
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), zero = UInt8(ascii: "0")

    /// Calls `body` with the UTF-8 of `text` without surrounding whitespace (ASCII and U+00A0).
    static func withTrimmedBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let run: (UnsafeBufferPointer<UInt8>) -> Result = { bytes in
            let slice = trimmed(Slice(base: bytes, bounds: bytes.indices))
            return body(UnsafeBufferPointer(rebasing: slice))
        }
        if let result = text.utf8.withContiguousStorageIfAvailable(run) { return result }
        var copy = text
        return copy.withUTF8(run)
    }

    static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var lower = bytes.startIndex, upper = bytes.endIndex
        while lower < upper {
            if isSpace(bytes[lower]) {
                lower += 1
            } else if upper - lower >= 2 && bytes[lower] == 0xC2 && bytes[lower + 1] == 0xA0 {
                lower += 2
            } else {
                break
            }
        }
        while upper > lower {
            if isSpace(bytes[upper - 1]) {
                upper -= 1
            } else if upper - lower >= 2 && bytes[upper - 2] == 0xC2 && bytes[upper - 1] == 0xA0 {
                upper -= 2
            } else {
                break
            }
        }
        return bytes[lower..<upper]
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Length of a leading `€` or `EUR` (any case) and the spaces after it.
    private static func currencyPrefixLength(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        let start = bytes.startIndex
        if bytes.count >= 3 && bytes[start] == 0xE2 && bytes[start + 1] == 0x82 && bytes[start + 2] == 0xAC { return 3 }
        if bytes.count >= 3 && bytes[start] | 0x20 == UInt8(ascii: "e") && bytes[start + 1] | 0x20 == UInt8(ascii: "u")
            && bytes[start + 2] | 0x20 == UInt8(ascii: "r") { return 3 }
        return 0
    }

    /// Length of a trailing `€` or `EUR` (any case).
    private static func currencySuffixLength(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        let end = bytes.endIndex
        guard bytes.count >= 3 else { return 0 }
        if bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x82 && bytes[end - 1] == 0xAC { return 3 }
        if bytes[end - 3] | 0x20 == UInt8(ascii: "e") && bytes[end - 2] | 0x20 == UInt8(ascii: "u")
            && bytes[end - 1] | 0x20 == UInt8(ascii: "r") { return 3 }
        return 0
    }

    static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> ExactDecimal? {
        var lower = 0, upper = bytes.count
        guard lower < upper else { return nil }
        var negative = false
        if bytes[lower] == minus || bytes[lower] == plus {
            negative = bytes[lower] == minus
            lower += 1
        } else if bytes[upper - 1] == minus {
            negative = true  // trailing minus, as SAP exports write it
            upper -= 1
        }
        let decimalMark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let groupMark = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        var units: Int64 = 0
        var integerDigits = 0, scale = 0
        var groupSeparators = 0, digitsInGroup = 0

        func append(_ digit: UInt8) -> Bool {
            let (shifted, overflow1) = units.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit))
            units = sum
            return !overflow1 && !overflow2
        }

        var index = lower
        while index < upper {
            let byte = bytes[index]
            let digit = byte &- zero
            if digit < 10 {
                guard append(digit) else { return nil }
                integerDigits += 1
                digitsInGroup += 1
            } else if byte == groupMark {
                // 1-3 digits before the first separator, exactly 3 between separators.
                guard groupSeparators == 0 ? (1...3).contains(digitsInGroup) : digitsInGroup == 3 else { return nil }
                groupSeparators += 1
                digitsInGroup = 0
            } else {
                break
            }
            index += 1
        }
        if groupSeparators > 0 && digitsInGroup != 3 { return nil }
        if index < upper {
            guard bytes[index] == decimalMark, index + 1 < upper else { return nil }
            index += 1
            while index < upper {
                let digit = bytes[index] &- zero
                guard digit < 10, scale < 18, append(digit) else { return nil }
                scale += 1
                index += 1
            }
        }
        guard integerDigits + scale > 0 else { return nil }
        return ExactDecimal(units: negative ? -units : units, scale: scale)
    }

    static func powerOfTen(_ exponent: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    // MARK: ISO text

    static func isoDate(year: Int, month: Int, day: Int) -> String {
        String(unsafeUninitializedCapacity: 10) { out in
            write(year, width: 4, to: out, at: 0)
            out[4] = minus
            write(month, width: 2, to: out, at: 5)
            out[7] = minus
            write(day, width: 2, to: out, at: 8)
            return 10
        }
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` for seconds since 1970 (UTC); nil outside years 1...9999.
    static func isoUTC(_ seconds: Int) -> String? {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CalendarMath.civilFromDays(days)
        guard year >= 1 && year <= 9999 else { return nil }
        return String(unsafeUninitializedCapacity: 20) { out in
            write(year, width: 4, to: out, at: 0)
            out[4] = minus
            write(month, width: 2, to: out, at: 5)
            out[7] = minus
            write(day, width: 2, to: out, at: 8)
            out[10] = UInt8(ascii: "T")
            write(secondOfDay / 3_600, width: 2, to: out, at: 11)
            out[13] = UInt8(ascii: ":")
            write(secondOfDay / 60 % 60, width: 2, to: out, at: 14)
            out[16] = UInt8(ascii: ":")
            write(secondOfDay % 60, width: 2, to: out, at: 17)
            out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    private static func write(_ value: Int, width: Int, to out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for position in stride(from: offset + width - 1, through: offset, by: -1) {
            out[position] = zero + UInt8(rest % 10)
            rest /= 10
        }
    }
}
