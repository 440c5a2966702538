import Testing
@testable import Identity

@Suite("DateNormalizer")
struct DateNormalizerTests {
    @Test("German, ISO and slashed dates become yyyy-MM-dd", arguments: [
        ("2024-01-31", "2024-01-31"),
        ("2024-1-5", "2024-01-05"),
        ("31.01.2024", "2024-01-31"),
        ("3.4.1985", "1985-04-03"),
        ("03.04.1985", "1985-04-03"),
        ("31/12/1999", "1999-12-31"),
        ("1/2/2003", "2003-02-01"),
        ("2024-01-31T23:30:00+01:00", "2024-01-31"),   // the date as written, no time-zone shift
        ("2024-01-31T00:00:00Z", "2024-01-31"),
        ("2024-01-31 08:15", "2024-01-31"),
        ("31.01.2024 08:15:00", "2024-01-31"),
        ("  1985-04-03\n", "1985-04-03"),
        ("2024-02-29", "2024-02-29"),                  // leap year
        ("29.02.2000", "2000-02-29"),                  // divisible by 400: leap
        ("1000-01-01", "1000-01-01"),
        ("9999-12-31", "9999-12-31"),
    ])
    func valid(raw: String, expected: String) {
        #expect(DateNormalizer.iso(raw) == expected)
    }

    @Test("Calendar-invalid or unreadable dates give nil", arguments: [
        "", "   ", "2023-02-29", "29.02.1900", "2024-04-31", "31.06.2024", "2024-13-01", "2024-00-10",
        "2024-01-00", "00.01.2024", "32.01.2024", "31.01.24", "01.31.2024", "2024/01/31", "20240131",
        "31-01-2024", "2024-01-31X", "2024-01-31T", "2024-01-31Tnoon", "31.01.2024x", "31.01/2024",
        "0999-12-31", "12345-01-01", "heute", "😀", "2024-01-31😀", "٢٠٢٤-٠١-٣١",
        String(repeating: "1", count: 10_000),
    ])
    func invalid(raw: String) {
        #expect(DateNormalizer.iso(raw) == nil)
    }

    @Test("Every day of a leap year round-trips through dd.MM.yyyy")
    func wholeYear() {
        var count = 0
        for month in 1...12 {
            let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            for day in 1...days {
                let german = "\(day).\(month).2024"
                let iso = "2024-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
                #expect(DateNormalizer.iso(german) == iso)
                #expect(DateNormalizer.iso(iso) == iso)
                count += 1
            }
            #expect(DateNormalizer.iso("\(days + 1).\(month).2024") == nil)
        }
        #expect(count == 366)
    }
}
