import Testing
@testable import Identity

@Suite("DateComparison")
struct DateComparisonTests {
    @Test("Levels from exact to different", arguments: [
        ("1985-04-03", "1985-04-03", DateComparison.Level.exact),
        ("1985-04-03", "1985-03-04", .swappedDayMonth),
        ("1985-12-01", "1985-01-12", .swappedDayMonth),
        ("1985-04-03", "1985-04-08", .oneTypo),          // one digit
        ("1985-04-03", "1985-04-30", .oneTypo),          // neighbouring digits swapped
        ("1985-04-03", "1958-04-03", .oneTypo),
        ("1985-04-03", "1986-04-03", .oneTypo),
        ("1985-04-13", "1985-04-23", .oneTypo),
        ("1985-04-03", "1971-04-03", .yearDiffers),
        ("1985-04-03", "2085-04-30", .different),        // a typo plus a swap: two edits
        ("1985-04-03", "1990-11-20", .different),
        ("1985-04-03", "1985-05-04", .different),
        ("1985-04-03", "1985-03-05", .different),
    ])
    func levels(a: String, b: String, expected: DateComparison.Level) {
        #expect(DateComparison.level(a, b) == expected)
        #expect(DateComparison.level(b, a) == expected)
    }

    @Test("Swapping day and month only counts when the swap is a real date")
    func swapMustBeValid() {
        // 1985-04-31 does not exist, so 1985-04-31 / 1985-31-04 cannot even be read.
        #expect(DateComparison.level("1985-01-31", "1985-01-13") == .oneTypo)
        #expect(DateComparison.level("2024-02-12", "2024-12-02") == .swappedDayMonth)
    }

    @Test("Empty or non-ISO input is missing, not different", arguments: [
        ("", "1985-04-03"), ("1985-04-03", ""), ("03.04.1985", "1985-04-03"), ("1985-4-3", "1985-04-03"),
        ("1985-02-30", "1985-02-28"), ("1985-04-03T00:00", "1985-04-03"), ("1985-04-03 ", "1985-04-03"),
        ("😀", "😀"), ("", ""),
    ])
    func missing(a: String, b: String) {
        #expect(DateComparison.level(a, b) == .missing)
    }

    @Test("Levels are ordered from strongest to weakest evidence")
    func ordering() {
        let raw = DateComparison.Level.allCases.map(\.rawValue)
        #expect(raw == Array(0..<DateComparison.Level.allCases.count))
        #expect(DateComparison.Level.allCases.first == .exact)
        #expect(DateComparison.Level.allCases.last == .missing)
    }

    @Test("Agrees with DateNormalizer output and the edit distance on the eight digits")
    func agreesWithEditDistance() {
        let base = "1985-04-03"
        var checked = 0
        for year in [1984, 1985, 1958, 1995, 2085] {
            for month in [3, 4, 5, 10, 12] {
                for day in [3, 4, 30, 13, 31] {
                    guard let other = DateNormalizer.iso("\(day).\(month).\(year)") else { continue }
                    let digitsA = base.filter { $0.isNumber }
                    let digitsB = other.filter { $0.isNumber }
                    let distance = StringSimilarity.damerauLevenshtein(digitsA, digitsB)
                    let level = DateComparison.level(base, other)
                    if distance == 0 { #expect(level == .exact) }
                    if distance == 1 { #expect(level == .oneTypo || level == .swappedDayMonth) }
                    if level == .oneTypo { #expect(distance == 1) }
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }
}
