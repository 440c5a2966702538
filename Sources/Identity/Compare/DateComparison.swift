/// Compares two ISO dates (`yyyy-MM-dd`) in levels for Fellegi-Sunter scoring.
///
/// Birth dates are mistyped in typical ways: day and month swapped (US order), one digit wrong or
/// two neighbours swapped, the year wrong. Each of these is evidence of a different strength, so
/// the comparison reports which one happened instead of a yes/no.
public enum DateComparison {
    /// How two dates agree, from strongest to weakest evidence; the first level that applies wins.
    public enum Level: Int, Sendable, CaseIterable {
        /// The same date.
        case exact = 0
        /// Same year, day and month exchanged (`1985-04-03` / `1985-03-04`); both are valid dates.
        case swappedDayMonth = 1
        /// One typo on the eight digits `yyyyMMdd`: one digit differs, or two neighbouring digits are
        /// swapped (optimal string alignment distance 1), e.g. `1985-04-03` / `1985-04-08`, `1958-…` / `1985-…`.
        case oneTypo = 2
        /// One side knows only the birth year (`birth_year`), and the other's date or year has the
        /// same one: consistent, but far weaker than a date (about one person in 50 shares a year).
        case sameYear = 3
        /// Day and month equal, the year differs by more than one typo (`1985-04-03` / `1971-04-03`).
        case yearDiffers = 4
        /// Any other pair of valid dates, and a year alone that is not the other's year.
        case different = 5
        /// Either side is empty or not a valid ISO date: no evidence either way (weight 0 in scoring).
        case missing = 6
    }

    /// A birth year alone as matching keeps dates: yyyy0000 (month and day 00, which no date has),
    /// so blocking on `birth_year` puts it with the full dates of that year.
    public static func packedYear(_ year: Int) -> Int32 { Int32(year) * 10_000 }

    /// The agreement level of `a` and `b`, both `yyyy-MM-dd` as `DateNormalizer.iso(_:)` writes them.
    /// - Complexity: O(1): ten bytes each, no allocation.
    public static func level(_ a: String, _ b: String) -> Level {
        guard let first = Digits(a), let second = Digits(b) else { return .missing }
        return level(first, second)
    }

    /// The agreement level of two dates given as yyyymmdd numbers (negative: missing); the same
    /// rules as the text form, for matching, which keeps dates as numbers.
    /// - Complexity: O(1), no allocation.
    public static func level(yyyymmdd a: Int32, _ b: Int32) -> Level {
        guard let first = Digits(yyyymmdd: a), let second = Digits(yyyymmdd: b) else { return .missing }
        // A year alone (yyyy0000) says only whether the years agree: a mistyped year cannot be told
        // from another person's, so anything but the same year disagrees.
        if a % 10_000 == 0 || b % 10_000 == 0 { return a / 10_000 == b / 10_000 ? .sameYear : .different }
        return level(first, second)
    }

    private static func level(_ first: Digits, _ second: Digits) -> Level {
        if first == second { return .exact }
        if first.year == second.year && first.month == second.day && first.day == second.month
            && DateNormalizer.isValid(year: first.year, month: first.day, day: first.month) {
            return .swappedDayMonth
        }
        if first.isOneTypo(from: second) { return .oneTypo }
        if first.month == second.month && first.day == second.day { return .yearDiffers }
        return .different
    }

    /// The eight digits of a valid ISO date, packed into one integer (4 bits per digit).
    private struct Digits: Equatable {
        let packed: UInt32

        /// Any eight digits with a four-digit year: an invalid date (`19741715`, kept only for
        /// comparison) still agrees with the valid one it is a typo of.
        init?(yyyymmdd value: Int32) {
            guard value >= 10_000_000, value <= 99_999_999 else { return nil }
            var packed: UInt32 = 0
            var rest = UInt32(value)
            for index in 0..<8 {
                packed |= (rest % 10) << UInt32(4 * index)
                rest /= 10
            }
            self.packed = packed
        }

        init?(_ text: String) {
            var packed: UInt32 = 0
            var count = 0
            var position = 0
            for byte in text.utf8 {
                defer { position += 1 }
                if position == 4 || position == 7 {
                    guard byte == UInt8(ascii: "-") else { return nil }
                    continue
                }
                guard position < 10, byte >= 0x30, byte <= 0x39 else { return nil }
                packed = packed << 4 | UInt32(byte - 0x30)
                count += 1
            }
            guard count == 8 else { return nil }
            self.packed = packed
            guard DateNormalizer.isValid(year: year, month: month, day: day) else { return nil }
        }

        func digit(_ index: Int) -> Int { Int(packed >> UInt32(28 - 4 * index) & 0xF) }
        var year: Int { digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3) }
        var month: Int { digit(4) * 10 + digit(5) }
        var day: Int { digit(6) * 10 + digit(7) }

        /// True when one substitution or one swap of neighbouring digits turns `self` into `other`.
        func isOneTypo(from other: Digits) -> Bool {
            let difference = packed ^ other.packed
            var count = 0
            var firstPosition = 0
            for index in 0..<8 where difference >> UInt32(28 - 4 * index) & 0xF != 0 {
                if count == 0 { firstPosition = index }
                count += 1
            }
            if count == 1 { return true }
            guard count == 2, firstPosition < 7,
                  difference >> UInt32(28 - 4 * (firstPosition + 1)) & 0xF != 0
            else { return false }
            let next = firstPosition + 1
            return digit(firstPosition) == other.digit(next) && digit(next) == other.digit(firstPosition)
        }
    }
}
