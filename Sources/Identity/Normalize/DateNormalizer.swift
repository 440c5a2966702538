/// Reads calendar dates in the forms German exports and APIs use and writes them as ISO `yyyy-MM-dd`.
///
/// Birth dates are a strong identifier only when every source spells them alike; `03.04.1985`,
/// `3.4.1985` and `1985-04-03T00:00:00+02:00` are one date.
public enum DateNormalizer {
    /// The ISO date `yyyy-MM-dd` of `raw`, or nil when it is no valid Gregorian calendar date.
    ///
    /// Accepted (surrounding white space ignored; day and month may have one or two digits):
    /// - `yyyy-MM-dd`, optionally followed by `T` or a space and a time, with or without offset:
    ///   the date part is taken as written, without converting between time zones;
    /// - `dd.MM.yyyy` and `dd/MM/yyyy` (day first, as in German exports), optionally followed by a
    ///   space and a time.
    /// Years must have four digits from 1000 to 9999; two-digit years are refused as ambiguous.
    /// - Complexity: O(n) over the UTF-8 bytes, no Foundation formatter.
    public static func iso(_ raw: String) -> String? {
        var bytes = Array(raw.utf8)
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        guard start < bytes.count else { return nil }
        var scanner = Scanner(bytes: bytes, index: start)

        let year: Int, month: Int, day: Int
        guard let firstCount = scanner.peekDigitCount() else { return nil }
        if firstCount == 4 {
            guard let y = scanner.number(digits: 4...4), scanner.skip(UInt8(ascii: "-")),
                  let m = scanner.number(digits: 1...2), scanner.skip(UInt8(ascii: "-")),
                  let d = scanner.number(digits: 1...2),
                  scanner.atEndOrTime(separators: [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")])
            else { return nil }
            (year, month, day) = (y, m, d)
        } else {
            guard let d = scanner.number(digits: 1...2) else { return nil }
            guard let separator = scanner.current,
                  separator == UInt8(ascii: ".") || separator == UInt8(ascii: "/"),
                  scanner.skip(separator),
                  let m = scanner.number(digits: 1...2), scanner.skip(separator),
                  let y = scanner.number(digits: 4...4),
                  scanner.atEndOrTime(separators: [UInt8(ascii: " ")])
            else { return nil }
            (year, month, day) = (y, m, d)
        }
        guard isValid(year: year, month: month, day: day) else { return nil }
        return format(year: year, month: month, day: day)
    }

    /// True for a real day of the proleptic Gregorian calendar with a four-digit year.
    /// The digits of a date that is not valid (`1974-17-15`, `19.13.1980`, `19551192`) as one
    /// yyyymmdd number, for comparison only; nil when the text does not look like a date at all.
    /// Three groups are read year first when the first has four digits, else day, month, year;
    /// eight digits in a row are yyyyMMdd when they start with 19 or 20, else ddMMyyyy.
    /// - Complexity: O(n) in the text, no allocation beyond the groups.
    public static func digits(ofInvalid raw: String) -> Int32? {
        var groups: [(value: Int, count: Int)] = []
        var value = 0, count = 0
        for byte in raw.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                guard count < 8 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                count += 1
            } else if count > 0 {
                groups.append((value, count))
                value = 0
                count = 0
            }
        }
        if count > 0 { groups.append((value, count)) }
        let year, month, day: Int
        switch groups.count {
        case 1 where groups[0].count == 8:
            let v = groups[0].value
            if v / 1_000_000 == 19 || v / 1_000_000 == 20 {
                (year, month, day) = (v / 10_000, v / 100 % 100, v % 100)
            } else {
                (year, month, day) = (v % 10_000, v / 10_000 % 100, v / 1_000_000)
            }
        case 3 where groups[0].count == 4 && groups[1].count <= 2 && groups[2].count <= 2:
            (year, month, day) = (groups[0].value, groups[1].value, groups[2].value)
        case 3 where groups[2].count == 4 && groups[0].count <= 2 && groups[1].count <= 2:
            (year, month, day) = (groups[2].value, groups[1].value, groups[0].value)
        default:
            return nil
        }
        guard year >= 1000 else { return nil }
        return Int32(year * 10_000 + month * 100 + day)
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1000...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    static func format(year: Int, month: Int, day: Int) -> String {
        let bytes: [UInt8] = [
            digit(year / 1000), digit(year / 100 % 10), digit(year / 10 % 10), digit(year % 10),
            UInt8(ascii: "-"), digit(month / 10), digit(month % 10),
            UInt8(ascii: "-"), digit(day / 10), digit(day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func digit(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: value) + 0x30 }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// A cursor over ASCII bytes for the fixed date shapes above.
    private struct Scanner {
        let bytes: [UInt8]
        var index: Int

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        func peekDigitCount() -> Int? {
            var end = index
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
            return end > index ? end - index : nil
        }

        mutating func number(digits allowed: ClosedRange<Int>) -> Int? {
            guard let count = peekDigitCount(), allowed.contains(count) else { return nil }
            var value = 0
            for _ in 0..<count {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            return value
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            index += 1
            return true
        }

        /// True at the end, or at one of `separators` followed by a digit (a time, not read further).
        func atEndOrTime(separators: [UInt8]) -> Bool {
            guard let byte = current else { return true }
            return separators.contains(byte) && index + 1 < bytes.count
                && bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39
        }
    }
}
