/// Gregorian dates and Europe/Berlin local time in plain integer arithmetic.
///
/// Foundation's `Calendar` and `TimeZone` depend on the machine's time-zone database and locale;
/// the generator must give the same bytes everywhere, so it carries the one rule it needs:
/// Central European Time (+01:00), with summer time (+02:00) from the last Sunday of March
/// 01:00 UTC to the last Sunday of October 01:00 UTC (EU rule since 1996).
/// Day numbers count days since 1970-01-01; instants are seconds since 1970-01-01 UTC.
enum CivilCalendar {
    struct Civil {
        var year: Int
        var month: Int
        var day: Int
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (H. Hinnant's `civil_from_days`).
    static func civil(_ dayNumber: Int) -> Civil {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return Civil(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// 0 = Monday ... 6 = Sunday.
    static func weekday(_ dayNumber: Int) -> Int {
        let shifted = (dayNumber + 3) % 7
        return shifted < 0 ? shifted + 7 : shifted
    }

    /// The day number of the last Sunday of a month.
    static func lastSunday(year: Int, month: Int) -> Int {
        let last = dayNumber(year: year, month: month, day: daysInMonth(year: year, month: month))
        return last - (weekday(last) + 1) % 7
    }

    /// The Berlin UTC offset in seconds (3600 or 7200) at a UTC instant.
    static func berlinOffset(utc: Int) -> Int {
        let day = floorDiv(utc, 86_400)
        let year = civil(day).year
        let summerStart = lastSunday(year: year, month: 3) * 86_400 + 3_600
        let summerEnd = lastSunday(year: year, month: 10) * 86_400 + 3_600
        return utc >= summerStart && utc < summerEnd ? 7_200 : 3_600
    }

    /// The UTC instant of a Berlin wall-clock time. Times in the spring gap are read as winter
    /// time; the generator only draws daytime hours, so the gap and the autumn overlap never occur.
    static func utc(localDay: Int, secondOfDay: Int) -> Int {
        let local = localDay * 86_400 + secondOfDay
        return local - berlinOffset(utc: local - 3_600)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// `date` with one typo that makes it no calendar date, as people type them into forms: a
    /// slipped tens digit of the month (`15.07.1974` as `15.17.1974`), day and month swapped when
    /// the day is over 12 (`1974-15-07`), or a day the month does not have (`31.02.1985`); where
    /// none of these fits, month 13.
    static func mistyped(_ date: Civil, random: inout SampleRandom) -> Civil {
        var kinds: [Int] = []
        if (3...9).contains(date.month) { kinds.append(0) }
        if date.day > 12 { kinds.append(1) }
        if [2, 4, 6, 9, 11].contains(date.month) { kinds.append(2) }
        var out = date
        switch kinds.isEmpty ? 3 : kinds[random.below(kinds.count)] {
        case 0: out.month += 10
        case 1: (out.day, out.month) = (date.month, date.day)
        case 2:
            let last = daysInMonth(year: date.year, month: date.month)
            out.day = last + 1 + random.below(31 - last)
        default: out.month = 13
        }
        return out
    }

    /// Whether `date` is a real Gregorian day.
    static func isValid(_ date: Civil) -> Bool {
        (1...12).contains(date.month) && (1...daysInMonth(year: date.year, month: date.month)).contains(date.day)
    }
}

extension Array where Element == UInt8 {
    /// `dd.MM.yyyy`.
    mutating func appendGermanDate(day: Int) {
        appendGermanDate(CivilCalendar.civil(day))
    }

    /// `dd.MM.yyyy` of the parts as given, also of a date that does not exist (`31.02.1985`).
    mutating func appendGermanDate(_ date: CivilCalendar.Civil) {
        appendPadded(date.day, width: 2)
        append(UInt8(ascii: "."))
        appendPadded(date.month, width: 2)
        append(UInt8(ascii: "."))
        appendPadded(date.year, width: 4)
    }

    /// `yyyy-MM-dd`.
    mutating func appendISODate(day: Int) {
        appendISODate(CivilCalendar.civil(day))
    }

    /// `yyyy-MM-dd` of the parts as given, also of a date that does not exist (`1974-17-15`).
    mutating func appendISODate(_ date: CivilCalendar.Civil) {
        appendPadded(date.year, width: 4)
        append(UInt8(ascii: "-"))
        appendPadded(date.month, width: 2)
        append(UInt8(ascii: "-"))
        appendPadded(date.day, width: 2)
    }

    /// `dd.MM.yyyy HH:mm` in Berlin local time.
    mutating func appendGermanDateTime(utc: Int) {
        let local = utc + CivilCalendar.berlinOffset(utc: utc)
        let day = CivilCalendar.floorDiv(local, 86_400)
        let second = local - day * 86_400
        appendGermanDate(day: day)
        append(UInt8(ascii: " "))
        appendPadded(second / 3_600, width: 2)
        append(UInt8(ascii: ":"))
        appendPadded(second / 60 % 60, width: 2)
    }

    /// `yyyy-MM-ddTHH:mm:ss+01:00` (or `+02:00` in summer time), Berlin local time.
    mutating func appendISODateTime(utc: Int) {
        let offset = CivilCalendar.berlinOffset(utc: utc)
        let local = utc + offset
        let day = CivilCalendar.floorDiv(local, 86_400)
        let second = local - day * 86_400
        appendISODate(day: day)
        append(UInt8(ascii: "T"))
        appendPadded(second / 3_600, width: 2)
        append(UInt8(ascii: ":"))
        appendPadded(second / 60 % 60, width: 2)
        append(UInt8(ascii: ":"))
        appendPadded(second % 60, width: 2)
        appendText(offset == 7_200 ? "+02:00" : "+01:00")
    }
}
