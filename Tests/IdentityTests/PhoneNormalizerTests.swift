import Testing
@testable import Identity

@Suite("PhoneNormalizer")
struct PhoneNormalizerTests {
    let german = PhoneNormalizer()

    @Test("German numbers in every common spelling become E.164", arguments: [
        ("030 1234567", "+49301234567"),
        ("030/1234567", "+49301234567"),
        ("(030) 1234567", "+49301234567"),
        ("030-123 45 67", "+49301234567"),
        ("030.1234567", "+49301234567"),
        ("+49 30 1234567", "+49301234567"),
        ("+49 (0)30 1234567", "+49301234567"),
        ("+49(0)301234567", "+49301234567"),
        ("+49 (0) 30 1234567", "+49301234567"),
        ("+49 030 1234567", "+49301234567"),
        ("0049 30 1234567", "+49301234567"),
        ("0049 (0)30 1234567", "+49301234567"),
        ("+4930 1234567", "+49301234567"),
        ("  030 1234567\t", "+49301234567"),
        ("030\u{00A0}1234567", "+49301234567"),
        ("0151-23456789", "+4915123456789"),
        ("0151 234 567 89", "+4915123456789"),
        ("+49 151 23456789", "+4915123456789"),
        ("0176/12345678", "+4917612345678"),
        ("089 123456", "+4989123456"),
        ("0301234", "+49301234"),                // exactly 6 national digits
        ("+49 30 12345678901", "+493012345678901"),   // exactly 15 digits
    ])
    func germanFormats(raw: String, expected: String) {
        #expect(german.e164(raw) == expected)
    }

    @Test("Other countries keep their own country code", arguments: [
        ("+43 1 234567", "+431234567"),
        ("0043 1 234567", "+431234567"),
        ("+43 (0)1 234567", "+431234567"),
        ("+41 44 123 45 67", "+41441234567"),
        ("+1 (212) 555-0123", "+12125550123"),
        ("+39 06 1234 5678", "+390612345678"),      // Italy keeps the 0 after the country code
        ("+420 123 456 789", "+420123456789"),      // three-digit country code
        ("+7 495 123-45-67", "+74951234567"),
    ])
    func otherCountries(raw: String, expected: String) {
        #expect(german.e164(raw) == expected)
    }

    @Test("National numbers use the configured default country")
    func defaultCountry() {
        let austrian = PhoneNormalizer(defaultCountryCode: "43")
        #expect(austrian.e164("01 234567") == "+431234567")
        #expect(austrian.e164("+49 30 1234567") == "+49301234567")
        #expect(austrian.defaultCountryCode == "43")
    }

    @Test("An unusable default country refuses national numbers only")
    func unusableDefaultCountry() {
        let broken = PhoneNormalizer(defaultCountryCode: "4x9")
        #expect(broken.e164("030 1234567") == nil)
        #expect(broken.e164("+49 30 1234567") == "+49301234567")
    }

    @Test("Unusable input gives nil", arguments: [
        "",
        "   ",
        "030 12345a",                  // letters
        "Tel. 030 1234567",
        "030 12",                      // fewer than 6 national digits
        "+49 301",
        "030123",                      // 5 national digits
        "+49 30 1234567890123",        // 16 digits in all
        "0049 0 0 301234567",          // a second trunk zero
        "301234567",                   // no +, 00 or 0: ambiguous
        "++49 30 1234567",
        "+49 30 +1234567",
        "030 (123) (456",              // unbalanced parentheses
        "030 1234567 😀",
        "+0 30 1234567",
        "0000 30 1234567",
        String(repeating: "1", count: 10_000),
    ])
    func unusable(raw: String) {
        #expect(german.e164(raw) == nil)
    }

    @Test("The result is always + and at most 15 digits")
    func shapeOfResult() throws {
        for raw in ["030 1234567", "+4915123456789", "+43 1 234567", "0049 123456789012"] {
            let result = try #require(german.e164(raw))
            #expect(result.first == "+")
            let digits = result.dropFirst()
            #expect(digits.allSatisfy { $0.isNumber })
            #expect(digits.count <= 15)
        }
    }
}

@Suite("PhoneNormalizer by country")
struct PhoneNormalizerCountryTests {
    let normalizer = PhoneNormalizer()

    struct Case: CustomTestStringConvertible, Sendable {
        let raw: String
        let country: String?
        let expected: String?
        init(_ raw: String, _ country: String?, _ expected: String?) {
            self.raw = raw
            self.country = country
            self.expected = expected
        }
        var testDescription: String { "\(raw) in \(country ?? "default")" }
    }

    @Test("National numbers are read by the record's country", arguments: [
        Case("030 1234567", "DE", "+49301234567"),
        Case("0151 23456789", "de", "+4915123456789"),
        Case("0664 1234567", "AT", "+436641234567"),
        Case("01 234567", "AT", "+431234567"),
        Case("044 123 45 67", "CH", "+41441234567"),
        Case("079 123 45 67", "CH", "+41791234567"),
        Case("44 123 45 67", "CH", "+41441234567"),           // fixed length: the trunk 0 may be missing
        Case("06-12345678", "NL", "+31612345678"),
        Case("020 123 4567", "NL", "+31201234567"),
        Case("0800 1234", "NL", "+318001234"),
        Case("0470 12 34 56", "BE", "+32470123456"),
        Case("02 123 45 67", "BE", "+3221234567"),
        Case("04 123 45 67", "BE", "+3241234567"),           // Liège: 04 and 8 digits is a landline
        Case("06 12 34 56 78", "FR", "+33612345678"),
        Case("01.23.45.67.89", "FR", "+33123456789"),
        Case("612345678", "FR", "+33612345678"),
        Case("06 1234 5678", "IT", "+390612345678"),          // Italy: the 0 is part of the number
        Case("333 123 4567", "IT", "+393331234567"),
        Case("612 345 678", "ES", "+34612345678"),
        Case("91 123 45 67", "ES", "+34911234567"),
        Case("501 234 567", "PL", "+48501234567"),
        Case("22 123 45 67", "PL", "+48221234567"),
        Case("07911 123456", "GB", "+447911123456"),
        Case("020 7946 0958", "GB", "+442079460958"),
        Case("0161 496 0000", "GB", "+441614960000"),
        Case("087 123 4567", "IE", "+353871234567"),
        Case("01 234 5678", "IE", "+35312345678"),
        Case("678-002-1240", "US", "+16780021240"),
        Case("(418) 177-4660", "US", "+14181774660"),
        Case("1-212-555-0123", "US", "+12125550123"),
        Case("212.555.0123", "us", "+12125550123"),
        Case("(416) 555-0199", "CA", "+14165550199"),
        Case("02 9876 5432", "AU", "+61298765432"),
        Case("0412 345 678", "AU", "+61412345678"),
        Case("1300 123 456", "AU", "+611300123456"),
        Case("32 12 34 56", "DK", "+4532123456"),
        Case("030 1234567", nil, "+49301234567"),             // nil: the default country
        Case("030 1234567", "", "+49301234567"),
        // The own calling code without its + (a spreadsheet's doing), where no national number fits.
        Case("447700900123", "GB", "+447700900123"),
        Case("4915123456789", "DE", "+4915123456789"),
        Case("33 6 12 34 56 78", "FR", "+33612345678"),
        Case("61412345678", "AU", "+61412345678"),
        Case("393 123 4567", "IT", "+393931234567"),         // an Italian mobile stays national
    ])
    func national(testCase: Case) {
        #expect(normalizer.e164(testCase.raw, country: testCase.country) == testCase.expected)
    }

    @Test("A number with an international prefix keeps its own country", arguments: [
        Case("+49 30 1234567", "AT", "+49301234567"),
        Case("0049 30 1234567", "US", "+49301234567"),
        Case("011 49 30 1234567", "US", "+49301234567"),      // North American international prefix
        Case("0011 49 30 1234567", "AU", "+49301234567"),     // Australian international prefix
        Case("+43 (0)664 1234567", "DE", "+436641234567"),
        Case("+33 (0)1 23 45 67 89", nil, "+33123456789"),
        Case("+44 (0)20 7946 0958", "US", "+442079460958"),
        Case("+39 (0)6 1234 5678", nil, "+390612345678"),     // Italy keeps its 0
        Case("+45 32 12 34 56", "DE", "+4532123456"),
        Case("+1 678 002 1240", "DE", "+16780021240"),
        Case("+55 11 91234 5678", "BR", "+5511912345678"),    // no plan for Brazil: E.164 rules only
    ])
    func international(testCase: Case) {
        #expect(normalizer.e164(testCase.raw, country: testCase.country) == testCase.expected)
    }

    @Test("Extensions are dropped", arguments: [
        "030 1234567 ext. 12", "030 1234567 x12", "030 1234567 X 12", "030 1234567#12",
        "030 1234567;ext=12", "030 1234567 Durchwahl 12", "030 1234567 extension: 12",
    ])
    func extensions(raw: String) {
        #expect(normalizer.e164(raw, country: "DE") == "+49301234567")
    }

    @Test("Numbers that do not fit the country's plan give nil", arguments: [
        Case("0664 12", "AT", nil),                 // too short
        Case("123-4567", "US", nil),                // a local number without area code
        Case("(118) 555-0123", "US", nil),          // area codes start with 2–9
        Case("1-118-555-0123", "US", nil),
        Case("212-555-01234", "US", nil),           // 11 digits not starting with 1
        Case("06 1234 567", "NL", nil),             // 8 digits
        Case("0470 12 34 5", "BE", nil),            // a mobile needs 9 digits
        Case("06 12 34 56 7", "FR", nil),
        Case("012 345 678", "ES", nil),             // Spanish numbers start with 6–9
        Case("612 345 678 9", "ES", nil),
        Case("32 12 34 5", "DK", nil),
        Case("301234567", "DE", nil),               // no trunk 0: could be a local number
        Case("447700900123", "DE", nil),            // another country's code without + is not guessed
        Case("6641234567", "AT", nil),
        Case("02 9876 543", "AU", nil),
        Case("0612345678", "HU", nil),              // Hungary's trunk prefix 06 is not read
        Case("030 1234567", "XX", nil),             // no plan: national numbers are not guessed
        Case("030 1234567", "Deutschland", nil),    // a name, not an alpha-2 code
        Case("+1 118 555 0123", nil, nil),
        Case("+33 0 06 12 34 56 78", nil, nil),      // a second 0 after the trunk 0 (FR)
        Case("030 1234567 ext", "DE", nil),         // a marker without digits
        Case("030 1234567 abc 12", "DE", nil),
    ])
    func refused(testCase: Case) {
        #expect(normalizer.e164(testCase.raw, country: testCase.country) == nil)
    }

    @Test("The default calling code picks the default country's plan")
    func defaultPlans() {
        #expect(PhoneNormalizer(defaultCountryCode: "1").e164("678-002-1240") == "+16780021240")
        #expect(PhoneNormalizer(defaultCountryCode: "1").e164("(418) 177-4660") == "+14181774660")
        #expect(PhoneNormalizer(defaultCountryCode: "61").e164("0412 345 678") == "+61412345678")
        #expect(PhoneNormalizer(defaultCountryCode: "39").e164("06 1234 5678") == "+390612345678")
        // A calling code without a plan reads national numbers with a trunk 0, as before plans existed.
        #expect(PhoneNormalizer(defaultCountryCode: "55").e164("011 91234 5678") == "+5511912345678")
        // The record's country wins over the default.
        #expect(PhoneNormalizer(defaultCountryCode: "1").e164("0664 1234567", country: "AT") == "+436641234567")
    }

    @Test("Mobile numbers are told apart where the plan says", arguments: [
        ("+4915123456789", true), ("+49301234567", false),
        ("+436641234567", true), ("+43662123456", false),     // 0662 is Salzburg
        ("+41791234567", true), ("+41441234567", false), ("+41731234567", true),
        ("+31612345678", true), ("+31201234567", false),
        ("+32470123456", true), ("+3221234567", false), ("+3241234567", false),
        ("+33612345678", true), ("+33712345678", true), ("+33123456789", false),
        ("+393331234567", true), ("+390612345678", false),
        ("+34612345678", true), ("+34911234567", false),
        ("+48501234567", true), ("+48221234567", false),
        ("+447911123456", true), ("+442079460958", false), ("+447012345678", false), ("+447624123456", true),
        ("+353871234567", true), ("+35312345678", false),
        ("+61412345678", true), ("+61298765432", false),
    ] as [(String, Bool)])
    func mobile(e164: String, expected: Bool) {
        #expect(PhoneNormalizer.isMobile(e164: e164) == expected)
    }

    @Test("Mobile is unknown where the plan does not tell or the text is no E.164 number", arguments: [
        "+12125550123", "+4532123456", "+420123456789", "4915123456789", "+49", "", "+49x5123456789",
    ])
    func mobileUnknown(e164: String) {
        #expect(PhoneNormalizer.isMobile(e164: e164) == nil)
    }

    @Test("Every result of a plan is + and at most 15 digits, and normalising it again changes nothing")
    func idempotent() throws {
        let samples = [("030 1234567", "DE"), ("0664 1234567", "AT"), ("678-002-1240", "US"), ("06 1234 5678", "IT"),
                       ("0412 345 678", "AU"), ("32 12 34 56", "DK"), ("07911 123456", "GB")]
        for (raw, country) in samples {
            let result = try #require(normalizer.e164(raw, country: country))
            #expect(result.utf8.count <= 16)
            #expect(normalizer.e164(result, country: "DE") == result)
        }
    }
}
