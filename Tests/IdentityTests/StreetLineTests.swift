import Testing
@testable import Identity

@Suite("Street lines in both orders, with units")
struct StreetLineTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let raw: String
        let houseNumber: String?
        let secondLine: String?
        let key: String
        let number: String?
        let suffix: String?
        let unit: String?
        var testDescription: String { [raw, houseNumber, secondLine].compactMap { $0 }.joined(separator: " | ") }

        init(_ raw: String, houseNumber: String? = nil, secondLine: String? = nil,
             _ key: String, _ number: String?, _ suffix: String? = nil, unit: String? = nil) {
            self.raw = raw
            self.houseNumber = houseNumber
            self.secondLine = secondLine
            self.key = key
            self.number = number
            self.suffix = suffix
            self.unit = unit
        }
    }

    @Test("Street, number and unit", arguments: [
        Case("5691 Willis Avenue", "willis avenue", "5691"),
        Case("9297 Pollard Drive Apt 176", "pollard drive", "9297", unit: "apt 176"),
        Case("9297 Pollard Dr. Apt. 176", "pollard drive", "9297", unit: "apt 176"),
        Case("9297 Pollard Drive 176", "pollard drive", "9297", unit: "176"),
        Case("Schulstraße 44, Hinterhaus", "schulstrasse", "44", unit: "hinterhaus"),
        Case("Schulstraße 44 Hinterhaus", "schulstrasse", "44", unit: "hinterhaus"),
        Case("Hauptstr. 12a Whg. 3", "hauptstrasse", "12", "a", unit: "whg 3"),
        Case("Hauptstr. 12a, 2. OG links", "hauptstrasse", "12", "a", unit: "2 og links"),
        Case("Hauptstr. 12 2. OG", "hauptstrasse", "12", unit: "2 og"),
        Case("Flat 2, 10 Downing Street", "downing street", "10", unit: "flat 2"),
        Case("Flat 2 10 Downing Street", "downing street", "10", unit: "flat 2"),
        Case("Unit 5 12 Smith St", "smith street", "12", unit: "unit 5"),
        Case("5/12 Smith St", "smith street", "12", unit: "5"),
        Case("123 Main St #4", "main street", "123", unit: "4"),
        Case("100 Main St Suite 200", "main street", "100", unit: "suite 200"),
        Case("221B Baker Street", "baker street", "221", "b"),
        Case("10, Downing Street", "downing street", "10"),
        Case("12 Main St N", "main street north", "12"),
        Case("100 Queen Street West", "queen street west", "100"),
        Case("100 Queen St W", "queen street west", "100"),
        Case("Gartenweg 5 Haus 2", "gartenweg", "5", unit: "haus 2"),
        Case("Wiedner Hauptstraße 12 Stiege 2 Top 7", "wiedner hauptstrasse", "12", unit: "stiege 2 top 7"),
        Case("Flat Rock Road 5", "flat rock road", "5"),                       // "Flat" without a number is a name
        Case("Am Hinterhaus 3", "am hinterhaus", "3"),
        Case("Am Stock 4", "am stock", "4"),                                     // a floor word in a name
        Case("Gartenweg 5 Stock 2", "gartenweg", "5", unit: "stock 2"),
        Case("Hauptstr.", houseNumber: "12a Whg. 3", "hauptstrasse", "12", "a", unit: "whg 3"),
        Case("Gartenweg", houseNumber: "Haus 2", "gartenweg", "Haus 2"),         // kept as written, as before
        Case("St Kilda Rd 12", "st kilda road", "12"),
        Case("Dr.-Otto-Straße 4", "dr ottostrasse", "4"),
        Case("kurrajong crescent", houseNumber: "10", secondLine: "rosedale", "kurrajong crescent", "10"),
        Case("kurrajong crescent", houseNumber: "10", secondLine: "unit 5", "kurrajong crescent", "10", unit: "unit 5"),
        Case("10 kurrajong crescent", houseNumber: "10", "kurrajong crescent", "10"),
        Case("kurrajong cres", houseNumber: "10", "kurrajong crescent", "10"),
        Case("Hauptstraße 5, Berlin-Mitte", "hauptstrasse", "5"),              // a district is no street detail
        Case("Meir 10 bus 3", "meir", "10", unit: "bus 3"),                      // Belgian box number
        Case("Rue Neuve 5 bte 12", "rue neuve", "5", unit: "bte 12"),
        Case("Unit 4 / 22 George St", "george street", "22", unit: "unit 4"),    // the separator goes with the unit
        Case("Mariahilfer Str. 12 / Top 3", "mariahilferstrasse", "12", unit: "top 3"),
        Case("Busstraße 4", "busstrasse", "4"),
        Case("Am Bus 3", "am bus", "3"),                                          // "bus" in a name, no number before it
        Case("ul. Nowy Świat 15 m. 4", "nowy swiat", "15", unit: "m 4"),          // Polish flat; `ul.` left out
        Case("Nowy Świat 15", "nowy swiat", "15"),
        Case("C/ Alcalá 20", "calle alcala", "20"),
        Case("12 W 45th St", "west 45th street", "12"),
        Case("12 West 45th Street", "west 45th street", "12"),
        Case("Av. Louise 54", "avenue louise", "54"),
        Case("Avenue Louise 54 bte 3", "avenue louise", "54", unit: "bte 3"),
        Case("3 bd Haussmann", "boulevard haussmann", "3"),
        Case("15, rue du Fbg Saint Honoré", "rue du faubourg saint honore", "15"),
    ])
    func parts(testCase: Case) throws {
        let parsed = try #require(AddressNormalizer.parseStreet(testCase.raw, houseNumber: testCase.houseNumber,
                                                                secondLine: testCase.secondLine))
        #expect(parsed.streetKey == testCase.key)
        #expect(parsed.houseNumber == testCase.number)
        #expect(parsed.houseSuffix == testCase.suffix)
        #expect(parsed.unit == testCase.unit)
    }

    /// Dutch additions after the number (huisnummertoevoeging: floor `II`/`2`, `hs` huis, `bis`, `bg`
    /// begane grond) stay in the suffix, lower-cased and after a `-`, so `123-II` and `123 II` agree
    /// and the number is still `123`; an ascending German range and `12a` read as before.
    @Test("Dutch house numbers with a floor or unit addition", arguments: [
        Case("Keizersgracht 123-II", "keizersgracht", "123", "-ii"),
        Case("Keizersgracht 123-2", "keizersgracht", "123", "-2"),
        Case("Keizersgracht 123 II", "keizersgracht", "123", "-ii"),
        Case("Keizersgracht 123-hs", "keizersgracht", "123", "-hs"),
        Case("Keizersgracht 123-bis", "keizersgracht", "123", "-bis"),
        Case("Keizersgracht 123A-1", "keizersgracht", "123", "a-1"),
        Case("Keizersgracht 123 bg", "keizersgracht", "123", "-bg"),
        Case("Keizersgracht 123-A", "keizersgracht", "123", "a"),                  // the letter of 123A
        Case("Keizersgracht 123-II Hinterhaus", "keizersgracht", "123", "-ii", unit: "hinterhaus"),
        Case("Keizersgracht, 123-II", "keizersgracht", "123", "-ii"),
        Case("Keizersgracht", houseNumber: "123-II", "keizersgracht", "123", "-ii"),
        Case("Keizersgracht 123-II", houseNumber: "123 II", "keizersgracht", "123", "-ii"),  // not counted twice
        Case("Am Markt 12-14", "am markt", "12-14"),                               // a German range, as before
        Case("Am Markt 5-7a", "am markt", "5-7", "a"),
        Case("Hauptstr. 12a", "hauptstrasse", "12", "a"),
        Case("Hauptstr. 12 a", "hauptstrasse", "12", "a"),
        Case("Hauptstr. 12a Whg. 3", "hauptstrasse", "12", "a", unit: "whg 3"),
    ])
    func dutchAdditions(testCase: Case) throws {
        try parts(testCase: testCase)
    }

    @Test("Additions that are no house number part leave the line whole", arguments: [
        "Keizersgracht 123-hoofdingang", "Keizersgracht 123 hoog", "Keizersgracht 123-", "Keizersgracht 123--II",
    ])
    func notAdditions(raw: String) throws {
        let parsed = try #require(AddressNormalizer.parseStreet(raw))
        #expect(parsed.houseNumber == nil || parsed.houseNumber == "123" && parsed.houseSuffix == nil, "\(parsed)")
    }

    @Test("Every spelling of a street type gives one key", arguments: [
        ["12 Smith St", "12 Smith St.", "12 Smith Street", "12 SMITH STREET", "Smith Street 12"],
        ["1 Park Ave", "1 Park Av.", "1 Park Avenue"],
        ["3 Mill Rd", "3 Mill Road"], ["4 Oak Dr", "4 Oak Drive"], ["5 Elm Ln", "5 Elm Lane"],
        ["6 Ash Ct", "6 Ash Court"], ["8 Sunset Blvd", "8 Sunset Boulevard"],
        ["9 Kurrajong Cres", "9 Kurrajong Crescent"], ["10 Bay Tce", "10 Bay Terrace"],
        ["11 Pacific Hwy", "11 Pacific Highway"], ["12 Marine Pde", "12 Marine Parade"], ["13 Fern Cl", "13 Fern Close"],
        ["14 Smith Pl", "14 Smith Place"],
        ["Marktplatz 1", "Marktpl. 1", "Markt-Platz 1", "Markt Platz 1"],
        ["Konrad-Adenauer-Platz 2", "Konrad-Adenauer-Pl. 2"],
        ["Lindenweg 3", "Linden-Weg 3", "Linden Weg 3"],
        ["Schlossallee 4", "Schloss-Allee 4"],
        ["Hauptstr. 5", "Hauptstraße 5", "Hauptstrasse 5", "Haupt-Str. 5"],
        ["Keizersgracht 123-II", "Keizersgracht 123 II", "KEIZERSGRACHT 123-ii"],
    ])
    func sameKey(spellings: [String]) {
        let parsed = spellings.map { AddressNormalizer.parseStreet($0) }
        #expect(Set(parsed.map { $0?.streetKey }).count == 1, "\(parsed.map { $0?.streetKey ?? "nil" })")
        #expect(Set(parsed.map { $0?.houseNumber }).count == 1)
        #expect(parsed.allSatisfy { $0 != nil })
    }

    @Test("Lines with only a number or a unit have no street", arguments: ["5691", "Apt 176", "Flat 2, 10", "#4"])
    func noStreet(raw: String) {
        #expect(AddressNormalizer.parseStreet(raw) == nil)
    }
}
