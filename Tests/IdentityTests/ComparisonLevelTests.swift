@testable import Identity
import PipelineCore
import Testing

@Suite("comparison levels")
struct ComparisonLevelTests {
    typealias P = MatchFixtures

    /// The level name two records get on `field`, through the real feature table and comparisons.
    static func level(_ field: ComparisonField, _ a: IdentityRecord, _ b: IdentityRecord,
                      configs: [ComparisonConfig] = ComparisonConfig.defaults) -> String {
        let table = FeatureTable.build([a, b])
        let set = ComparisonSet(configs)
        let pattern = set.pattern(0, 1, table)
        let index = set.comparisons.firstIndex { $0.field == field }!
        return set.comparisons[index].levels[pattern.levelNumber(index)]
    }

    @Test("first names", arguments: [
        ("Anna", "ANNA", "exact"),
        ("Jörg", "Joerg", "exact"),
        ("Andreas", "Anderas", "close"),
        ("Christoph", "Kristof", "phonetic"),
        ("Max", "Maximilian", "related"),
        ("Tina", "Christina", "related"),
        ("A.", "Anna", "related"),
        ("Anna", "Peter", "far"),
        ("Anna", nil, "missing"),
    ] as [(String, String?, String)])
    func firstNames(a: String, b: String?, expected: String) {
        #expect(Self.level(.firstName, P.person("1", first: a, last: "X"), P.person("2", first: b, last: "X")) == expected)
    }

    @Test("last names", arguments: [
        ("von der Heide", "Heide", "exact"),
        ("Müller", "MUELLER", "exact"),
        ("Schneider", "Schnieder", "close"),
        ("Müller-Lüdenscheidt", "Müller", "related"),
        ("Meyer", "Meier", "phonetic"),
        ("Schulz", "Wagner", "far"),
    ])
    func lastNames(a: String, b: String, expected: String) {
        #expect(Self.level(.lastName, P.person("1", first: "Anna", last: a), P.person("2", first: "Anna", last: b)) == expected)
    }

    @Test("a looser close threshold turns a sound-alike into a typo")
    func configurableThresholds() {
        let a = P.person("1", first: "Christoph", last: "X"), b = P.person("2", first: "Kristof", last: "X")
        var configs = ComparisonConfig.defaults
        configs[0] = ComparisonConfig(field: .firstName, close: 0.5, related: 0.4)
        #expect(Self.level(.firstName, a, b, configs: configs) == "close")
    }

    @Test("birth dates", arguments: [
        ("1985-04-03", "03.04.1985", "exact"),
        ("1985-04-03", "1985-03-04", "swapped"),
        ("1985-04-03", "1985-04-08", "typo"),
        ("1985-04-03", "1958-04-03", "typo"),
        ("1985-04-03", "1971-04-03", "year_differs"),
        ("1985-04-03", "1990-12-24", "far"),
        ("1985-04-03", "31.02.1985", "missing"),
    ])
    func birthDates(a: String, b: String, expected: String) {
        #expect(Self.level(.birthDate, P.person("1", born: a), P.person("2", born: b)) == expected)
    }

    @Test("e-mail: one edit on a letter is a typo, on a digit or separator another address", arguments: [
        ("Anna.Mueller@Web.de", "anna.mueller@web.de", "exact"),
        ("anna.mueller@web.de", "anna.mueler@web.de", "close"),
        ("anna.mueller@web.de", "anna.muelelr@web.de", "close"),
        ("mueller61@gmx.de", "mueller11@gmx.de", "far"),
        ("peter_schmidt@posteo.de", "peterschmidt@posteo.de", "far"),
        ("anna.mueller@web.de", "a.mueller@gmx.de", "far"),
    ])
    func emails(a: String, b: String, expected: String) {
        #expect(Self.level(.email, P.person("1", email: a), P.person("2", email: b)) == expected)
    }

    @Test("phone: E.164 equal whatever the spelling; one wrong digit is close; a mobile and a landline are their own level", arguments: [
        ("030 1234567", "+49 (0)30 1234567", "exact"),
        ("030 1234567", "030 1234568", "close"),
        ("030 1234567", "0170 7654321", "mobile_landline"),
        ("+49 151 2345678", "0221 7654321", "mobile_landline"),
        ("030 1234567", "089 7654321", "far"),
        ("0170 1234567", "0151 7654321", "far"),
        ("+43 1 2345678", "+43 660 1234567", "mobile_landline"),   // Austria's plan tells mobiles apart too
        ("+1 212 555 0123", "+1 917 555 0199", "far"),              // North America's does not
    ])
    func phones(a: String, b: String, expected: String) {
        #expect(Self.level(.phone, P.person("1", phone: a), P.person("2", phone: b)) == expected)
    }

    @Test("street with house number, nested with the postcode", arguments: [
        ("Hauptstraße 5a", "10115", "Hauptstr. 5 a", "10115", "exact"),
        ("Hauptstraße 5", "10115", "Hauptstrasse 7", "10115", "same_street"),
        ("Schillerstraße 5", "10115", "Schilerstraße 5", "10115", "close"),
        ("Hauptstraße 5", "10115", "Hauptstraße 7", "80331", "far"),
        ("Hauptstraße 5", "10115", "Gartenweg 2", "10115", "far"),
        // Two streets, one house number: a street line replaced or mistyped beyond recognition.
        ("Hauptstraße 5", "10115", "Hauptstraße 5", "80331", "same_number"),
        ("Hauptstraße 5", "10115", "Gartenweg 5", "10115", "same_number"),
        ("Hauptstraße", "10115", "Gartenweg", "10115", "far"),
    ])
    func streets(a: String, postcodeA: String, b: String, postcodeB: String, expected: String) {
        #expect(Self.level(.street, P.person("1", street: a, postcode: postcodeA), P.person("2", street: b, postcode: postcodeB)) == expected)
    }

    @Test("a second address line counts as the street where the other export swapped the lines")
    func secondAddressLine() {
        // FEBRL-style: street and estate name swapped between two exports of one person.
        let a = P.person("1", street: "Endeavour Street 13", postcode: "2138", line2: "Knox Retirement Village")
        let b = P.person("2", street: "Knox Retirement Village 13", postcode: "2138", line2: "Endeavour Street")
        #expect(Self.level(.street, a, b) == "exact")
        // The street agreeing through a second line already says the postcode, as a street does.
        #expect(Self.level(.postcode, a, b) == "missing")
        // Line 1 missing on one side, the street in its line 2.
        let noLine1 = P.person("3", postcode: "2138", line2: "Endeavour St")
        #expect(Self.level(.street, noLine1, a) == "same_street")
        #expect(Self.level(.postcode, noLine1, a) == "missing")
        // Two second lines are not compared with each other (a shared estate or building name says
        // little), and a second line that differs from the street is no evidence against it.
        let estateA = P.person("4", street: "Lindenweg 4", postcode: "28195", line2: "Wohnpark Rosenhof")
        let estateB = P.person("5", street: "Birkenweg 9", postcode: "28195", line2: "Wohnpark Rosenhof")
        #expect(Self.level(.street, estateA, estateB) == "far")
        #expect(Self.level(.street, P.person("6", postcode: "28195", line2: "Wohnpark Rosenhof"), estateA) == "missing")
        // A unit or a c/o line is no street.
        func secondStreet(_ line: String) -> String? {
            AddressNormalizer.addressLines(street: nil, houseNumber: nil, secondLine: line, city: nil).secondStreetKey
        }
        #expect(secondStreet("Apt 176") == nil)
        #expect(secondStreet("Whg. 3") == nil)
        #expect(secondStreet("Hinterhaus") == nil)
        #expect(secondStreet("c/o Peter Keller") == nil)
        #expect(secondStreet("Endeavour St") == "endeavour street")
    }

    @Test("postcode counts only where a street is missing or different; city only where the postcodes do not say the town")
    func nestedPlace() {
        let withStreets = (P.person("1", street: "Hauptstraße 1", postcode: "10115", city: "Berlin"),
                           P.person("2", street: "Hauptstraße 2", postcode: "10115", city: "Berlin"))
        #expect(Self.level(.postcode, withStreets.0, withStreets.1) == "missing")
        #expect(Self.level(.city, withStreets.0, withStreets.1) == "missing")
        // Two different streets: the street says nothing about the postcode, which counts again.
        let otherStreets = (P.person("1", street: "Hauptstraße 1", postcode: "10115", city: "Berlin"),
                            P.person("2", street: "Gartenweg 2", postcode: "10115", city: "Berlin"))
        #expect(Self.level(.street, otherStreets.0, otherStreets.1) == "far")
        #expect(Self.level(.postcode, otherStreets.0, otherStreets.1) == "exact")
        #expect(Self.level(.city, otherStreets.0, otherStreets.1) == "missing")
        // The same for two streets with one house number.
        let oneNumber = (P.person("1", street: "Hauptstraße 2", postcode: "10115", city: "Berlin"),
                         P.person("2", street: "Gartenweg 2", postcode: "10115", city: "Berlin"))
        #expect(Self.level(.street, oneNumber.0, oneNumber.1) == "same_number")
        #expect(Self.level(.postcode, oneNumber.0, oneNumber.1) == "exact")
        #expect(Self.level(.city, oneNumber.0, oneNumber.1) == "missing")
        // A postcode typo keeps one street one street.
        #expect(Self.level(.street, P.person("1", street: "Rene Street 14", postcode: "7454"),
                           P.person("2", street: "Rene Street 14", postcode: "4754")) == "exact")
        #expect(Self.level(.postcode, P.person("1", postcode: "10115"), P.person("2", street: "Gartenweg 2", postcode: "10115")) == "exact")
        #expect(Self.level(.postcode, P.person("1", postcode: "10115"), P.person("2", postcode: "10117")) == "area")
        #expect(Self.level(.postcode, P.person("1", postcode: "10115"), P.person("2", postcode: "80331")) == "far")
        #expect(Self.level(.city, P.person("1", city: "Frankfurt am Main"), P.person("2", city: "Frankfurt a.M.")) == "exact")
        #expect(Self.level(.city, P.person("1", city: "Köln"), P.person("2", postcode: "50667", city: "Bonn")) == "far")
        // Without a postcode comparison the city counts again.
        let noPostcode = ComparisonConfig.defaults.filter { $0.field != .postcode }
        #expect(Self.level(.city, withStreets.0, withStreets.1, configs: noPostcode) == "exact")
    }

    /// A mistyped or unrelated postcode says nothing about the town, so the city counts there;
    /// neighbouring postcodes, and different streets of one town (namesakes), leave it out.
    @Test("city counts where the postcodes do not already say the town", arguments: [
        // One street with a replaced postcode (FEBRL4): the town confirms the address.
        ("Woronora Street 21", "5290", "South Wentworthville", "Woronora Street 21", "4216", "South Wentworthville", "exact"),
        // A postcode typo (two digits swapped), no street on one side.
        ("", "2143", "Hughes", "Victoria Street 154", "2134", "Hughes", "exact"),
        // A town typed one letter wrong.
        ("", "7316", "Pengun", "Kevin Street 8", "7361", "Penguin", "close"),
        ("Kevin Street 8", "7316", "Frankfurt am Main", "Kevin Street 8", "1523", "Frankfurt Oder", "far"),
        // An agreeing street (its postcode one typo off) already says the town.
        ("Bismarckstraße 31", "76135", "Karlsruhe", "Bismarckstr. 31", "76131", "Karlsruhe", "missing"),
        // Neighbouring postcodes of one town already say it.
        ("Hauptstraße 1", "10115", "Berlin", "Hauptstraße 1", "10178", "Berlin", "missing"),
        // Namesakes on two streets of one town: the town is what they share anyway.
        ("Herrengasse 27", "1120", "Wien", "Linzer Straße 103a", "1100", "Wien", "missing"),
        ("Dorfstraße 18", "04109", "Leipzig", "Poststraße 34", "04229", "Leipzig", "missing"),
    ])
    func cityBesidePostcode(streetA: String, postcodeA: String, cityA: String, streetB: String, postcodeB: String, cityB: String,
                            expected: String) {
        let a = P.person("1", street: streetA.isEmpty ? nil : streetA, postcode: postcodeA, city: cityA)
        let b = P.person("2", street: streetB, postcode: postcodeB, city: cityB)
        #expect(Self.level(.city, a, b) == expected)
    }

    @Test("one edit, and one edit on letters only")
    func oneEdit() {
        func check(_ a: String, _ b: String, letters: Bool = false) -> Bool {
            Comparison.withinOneEdit(Array(a.utf8), Array(b.utf8), onlyLetters: letters)
        }
        #expect(check("abcd", "abcd"))
        #expect(check("abcd", "abxd") && check("abcd", "abd") && check("abd", "abcd") && check("abcd", "abdc"))
        #expect(!check("abcd", "badc") && !check("abcd", "ab") && !check("abcd", "xbcy"))
        #expect(check("ab1d", "abxd") && !check("ab1d", "abxd", letters: true))
        #expect(!check("a.b", "ab", letters: true) && check("acb", "ab", letters: true))
    }
}
