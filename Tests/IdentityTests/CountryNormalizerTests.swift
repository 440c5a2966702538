import Testing
@testable import Identity

@Suite("CountryNormalizer")
struct CountryNormalizerTests {
    @Test("Codes, names and variants give the alpha-2 code", arguments: [
        ("DE", "DE"), ("de", "DE"), ("DEU", "DE"), ("Deutschland", "DE"), ("Germany", "DE"), ("D", "DE"),
        ("Bundesrepublik Deutschland", "DE"), (" germany ", "DE"),
        ("AT", "AT"), ("AUT", "AT"), ("Österreich", "AT"), ("Oesterreich", "AT"), ("Austria", "AT"),
        ("CH", "CH"), ("Schweiz", "CH"), ("Switzerland", "CH"), ("Suisse", "CH"),
        ("NL", "NL"), ("Niederlande", "NL"), ("Netherlands", "NL"), ("The Netherlands", "NL"), ("Holland", "NL"),
        ("BE", "BE"), ("Belgien", "BE"), ("België", "BE"), ("FR", "FR"), ("Frankreich", "FR"),
        ("IT", "IT"), ("Italien", "IT"), ("ES", "ES"), ("España", "ES"), ("Spanien", "ES"), ("PL", "PL"), ("Polen", "PL"),
        ("UK", "GB"), ("GB", "GB"), ("GBR", "GB"), ("United Kingdom", "GB"), ("Great Britain", "GB"),
        ("England", "GB"), ("Großbritannien", "GB"), ("Vereinigtes Königreich", "GB"), ("U.K.", "GB"),
        ("IE", "IE"), ("Ireland", "IE"), ("Irland", "IE"),
        ("US", "US"), ("USA", "US"), ("U.S.A.", "US"), ("United States", "US"), ("United States of America", "US"),
        ("Vereinigte Staaten", "US"), ("CA", "CA"), ("Canada", "CA"), ("Kanada", "CA"),
        ("AU", "AU"), ("Australia", "AU"), ("Australien", "AU"), ("DK", "DK"), ("Dänemark", "DK"), ("Denmark", "DK"),
        ("Luxemburg", "LU"), ("Schweden", "SE"), ("Norway", "NO"), ("Tschechien", "CZ"), ("Czech Republic", "CZ"),
        ("Portugal", "PT"), ("Liechtenstein", "LI"), ("New Zealand", "NZ"), ("unitedkingdom", "GB"),
    ])
    func known(raw: String, expected: String) {
        #expect(CountryNormalizer.alpha2(raw) == expected)
    }

    @Test("Unknown values give nil", arguments: ["", "  ", "XX", "XXX", "Atlantis", "Germ", "Brasil", "-", "😀"])
    func unknown(raw: String) {
        #expect(CountryNormalizer.alpha2(raw) == nil)
    }

    @Test("Calling codes of alpha-2 codes", arguments: [
        ("DE", "49"), ("at", "43"), ("CH", "41"), ("US", "1"), ("CA", "1"), ("AU", "61"), ("DK", "45"),
        ("IE", "353"), ("GB", "44"),
    ])
    func callingCodes(alpha2: String, expected: String) {
        #expect(CountryNormalizer.callingCode(alpha2: alpha2) == expected)
    }

    @Test("No calling code for unknown or non-alpha-2 values", arguments: ["XX", "DEU", "Germany", "", "D"])
    func noCallingCode(raw: String) {
        #expect(CountryNormalizer.callingCode(alpha2: raw) == nil)
    }

    @Test("A default calling code stands for one country", arguments: [
        ("49", "DE"), ("1", "US"), ("61", "AU"), ("44", "GB"), ("43", "AT"), ("353", "IE"), ("7", "RU"),
    ])
    func countryOfCallingCode(code: String, expected: String) {
        #expect(CountryNormalizer.alpha2(callingCode: code) == expected)
    }

    @Test("No country for unknown calling codes", arguments: ["999", "", "049", "x"])
    func noCountryOfCallingCode(code: String) {
        #expect(CountryNormalizer.alpha2(callingCode: code) == nil)
    }

    @Test("Every country has a phone plan with its calling code, and every plan a country")
    func plansCoverCountries() {
        let plans = Dictionary(uniqueKeysWithValues: PhoneNumberingPlan.byRegion.map { ($0.alpha2, $0.plan) })
        for country in CountryNormalizer.countries {
            #expect(plans[country.alpha2].map { String($0.callingCode) } == country.callingCode, "\(country.alpha2)")
        }
        #expect(plans.count == CountryNormalizer.countries.count)
    }
}
