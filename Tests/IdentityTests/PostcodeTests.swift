import Testing
@testable import Identity

@Suite("Postcodes by country")
struct PostcodeTests {
    @Test("Each country's layout", arguments: [
        ("01067", "DE", "01067"), ("1067", "DE", "01067"), ("D-01067", "de", "01067"),
        ("1067", nil, "01067"),                                   // nil: the German default
        ("1010", "AT", "1010"), ("A-1010", "AT", "1010"), ("8001", "CH", "8001"), ("CH-8001", "CH", "8001"),
        ("2119", "AU", "2119"), ("0800", "AU", "0800"), ("2100", "DK", "2100"), ("1000", "BE", "1000"),
        ("75008", "FR", "75008"), ("1000", "FR", "01000"), ("00184", "IT", "00184"), ("28013", "ES", "28013"),
        ("114 55", "SE", "11455"), ("11455", "SE", "11455"), ("110 00", "CZ", "11000"),
        ("12345", "US", "12345"), ("12345-6789", "US", "12345"), ("123456789", "US", "12345"), ("2119", "US", "02119"),
        ("SW1A 1AA", "GB", "SW1A 1AA"), ("sw1a1aa", "GB", "SW1A 1AA"), (" M1  1AE ", "GB", "M1 1AE"),
        ("EC1A 1BB", "GB", "EC1A 1BB"), ("B33 8TH", "UK", "B33 8TH"),
        ("1234AB", "NL", "1234 AB"), ("1234 ab", "NL", "1234 AB"), ("NL-1234 AB", "NL", "1234 AB"),
        ("00-950", "PL", "00-950"), ("00950", "PL", "00-950"),
        ("1000-001", "PT", "1000-001"),
        ("D02 X285", "IE", "D02 X285"), ("d02x285", "IE", "D02 X285"), ("D6W 1234", "IE", "D6W 1234"),
        ("K1A 0B1", "CA", "K1A 0B1"), ("k1a0b1", "CA", "K1A 0B1"),
        ("NSW 2000", "AU", "2000"), ("vic 3000", "AU", "3000"), ("TX 78701", "US", "78701"),   // a state before the code
        ("TX 78701-1234", "US", "78701"), ("ON M5H 2N2", "CA", "M5H 2N2"),
        ("01310-100", "BR", "01310-100"), (" ab  12 ", "XX", "AB 12"),   // unknown country: nothing invented
        ("2119", "XX", "2119"),
    ] as [(String, String?, String)])
    func layouts(raw: String, country: String?, expected: String) {
        #expect(AddressNormalizer.postcode(raw, country: country) == expected)
    }

    @Test("Values that do not fit the country give nil", arguments: [
        ("123", "AT"), ("12345", "AT"), ("01067", "CH"), ("123", "DE"),
        ("123", "IT"), ("123", "FR"),
        ("1234", "SE"), ("12 345", "SE"),
        ("123", "US"), ("12345-678", "US"), ("ABCDE", "US"),
        ("SW1A", "GB"), ("12345", "GB"), ("SW1A 1A", "GB"),
        ("1234", "NL"), ("0123 AB", "NL"), ("1234 A1", "NL"),
        ("0950", "PL"), ("00-9500", "PL"),
        ("D02X28", "IE"), ("123 4567", "IE"),
        ("K1A 0B", "CA"), ("11A 0B1", "CA"),
        ("", "XX"), ("A", "XX"), ("ABC", "XX"), ("12/34", "XX"), ("12345678901", "XX"),
    ] as [(String, String)])
    func refused(raw: String, country: String) {
        #expect(AddressNormalizer.postcode(raw, country: country) == nil)
    }

    @Test("Without a country the German rules stay as they were", arguments: ["01067", "1067", " 80331 ", "D-01067", "A-1010", "80 331"])
    func germanDefault(raw: String) {
        #expect(AddressNormalizer.postcode(raw) == AddressNormalizer.postcode(raw, country: nil))
        #expect(AddressNormalizer.postcode(raw) == AddressNormalizer.postcode(raw, country: "DE"))
    }
}
