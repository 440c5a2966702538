/// A date or date-time layout such as `dd.MM.yyyy` or `yyyy-MM-dd HH:mm`, or the name `iso8601`.
///
/// A small fixed grammar instead of `DateFormatter`, which is too slow at a million rows and
/// lenient in ways that let bad dates through. Tokens:
///
/// | Token | Meaning |
/// | --- | --- |
/// | `yyyy` | four-digit year |
/// | `yy` | two-digit year: 00-29 is 2000-2029, 30-99 is 1930-1999 |
/// | `MM` / `M` | month, two digits / one or two |
/// | `MMM` / `MMMM` | month name, German or English, full or short, any case (`März`, `Mrz.`, `Maerz`, `Mar`, `March`, `Jänner`) |
/// | `dd` / `d` | day, two digits / one or two |
/// | `HH` / `H` | hour 00-23, two digits / one or two |
/// | `mm` | minute, two digits |
/// | `ss` | second, two digits |
///
/// Every other character except letters is literal; letters can be literal in single quotes
/// (`yyyy-MM-dd'T'HH:mm`), and `''` is a quote. One- or two-digit fields take two digits when two
/// are there. `iso8601` reads `2026-01-31`, `2026-01-31T10:15`, `2026-01-31T10:15:30.250Z`,
/// `+01:00` / `+0100` / `+01` offsets, and a space instead of `T`.
public struct DateFormat: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as given.
    public let pattern: String
    let elements: [Element]
    let isISO8601: Bool

    enum Element: Hashable {
        case year4, year2, month2, month, monthName, day2, day, hour2, hour, minute2, second2
        case literal(UInt8)
    }

    /// Parses `pattern`; throws a message naming the unknown token and what is allowed.
    public init(pattern: String) throws(DateFormatError) {
        self.pattern = pattern
        if pattern.lowercased() == "iso8601" {
            elements = []
            isISO8601 = true
            return
        }
        isISO8601 = false
        elements = try Self.parse(pattern)
    }

    /// ISO 8601 dates and date-times (the same as `DateFormat(pattern: "iso8601")`).
    public static let iso8601 = DateFormat(iso8601: ())

    private init(iso8601: Void) {
        pattern = "iso8601"
        elements = []
        isISO8601 = true
    }

    public var description: String { pattern }

    private static func parse(_ pattern: String) throws(DateFormatError) -> [Element] {
        let bytes = Array(pattern.utf8)
        var elements: [Element] = []
        var index = 0
        func fail(_ message: String) -> DateFormatError { DateFormatError(pattern: pattern, message: message) }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") {
                // Quoted literal text; '' inside or outside quotes is one quote.
                var next = index + 1
                if next < bytes.count && bytes[next] == byte {
                    elements.append(.literal(byte))
                    index = next + 1
                    continue
                }
                while true {
                    guard next < bytes.count else { throw fail("unterminated quote (') at character \(index + 1)") }
                    if bytes[next] == byte {
                        if next + 1 < bytes.count && bytes[next + 1] == byte {
                            elements.append(.literal(byte))
                            next += 2
                            continue
                        }
                        break
                    }
                    elements.append(.literal(bytes[next]))
                    next += 1
                }
                index = next + 1
                continue
            }
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard isLetter else {
                elements.append(.literal(byte))
                index += 1
                continue
            }
            var run = index
            while run < bytes.count && bytes[run] == byte { run += 1 }
            let token = String(decoding: bytes[index..<run], as: UTF8.self)
            let element: Element
            switch token {
            case "yyyy": element = .year4
            case "yy": element = .year2
            case "MMM", "MMMM": element = .monthName
            case "MM": element = .month2
            case "M": element = .month
            case "dd": element = .day2
            case "d": element = .day
            case "HH": element = .hour2
            case "H": element = .hour
            case "mm": element = .minute2
            case "ss": element = .second2
            default:
                throw fail("unknown token \"\(token)\" at character \(index + 1); use yyyy yy MMMM MMM MM M dd d HH H mm ss, 'quoted text', or iso8601")
            }
            elements.append(element)
            index = run
        }
        try checkFields(elements, fail: fail)
        return elements
    }

    /// A format must name year, month and day once each; minutes need hours, seconds need minutes.
    private static func checkFields(_ elements: [Element], fail: (String) -> DateFormatError) throws(DateFormatError) {
        func count(_ kinds: Element...) -> Int { elements.filter { kinds.contains($0) }.count }
        let years = count(.year4, .year2), months = count(.month2, .month, .monthName), days = count(.day2, .day)
        let hours = count(.hour2, .hour), minutes = count(.minute2), seconds = count(.second2)
        guard years == 1 && months == 1 && days == 1 else {
            throw fail("needs exactly one year (yyyy or yy), one month (MMMM, MMM, MM or M) and one day (dd or d)")
        }
        guard hours <= 1 && minutes <= 1 && seconds <= 1 else { throw fail("names the hour, minute or second twice") }
        guard minutes >= seconds && hours >= minutes else { throw fail("has seconds without minutes, or minutes without hours") }
    }
}

/// A date format pattern that cannot be used, with the reason (for the config layer to show).
public struct DateFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    public let message: String

    public var description: String { "date format \"\(pattern)\": \(message)" }
}

/// The fields a format read from one value, before calendar checks.
struct DateFields {
    var year = 0, month = 0, day = 0
    var hour = 0, minute = 0, second = 0
    var hasTime = false
    /// Seconds east of UTC when the value carried an offset (`Z`, `+01:00`).
    var utcOffset: Int?
}

extension DateFormat {
    /// Reads `bytes` (already trimmed) with this format; nil when they do not match or are not a real
    /// calendar date and time.
    func match(_ bytes: UnsafeBufferPointer<UInt8>) -> DateFields? {
        var fields = DateFields()
        let matched = isISO8601 ? Self.matchISO8601(bytes, into: &fields) : matchPattern(bytes, into: &fields)
        guard matched, fields.year >= 1 && fields.year <= 9999, fields.month >= 1 && fields.month <= 12,
              fields.day >= 1 && fields.day <= CalendarMath.daysInMonth(year: fields.year, month: fields.month),
              fields.hour <= 23, fields.minute <= 59, fields.second <= 59 else { return nil }
        return fields
    }

    private func matchPattern(_ bytes: UnsafeBufferPointer<UInt8>, into fields: inout DateFields) -> Bool {
        var position = 0
        for element in elements {
            switch element {
            case let .literal(byte):
                guard position < bytes.count, bytes[position] == byte else { return false }
                position += 1
            case .year4:
                guard let value = Self.digits(bytes, &position, min: 4, max: 4) else { return false }
                fields.year = value
            case .year2:
                guard let value = Self.digits(bytes, &position, min: 2, max: 2) else { return false }
                fields.year = value < 30 ? 2000 + value : 1900 + value
            case .month2, .month:
                guard let value = Self.digits(bytes, &position, min: element == .month ? 1 : 2, max: 2) else { return false }
                fields.month = value
            case .monthName:
                guard let value = Self.monthName(bytes, &position) else { return false }
                fields.month = value
            case .day2, .day:
                guard let value = Self.digits(bytes, &position, min: element == .day ? 1 : 2, max: 2) else { return false }
                fields.day = value
            case .hour2, .hour:
                guard let value = Self.digits(bytes, &position, min: element == .hour ? 1 : 2, max: 2) else { return false }
                fields.hour = value
                fields.hasTime = true
            case .minute2:
                guard let value = Self.digits(bytes, &position, min: 2, max: 2) else { return false }
                fields.minute = value
            case .second2:
                guard let value = Self.digits(bytes, &position, min: 2, max: 2) else { return false }
                fields.second = value
            }
        }
        return position == bytes.count
    }

    /// ISO 8601 extended format: a date, optionally `T` (or a space) and a time with optional seconds,
    /// fraction (dropped) and offset.
    private static func matchISO8601(_ bytes: UnsafeBufferPointer<UInt8>, into fields: inout DateFields) -> Bool {
        var position = 0
        let dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")
        guard let year = digits(bytes, &position, min: 4, max: 4), literal(bytes, &position, dash),
              let month = digits(bytes, &position, min: 2, max: 2), literal(bytes, &position, dash),
              let day = digits(bytes, &position, min: 2, max: 2) else { return false }
        fields.year = year
        fields.month = month
        fields.day = day
        if position == bytes.count { return true }
        let separator = bytes[position]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else { return false }
        position += 1
        guard let hour = digits(bytes, &position, min: 2, max: 2), literal(bytes, &position, colon),
              let minute = digits(bytes, &position, min: 2, max: 2) else { return false }
        fields.hour = hour
        fields.minute = minute
        fields.hasTime = true
        if literal(bytes, &position, colon) {
            guard let second = digits(bytes, &position, min: 2, max: 2) else { return false }
            fields.second = second
            if literal(bytes, &position, UInt8(ascii: ".")) || literal(bytes, &position, UInt8(ascii: ",")) {
                guard digits(bytes, &position, min: 1, max: 9) != nil else { return false }  // fraction: dropped
            }
        }
        if position == bytes.count { return true }
        let marker = bytes[position]
        if marker == UInt8(ascii: "Z") || marker == UInt8(ascii: "z") {
            fields.utcOffset = 0
            return position + 1 == bytes.count
        }
        guard marker == UInt8(ascii: "+") || marker == dash else { return false }
        position += 1
        guard let offsetHours = digits(bytes, &position, min: 2, max: 2), offsetHours <= 23 else { return false }
        var offsetMinutes = 0
        if position < bytes.count {
            _ = literal(bytes, &position, colon)
            guard let minutes = digits(bytes, &position, min: 2, max: 2), minutes <= 59 else { return false }
            offsetMinutes = minutes
        }
        guard position == bytes.count else { return false }
        let offset = offsetHours * 3600 + offsetMinutes * 60
        fields.utcOffset = marker == dash ? -offset : offset
        return true
    }

    /// Month names, German and English, full and short (lower case), and their numbers.
    static let monthNames: [String: Int] = {
        let names: [(Int, [String])] = [
            (1, ["jan", "januar", "january", "jän", "jänner", "jaen", "jaenner"]), (2, ["feb", "febr", "februar", "february"]),
            (3, ["mär", "märz", "maerz", "mrz", "mar", "march"]), (4, ["apr", "april"]), (5, ["mai", "may"]),
            (6, ["jun", "juni", "june"]), (7, ["jul", "juli", "july"]), (8, ["aug", "august"]),
            (9, ["sep", "sept", "september"]), (10, ["okt", "oktober", "oct", "october"]), (11, ["nov", "november"]),
            (12, ["dez", "dezember", "dec", "december"]),
        ]
        var table: [String: Int] = [:]
        for (month, spellings) in names { for name in spellings { table[name] = month } }
        return table
    }()

    /// Reads a month name (letters, UTF-8 included) and an optional `.` after it.
    private static func monthName(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Int? {
        var end = position
        while end < bytes.count {
            let byte = bytes[end]
            guard (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80 else { break }
            end += 1
        }
        guard end > position, end - position <= 12,
              let month = monthNames[String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self).lowercased()]
        else { return nil }
        position = end
        _ = literal(bytes, &position, UInt8(ascii: "."))
        return month
    }

    /// Reads `min`...`max` ASCII digits (as many as there are, up to `max`).
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, position < bytes.count {
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value * 10 + Int(digit)
            position += 1
            count += 1
        }
        return count >= min ? value : nil
    }

    private static func literal(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }
}

/// Proleptic Gregorian calendar arithmetic on plain integers.
enum CalendarMath {
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date (negative before). Howard Hinnant's `days_from_civil`.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count from 1970-01-01. Howard Hinnant's `civil_from_days`.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
