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
