import Testing
@testable import Identity

@Suite("AddressNormalizer")
struct AddressNormalizerTests {
    struct StreetCase: CustomTestStringConvertible, Sendable {
        let raw: String
        let houseNumber: String?
        let expected: StreetAddress
        var testDescription: String { houseNumber.map { "\(raw) + \($0)" } ?? raw }

        init(_ raw: String, houseNumber: String? = nil, _ street: String, _ key: String, _ number: String?, _ suffix: String?) {
            self.raw = raw
            self.houseNumber = houseNumber
            expected = StreetAddress(street: street, streetKey: key, houseNumber: number, houseSuffix: suffix)
        }
    }

    @Test("Street lines are split into street, key, number and suffix", arguments: [
        StreetCase("Hauptstr. 5a", "Hauptstr.", "hauptstrasse", "5", "a"),
        StreetCase("Hauptstraße 5 a", "Hauptstraße", "hauptstrasse", "5", "a"),
        StreetCase("hauptstrasse 5A", "hauptstrasse", "hauptstrasse", "5", "a"),
        StreetCase("Hauptstr 5", "Hauptstr", "hauptstrasse", "5", nil),
        StreetCase("Hauptstr.5", "Hauptstr.", "hauptstrasse", "5", nil),
        StreetCase("Haupt Straße 5", "Haupt Straße", "hauptstrasse", "5", nil),
        StreetCase("Am Markt 12-14", "Am Markt", "am markt", "12-14", nil),
        StreetCase("Am Markt 12 - 14", "Am Markt", "am markt", "12-14", nil),
        StreetCase("Str. des 17. Juni 3", "Str. des 17. Juni", "strasse des 17 juni", "3", nil),
        StreetCase("Straße des 17. Juni 3", "Straße des 17. Juni", "strasse des 17 juni", "3", nil),
        StreetCase("Straße des 17. Juni", "Straße des 17. Juni", "strasse des 17 juni", nil, nil),
        StreetCase("Konrad-Adenauer-Straße 1", "Konrad-Adenauer-Straße", "konrad adenauerstrasse", "1", nil),
        StreetCase("Konrad-Adenauer-Str. 1", "Konrad-Adenauer-Str.", "konrad adenauerstrasse", "1", nil),
        StreetCase("KONRAD-ADENAUER-STR. 1", "KONRAD-ADENAUER-STR.", "konrad adenauerstrasse", "1", nil),
        StreetCase("Lindenweg 3/1", "Lindenweg", "lindenweg", "3", "/1"),
        StreetCase("Hauptstraße Nr. 7", "Hauptstraße", "hauptstrasse", "7", nil),
        StreetCase("Hauptstraße, 7", "Hauptstraße", "hauptstrasse", "7", nil),
        StreetCase("  Bahnhofstraße   10  ", "Bahnhofstraße", "bahnhofstrasse", "10", nil),
        StreetCase("Am Mühlbach", "Am Mühlbach", "am muehlbach", nil, nil),
        StreetCase("Hauptstra\u{DF}e 5", "Hauptstraße", "hauptstrasse", "5", nil),
        StreetCase("Müllerstraße", houseNumber: "12b", "Müllerstraße", "muellerstrasse", "12", "b"),
        StreetCase("Müllerstraße 12b", houseNumber: "12 B", "Müllerstraße", "muellerstrasse", "12", "b"),
        StreetCase("Str. des 17. Juni", houseNumber: "3", "Str. des 17. Juni", "strasse des 17 juni", "3", nil),
        StreetCase("Gartenweg", houseNumber: "Haus 2", "Gartenweg", "gartenweg", "Haus 2", nil),
    ])
    func streets(testCase: StreetCase) {
        #expect(AddressNormalizer.parseStreet(testCase.raw, houseNumber: testCase.houseNumber) == testCase.expected)
    }

    @Test("Every spelling of the street type gives the same key", arguments: [
        ["Hauptstr. 5a", "Hauptstraße 5 a", "hauptstrasse 5A", "HAUPTSTRASSE 5a", "Haupt-Straße 5a", "Hauptstr.5a"],
        ["Goethestr. 1", "Goethestraße 1", "Goethe-Str. 1", "Goethe Strasse 1"],
        ["Keizersgracht 123-II", "Keizersgracht 123 II", "KEIZERSGRACHT 123-ii", "Keizersgracht, 123-II"],
    ])
    func sameAddress(spellings: [String]) {
        let parsed = spellings.map { AddressNormalizer.parseStreet($0) }
        #expect(Set(parsed.map { $0?.streetKey }).count == 1)
        #expect(Set(parsed.map { $0?.houseNumber }).count == 1)
        #expect(Set(parsed.map { $0?.houseSuffix }).count == 1)
    }

    @Test("Lines without a street name give nil", arguments: ["", "   ", "5", "12-14", "5 a", ",", "😀 5"])
    func noStreet(raw: String) {
        #expect(AddressNormalizer.parseStreet(raw) == nil)
    }

    @Test("A very long street line is parsed")
    func veryLongStreet() throws {
        let name = String(repeating: "Lang", count: 10_000) + "straße"
        let parsed = try #require(AddressNormalizer.parseStreet(name + " 1"))
        #expect(parsed.houseNumber == "1")
        #expect(parsed.streetKey.hasSuffix("langstrasse"))
    }

    @Test("Postcodes are five-character text", arguments: [
        ("01067", "01067"),
        ("1067", "01067"),          // a spreadsheet dropped the leading zero
        (" 80331 ", "80331"),
        ("D-01067", "01067"),
        ("DE-80331", "80331"),
    ])
    func postcodes(raw: String, expected: String) {
        #expect(AddressNormalizer.postcode(raw) == expected)
    }

    @Test("Anything else is no postcode", arguments: [
        "", "   ", "123", "123456", "8O331", "80 331", "80331.0", "A-1010", "😀😀😀😀😀", "-1067",
    ])
    func notPostcodes(raw: String) {
        #expect(AddressNormalizer.postcode(raw) == nil)
    }

    @Test("City keys drop the part that tells same-named towns apart", arguments: [
        ("Halle (Saale)", "halle"),
        ("Frankfurt am Main", "frankfurt"),
        ("Frankfurt a. M.", "frankfurt"),
        ("Frankfurt a.M.", "frankfurt"),
        ("Frankfurt/Main", "frankfurt"),
        ("Frankfurt (Oder)", "frankfurt"),
        ("Freiburg im Breisgau", "freiburg"),
        ("Bad Homburg v. d. Höhe", "bad homburg"),
        ("Neustadt a.d. Weinstraße", "neustadt"),
        ("Mülheim an der Ruhr", "muelheim"),
        ("München", "muenchen"),
        ("MUENCHEN", "muenchen"),
        ("St. Ingbert", "sankt ingbert"),
        ("Sankt Augustin", "sankt augustin"),
        ("Berlin-Mitte", "berlin mitte"),
        ("Köln, Innenstadt", "koeln"),
        ("", ""),
        ("😀", ""),
    ])
    func cityKeys(raw: String, expected: String) {
        #expect(AddressNormalizer.cityKey(raw) == expected)
    }
}
