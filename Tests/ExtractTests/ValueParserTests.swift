import Foundation
import Testing
@testable import Extract

private func formats(_ patterns: String...) throws -> [DateFormat] {
    try patterns.map { pattern throws(DateFormatError) in try DateFormat(pattern: pattern) }
}

private let berlin = TimeZone(identifier: "Europe/Berlin")!

@Suite("ValueParser: dates")
struct DateParsingTests {
    @Test(arguments: [
        ("31.01.2026", "dd.MM.yyyy", "2026-01-31"),
        ("  31.01.2026\t", "dd.MM.yyyy", "2026-01-31"),
        ("1.3.2026", "d.M.yyyy", "2026-03-01"),
        ("01.03.2026", "d.M.yyyy", "2026-03-01"),
        ("2026-01-31", "yyyy-MM-dd", "2026-01-31"),
        ("31/01/2026", "dd/MM/yyyy", "2026-01-31"),
        ("20260131", "yyyyMMdd", "2026-01-31"),
        ("31.01.2026 10:15", "dd.MM.yyyy HH:mm", "2026-01-31"),
        ("31.01.2026 10:15:59", "dd.MM.yyyy HH:mm:ss", "2026-01-31"),
        ("2026-01-31T10:15", "yyyy-MM-dd'T'HH:mm", "2026-01-31"),
        ("29.02.2024", "dd.MM.yyyy", "2024-02-29"),  // leap year
        ("29.02.2000", "dd.MM.yyyy", "2000-02-29"),  // divisible by 400
        ("31.12.9999", "dd.MM.yyyy", "9999-12-31"),
        ("31.01.29", "dd.MM.yy", "2029-01-31"),      // pivot: 00-29 is 20xx
        ("31.01.30", "dd.MM.yy", "1930-01-31"),      // 30-99 is 19xx
        ("01.01.00", "dd.MM.yy", "2000-01-01"),
        ("01.01.99", "dd.MM.yy", "1999-01-01"),
        ("2026-01-31", "iso8601", "2026-01-31"),
        ("2026-01-31T23:30:00-05:00", "iso8601", "2026-01-31"),  // the date as written
    ])
    func validDates(text: String, pattern: String, expected: String) throws {
        #expect(ValueParser.date(text, formats: try formats(pattern)) == expected)
    }

    @Test(arguments: [
        ("31.02.2026", "dd.MM.yyyy"), ("29.02.2026", "dd.MM.yyyy"), ("29.02.1900", "dd.MM.yyyy"),
        ("31.04.2026", "dd.MM.yyyy"), ("00.01.2026", "dd.MM.yyyy"), ("15.13.2026", "dd.MM.yyyy"),
        ("15.00.2026", "dd.MM.yyyy"), ("1.3.2026", "dd.MM.yyyy"), ("31-01-2026", "dd.MM.yyyy"),
        ("31.01.2026x", "dd.MM.yyyy"), ("31.01.20266", "dd.MM.yyyy"), ("31.01.26", "dd.MM.yyyy"),
        ("", "dd.MM.yyyy"), ("   ", "dd.MM.yyyy"), ("heute", "dd.MM.yyyy"), ("31.01.0000", "dd.MM.yyyy"),
        ("2026131", "yyyyMMdd"), ("2026-1-31", "yyyy-MM-dd"), ("31.01.2026 24:00", "dd.MM.yyyy HH:mm"),
        ("31.01.2026 10:60", "dd.MM.yyyy HH:mm"), ("31.01.2026", "dd.MM.yyyy HH:mm"),
        ("2026-02-30", "iso8601"), ("2026-01-31T", "iso8601"), ("2026-01-31T10", "iso8601"),
        ("2026-01-31T10:15+25:00", "iso8601"), ("31.01.2026", "iso8601"), ("2026-01-31Z", "iso8601"),
    ])
    func invalidDates(text: String, pattern: String) throws {
        #expect(ValueParser.date(text, formats: try formats(pattern)) == nil)
    }

    @Test("month names, German and English, full or short, as a format or without one", arguments: [
        ("5. März 1980", "dd.MM.yyyy", "1980-03-05"), ("5. Maerz 1980", "dd.MM.yyyy", "1980-03-05"),
        ("05-MAR-1980", "dd.MM.yyyy", "1980-03-05"), ("March 5, 1980", "dd.MM.yyyy", "1980-03-05"),
        ("5 Mrz. 1980", "dd.MM.yyyy", "1980-03-05"), ("12. Dezember 2024", "yyyy-MM-dd", "2024-12-12"),
        ("1. Jänner 1990", "dd.MM.yyyy", "1990-01-01"), ("Oct 31 1999", "dd.MM.yyyy", "1999-10-31"),
        ("31-Okt-99", "dd.MM.yyyy", "1999-10-31"), ("3 may 2001", "dd.MM.yyyy", "2001-05-03"),
        ("2001/Mai/03", "yyyy/MMM/dd", "2001-05-03"), ("MAI 3 2001", "MMMM d yyyy", "2001-05-03"),
        // An ISO date-time in a date field: its date as written.
        ("1980-04-02T00:00:00Z", "dd.MM.yyyy", "1980-04-02"), ("2024-03-05T23:30:00+01:00", "dd.MM.yyyy", "2024-03-05"),
        // An ISO date among German ones: a four-digit year first reads one way only.
        ("1985-11-23", "dd.MM.yyyy", "1985-11-23"), ("1985-11-23", "MM/dd/yyyy", "1985-11-23"),
    ])
    func monthNamesAndDateTimes(text: String, pattern: String, expected: String) throws {
        #expect(ValueParser.date(text, formats: try formats(pattern)) == expected)
    }

    @Test("a month name that is none, or a day the month does not have, is still no date", arguments: [
        "5. Mätz 1980", "31. Februar 1980", "March 32, 1980", "Marchx 5, 1980", "5 Ma 1980", "1980-04-02T25:00:00",
        "1985-02-30", "1985-13-01", "23-11-1985",
    ])
    func badMonthNames(text: String) throws {
        #expect(ValueParser.date(text, formats: try formats("dd.MM.yyyy")) == nil)
    }

    @Test func firstMatchingFormatWins() throws {
        let list = try formats("yyyy-MM-dd", "dd.MM.yyyy", "MM/dd/yyyy", "dd/MM/yyyy")
        #expect(ValueParser.date("2026-01-31", formats: list) == "2026-01-31")
        #expect(ValueParser.date("31.01.2026", formats: list) == "2026-01-31")
        #expect(ValueParser.date("02/03/2026", formats: list) == "2026-02-03")  // MM/dd before dd/MM
        #expect(ValueParser.date("31/01/2026", formats: list) == "2026-01-31")  // only dd/MM fits
        #expect(ValueParser.date("31.01.2026", formats: []) == nil)
    }

    @Test(arguments: ["dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd", "dd/MM/yyyy", "yyyyMMdd", "dd.MM.yyyy HH:mm",
                      "dd.MM.yyyy HH:mm:ss", "yy-M-d H:mm", "yyyy-MM-dd'T'HH:mm:ss", "iso8601", "ISO8601"])
    func validPatterns(pattern: String) throws {
        let format = try DateFormat(pattern: pattern)
        #expect(format.pattern == pattern)
    }

    @Test(arguments: [
        ("dd.MMMMM.yyyy", "\"MMMMM\""), ("dd.MMM.MM.yyyy", "one month"), ("dd.MM.yyy", "\"yyy\""), ("hh:mm dd.MM.yyyy", "\"hh\""),
        ("dd.MM.yyyy HH:mm:ss.SSS", "\"SSS\""), ("EEEE dd.MM.yyyy", "\"EEEE\""),
        ("yyyy-MM-ddTHH:mm", "\"T\""), ("yyyy-MM-dd'T", "unterminated quote"),
        ("dd.MM", "one year"), ("dd.MM.yyyy yyyy", "one year"), ("dd.MM.yyyy ss", "seconds without minutes"),
    ])
    func unknownTokensAreExplained(pattern: String, mentions: String) {
        do {
            _ = try DateFormat(pattern: pattern)
            Issue.record("\(pattern) should not parse")
        } catch {
            #expect(error.pattern == pattern)
            #expect(error.description.contains(mentions), "\(error)")
            #expect(error.description.contains(pattern))
        }
    }

    @Test func formatsAreHashableValues() throws {
        let a = try DateFormat(pattern: "dd.MM.yyyy"), b = try DateFormat(pattern: "dd.MM.yyyy")
        #expect(a == b)
        #expect(Set([a, b, DateFormat.iso8601]).count == 2)
        #expect(try DateFormat(pattern: "iso8601") == DateFormat.iso8601)
    }
}

@Suite("ValueParser: date-times")
struct DateTimeParsingTests {
    @Test(arguments: [
        ("31.01.2026 10:15", "dd.MM.yyyy HH:mm", "2026-01-31T09:15:00Z"),            // CET, +1
        ("15.07.2026 10:15:30", "dd.MM.yyyy HH:mm:ss", "2026-07-15T08:15:30Z"),      // CEST, +2
        ("15.07.2026", "dd.MM.yyyy", "2026-07-14T22:00:00Z"),                        // a date is local midnight
        ("1.1.2026 0:05", "d.M.yyyy H:mm", "2025-12-31T23:05:00Z"),                  // across the year
        ("2026-07-15T10:15:30Z", "iso8601", "2026-07-15T10:15:30Z"),
        ("2026-07-15t10:15:30z", "iso8601", "2026-07-15T10:15:30Z"),
        ("2026-07-15T10:15:30+01:00", "iso8601", "2026-07-15T09:15:30Z"),
        ("2026-07-15T10:15:30+0100", "iso8601", "2026-07-15T09:15:30Z"),
        ("2026-07-15T10:15:30+01", "iso8601", "2026-07-15T09:15:30Z"),
        ("2026-07-15T10:15:30-05:30", "iso8601", "2026-07-15T15:45:30Z"),
        ("2026-07-15T10:15:30.123456Z", "iso8601", "2026-07-15T10:15:30Z"),         // fraction dropped
        ("2026-07-15T10:15:30,5+02:00", "iso8601", "2026-07-15T08:15:30Z"),
        ("2026-07-15T10:15", "iso8601", "2026-07-15T08:15:00Z"),                     // no offset: local
        ("2026-07-15 10:15:30", "iso8601", "2026-07-15T08:15:30Z"),
        ("2026-07-15", "iso8601", "2026-07-14T22:00:00Z"),
        ("2026-01-01T00:30:00+01:00", "iso8601", "2025-12-31T23:30:00Z"),
        // Spring forward, 29 March 2026, 02:00 CET -> 03:00 CEST.
        ("29.03.2026 01:59:59", "dd.MM.yyyy HH:mm:ss", "2026-03-29T00:59:59Z"),
        ("29.03.2026 03:00:00", "dd.MM.yyyy HH:mm:ss", "2026-03-29T01:00:00Z"),
        ("29.03.2026 02:30:00", "dd.MM.yyyy HH:mm:ss", "2026-03-29T01:30:00Z"),      // in the gap: read as 03:30 CEST
        // Fall back, 25 October 2026, 03:00 CEST -> 02:00 CET.
        ("25.10.2026 01:30:00", "dd.MM.yyyy HH:mm:ss", "2026-10-24T23:30:00Z"),
        ("25.10.2026 02:30:00", "dd.MM.yyyy HH:mm:ss", "2026-10-25T00:30:00Z"),      // twice: the first (CEST)
        ("25.10.2026 03:30:00", "dd.MM.yyyy HH:mm:ss", "2026-10-25T02:30:00Z"),
    ])
    func dateTimesInBerlin(text: String, pattern: String, expected: String) throws {
        #expect(ValueParser.dateTime(text, formats: try formats(pattern), timeZone: berlin) == expected)
    }

    @Test(arguments: [
        ("31.01.2026 24:00", "dd.MM.yyyy HH:mm"), ("31.01.2026 10:15:60", "dd.MM.yyyy HH:mm:ss"),
        ("2026-07-15T10:15:30+24:00", "iso8601"), ("2026-07-15T10:15:30+01:60", "iso8601"),
        ("2026-07-15T10:15:30+1", "iso8601"), ("2026-07-15T10:15:30Zulu", "iso8601"),
        ("2026-07-15T10:15:30.", "iso8601"), ("2026-07-15T1015", "iso8601"),
        ("0001-01-01T00:30:00+01:00", "iso8601"),  // before year 1 in UTC
        ("", "iso8601"), ("31.01.2026 10:15 Uhr", "dd.MM.yyyy HH:mm"),
    ])
    func invalidDateTimes(text: String, pattern: String) throws {
        #expect(ValueParser.dateTime(text, formats: try formats(pattern), timeZone: berlin) == nil)
    }

    @Test("an ISO date alone is local midnight whatever the date-time formats: it cannot be read another way", arguments: [
        ("2026-11-01", "2026-10-31T23:00:00Z"),                                       // CET, +1
        ("2026-07-15", "2026-07-14T22:00:00Z"),                                       // CEST, +2
    ])
    func isoDateInDateTime(text: String, expected: String) throws {
        let germanOnly = try formats("dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm")
        #expect(ValueParser.dateTime(text, formats: germanOnly, timeZone: berlin) == expected)
        #expect(ValueParser.dateTime("2026-11-31", formats: germanOnly, timeZone: berlin) == nil)
        #expect(ValueParser.dateTime("01.11.2026", formats: germanOnly, timeZone: berlin) == nil, "a German date needs a date format")
    }

    @Test func otherTimeZones() throws {
        let list = try formats("dd.MM.yyyy HH:mm")
        #expect(ValueParser.dateTime("15.07.2026 10:15", formats: list, timeZone: TimeZone(identifier: "UTC")!)
                == "2026-07-15T10:15:00Z")
        #expect(ValueParser.dateTime("15.07.2026 10:15", formats: list, timeZone: TimeZone(identifier: "America/New_York")!)
                == "2026-07-15T14:15:00Z")
        #expect(ValueParser.dateTime("15.07.2026 10:15", formats: list, timeZone: TimeZone(secondsFromGMT: 3600)!)
                == "2026-07-15T09:15:00Z")
    }

    /// Local times across decades, against Foundation's calendar (times near a DST change left out:
    /// there the two may legitimately choose differently).
    @Test func agreesWithFoundationCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = berlin
        let list = try formats("yyyy-MM-dd HH:mm:ss")
        let iso = ISO8601DateFormatter()
        var generator = SeededGenerator(seed: 7)
        var compared = 0
        for _ in 0..<3_000 {
            let parts = DateComponents(year: 1950 + Int(generator.next() % 90), month: 1 + Int(generator.next() % 12),
                                       day: 1 + Int(generator.next() % 28), hour: Int(generator.next() % 24),
                                       minute: Int(generator.next() % 60), second: Int(generator.next() % 60))
            let date = try #require(calendar.date(from: parts))
            let before = berlin.secondsFromGMT(for: date.addingTimeInterval(-7200))
            let after = berlin.secondsFromGMT(for: date.addingTimeInterval(7200))
            guard before == after else { continue }
            let text = String(format: "%04ld-%02ld-%02ld %02ld:%02ld:%02ld", parts.year!, parts.month!, parts.day!,
                              parts.hour!, parts.minute!, parts.second!)
            #expect(ValueParser.dateTime(text, formats: list, timeZone: berlin) == iso.string(from: date), "\(text)")
            compared += 1
        }
        #expect(compared > 2_500)
    }
}

@Suite("ValueParser: numbers")
struct NumberParsingTests {
    @Test(arguments: [
        ("1.234,56", true, 123_456, 2, "1234.56"),
        ("-12,5", true, -125, 1, "-12.5"),
        ("1234,56", true, 123_456, 2, "1234.56"),
        ("1.234.567,89", true, 123_456_789, 2, "1234567.89"),
        ("1.234", true, 1_234, 0, "1234"),
        ("0,05", true, 5, 2, "0.05"),
        (",5", true, 5, 1, "0.5"),
        ("12,50-", true, -1_250, 2, "-12.50"),
        ("+3", true, 3, 0, "3"),
        (" 007,10 ", true, 710, 2, "7.10"),
        ("-0,00", true, 0, 2, "0.00"),
        ("1,234.56", false, 123_456, 2, "1234.56"),
        ("1234.56", false, 123_456, 2, "1234.56"),
        ("1,234", false, 1_234, 0, "1234"),
        ("-0.5", false, -5, 1, "-0.5"),
        ("9223372036854775807", false, Int64.max, 0, "9223372036854775807"),
        ("0.123456789012345678", false, 123_456_789_012_345_678, 18, "0.123456789012345678"),
    ] as [(String, Bool, Int64, Int, String)])
    func decimals(text: String, decimalComma: Bool, units: Int64, scale: Int, canonical: String) {
        let value = ValueParser.decimal(text, decimalComma: decimalComma)
        #expect(value == ExactDecimal(units: units, scale: scale))
        #expect(value?.description == canonical)
    }

    @Test(arguments: [
        ("1.2.3,4,5", true), ("12.34", true), ("1,2,3", true), ("1234.567,8", true), ("1.23,4", true),
        ("abc", true), ("12a", true), ("", true), (" ", true), ("5,", true), ("-", true), ("1e3", true),
        ("1 234,56", true), ("--5", true), ("-5-", true), (".5", true), ("1.234,56", false), ("1,23", false),
        ("12,345678901234567890", true), ("99999999999999999999", false), ("0x10", false), ("1_000", false),
        ("€ 12", true), ("12.5.", false), ("١٢", false),
    ])
    func invalidDecimals(text: String, decimalComma: Bool) {
        #expect(ValueParser.decimal(text, decimalComma: decimalComma) == nil)
    }

    @Test(arguments: [
        (ExactDecimal(units: -5, scale: 2), "-0.05"), (ExactDecimal(units: 0, scale: 0), "0"),
        (ExactDecimal(units: 123, scale: 5), "0.00123"), (ExactDecimal(units: Int64.min, scale: 0), "-9223372036854775808"),
        (ExactDecimal(units: Int64.min, scale: 18), "-9.223372036854775808"), (ExactDecimal(units: 100, scale: 2), "1.00"),
    ])
    func canonicalText(value: ExactDecimal, text: String) {
        #expect(value.description == text)
    }

    @Test(arguments: [
        ("1.234,56", true, 123_456), ("12,5", true, 1_250), ("12", true, 1_200), ("12,500", true, 1_250),
        ("0,01", true, 1), ("€ 12,50", true, 1_250), ("12,50 €", true, 1_250), ("12,50€", true, 1_250),
        ("EUR 1.234,56", true, 123_456), ("1.234,56 EUR", true, 123_456), ("eur 5", true, 500),
        ("-12,50 €", true, -1_250), ("-€12,50", true, -1_250), ("- € 12,50", true, -1_250), ("€-12,50", true, -1_250),
        ("12,50-", true, -1_250), ("1,234.56 €", false, 123_456), ("EUR1234.5", false, 123_450),
        ("\u{00A0}12,50\u{00A0}€ ", true, 1_250),
    ] as [(String, Bool, Int64)])
    func cents(text: String, decimalComma: Bool, expected: Int64) {
        #expect(ValueParser.cents(text, decimalComma: decimalComma) == expected)
    }

    @Test(arguments: [
        ("12,505", true), ("12,001", true), ("€", true), ("EUR", true), ("12,50 USD", true), ("€12,50€", true),
        ("--12", true), ("-€-12", true), ("-€12,50-", true), ("12.50", true), ("1.234,56", false),
        ("922337203685477580,7", true), ("", true), ("zwölf", true),
    ])
    func invalidCents(text: String, decimalComma: Bool) {
        #expect(ValueParser.cents(text, decimalComma: decimalComma) == nil)
    }

    @Test(arguments: [
        ("42", 42), ("-7", -7), ("+7", 7), ("007", 7), (" 12 ", 12), ("0", 0),
        ("9223372036854775807", Int64.max), ("-9223372036854775807", -Int64.max),
    ] as [(String, Int64)])
    func integers(text: String, expected: Int64) {
        #expect(ValueParser.integer(text) == expected)
    }

    @Test(arguments: ["", " ", "-", "+", "1.000", "1e3", "12,0", "4 2", "x", "9223372036854775808", "١", "--1"])
    func invalidIntegers(text: String) {
        #expect(ValueParser.integer(text) == nil)
    }

    @Test(arguments: [
        ("ja", true), ("JA", true), ("j", true), ("yes", true), ("Y", true), ("true", true), ("1", true),
        ("x", true), ("X", true), ("wahr", true), (" Ja ", true),
        ("nein", false), ("N", false), ("no", false), ("FALSE", false), ("0", false), ("falsch", false),
    ])
    func booleans(text: String, expected: Bool) {
        #expect(ValueParser.boolean(text) == expected)
    }

    @Test(arguments: ["", " ", "vielleicht", "2", "-1", "jaa", "t", "f", "on", "off", "ok"])
    func invalidBooleans(text: String) {
        #expect(ValueParser.boolean(text) == nil)
    }
}
