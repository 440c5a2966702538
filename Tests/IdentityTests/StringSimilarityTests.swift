import Testing
@testable import Identity

@Suite("StringSimilarity")
struct StringSimilarityTests {
    /// Rounds to three decimals, the precision DOMAIN.md gives the known values in.
    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    @Test("Jaro-Winkler matches the known values of DOMAIN.md", arguments: [
        ("MARTHA", "MARHTA", 0.961),
        ("DWAYNE", "DUANE", 0.840),
        ("DIXON", "DICKSONX", 0.813),
    ])
    func knownValues(a: String, b: String, expected: Double) {
        #expect(rounded(StringSimilarity.jaroWinkler(a, b)) == expected)
        #expect(rounded(StringSimilarity.jaroWinkler(b, a)) == expected)
        #expect(rounded(StringSimilarity.jaroWinkler(StringSimilarity.scalars(a), StringSimilarity.scalars(b))) == expected)
    }

    @Test("Jaro without the prefix boost")
    func plainJaro() {
        #expect(rounded(StringSimilarity.jaro("MARTHA", "MARHTA")) == 0.944)
        #expect(rounded(StringSimilarity.jaro("DWAYNE", "DUANE")) == 0.822)
        #expect(rounded(StringSimilarity.jaro("DIXON", "DICKSONX")) == 0.767)
    }

    @Test("The prefix boost counts at most four characters and needs Jaro above 0.7")
    func prefixRules() {
        // Identical first five characters: only four count.
        let jaro = StringSimilarity.jaro("ABCDEFGH", "ABCDEXYZ")
        #expect(StringSimilarity.jaroWinkler("ABCDEFGH", "ABCDEXYZ") == jaro + 4 * 0.1 * (1 - jaro))
        // Below the threshold the boost is not applied.
        let low = StringSimilarity.jaro("ABXXXXXX", "ABYYYYYY")
        #expect(low <= 0.7)
        #expect(StringSimilarity.jaroWinkler("ABXXXXXX", "ABYYYYYY") == low)
    }

    @Test("Transpositions are half the out-of-order matches, rounded down (strcmp95)")
    func transpositionsRoundDown() {
        // ABCDEF / CABDEF: 6 matches, three of them out of order -> t = 1 (not 1.5).
        #expect(StringSimilarity.jaro("ABCDEF", "CABDEF") == (1.0 + 1.0 + 5.0 / 6.0) / 3.0)
    }

    @Test("Identity, emptiness and symmetry", arguments: [
        ("Müller", "Müller"), ("Mueller", "Müller"), ("", ""), ("", "x"), ("😀", "😀👍"),
        ("Schmidt", "Schmitt"), ("Anna", "Anne"), ("a", "b"),
    ])
    func basicProperties(a: String, b: String) {
        let forward = StringSimilarity.jaroWinkler(a, b)
        #expect(forward == StringSimilarity.jaroWinkler(b, a))
        #expect((0...1).contains(forward))
        if a == b { #expect(forward == 1) }
        if a.isEmpty != b.isEmpty { #expect(forward == 0) }
    }

    @Test("String, scalar-array and long-string paths agree", arguments: [
        ("Schmidt", "Schmitt"),
        ("Müller-Lüdenscheidt", "Mueller-Luedenscheid"),
        ("Weiß", "Weiss"),
        ("😀anna", "anna😀"),
        (String(repeating: "abcdefgh", count: 9), String(repeating: "abcdefhg", count: 9)),   // 72 > 64
        (String(repeating: "ab", count: 40), String(repeating: "ba", count: 31)),
    ])
    func pathsAgree(a: String, b: String) {
        let viaString = StringSimilarity.jaroWinkler(a, b)
        let viaScalars = StringSimilarity.jaroWinkler(StringSimilarity.scalars(a), StringSimilarity.scalars(b))
        #expect(viaString == viaScalars)
        #expect(StringSimilarity.damerauLevenshtein(a, b)
                == StringSimilarity.damerauLevenshtein(StringSimilarity.scalars(a), StringSimilarity.scalars(b)))
    }

    @Test("A string longer than 64 characters compares like its short form would")
    func longStrings() {
        let long = String(repeating: "x", count: 100)
        #expect(StringSimilarity.jaroWinkler(long, long) == 1)
        #expect(StringSimilarity.jaroWinkler(long, long + "y") > 0.99)
        let veryLong = String(repeating: "Müller", count: 2_000)
        #expect(StringSimilarity.jaroWinkler(veryLong, veryLong) == 1)
    }

    // MARK: - Damerau-Levenshtein (optimal string alignment)

    @Test("Edit distances", arguments: [
        ("", "", 0), ("", "abc", 3), ("abc", "", 3), ("abc", "abc", 0),
        ("kitten", "sitting", 3), ("Meier", "Meyer", 1), ("Schmidt", "Schmitt", 1),
        ("ab", "ba", 1),                  // one transposition
        ("Mülelr", "Müller", 1),
        ("CA", "ABC", 3),                 // optimal string alignment; true Damerau-Levenshtein gives 2
        ("abcdef", "badcfe", 3),
        ("1985-04-03", "1985-04-30", 1),
        ("Weiß", "Weiss", 2),             // scalars: ß is one character
        ("😀", "😁", 1),
    ])
    func distances(a: String, b: String, expected: Int) {
        #expect(StringSimilarity.damerauLevenshtein(a, b) == expected)
        #expect(StringSimilarity.damerauLevenshtein(b, a) == expected)
    }

    @Test("maxDistance is exact up to the limit and reports limit + 1 beyond it", arguments: [
        ("kitten", "sitting"), ("abcdef", "badcfe"), ("Müller", "Mueller"), ("", "abcdef"),
        ("Schmidt", "Schneider"), ("abc", "abc"), (String(repeating: "a", count: 200), String(repeating: "b", count: 190)),
    ])
    func maxDistance(a: String, b: String) {
        let exact = StringSimilarity.damerauLevenshtein(a, b)
        for limit in 0...5 {
            let capped = StringSimilarity.damerauLevenshtein(a, b, maxDistance: limit)
            #expect(capped == (exact <= limit ? exact : limit + 1), "limit \(limit)")
        }
    }

    @Test("A negative maxDistance behaves like 0")
    func negativeLimit() {
        #expect(StringSimilarity.damerauLevenshtein("a", "a", maxDistance: -3) == 0)
        #expect(StringSimilarity.damerauLevenshtein("a", "b", maxDistance: -3) == 1)
    }
}
