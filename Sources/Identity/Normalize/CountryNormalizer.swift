/// Turns country values as exports write them (`DE`, `DEU`, `Deutschland`, `Germany`, `D`) into
/// ISO 3166-1 alpha-2 codes, and knows each supported country's telephone calling code.
///
/// Why: phone numbers and postcodes are read by the record's country (`0664 1234567` is Austrian
/// with `AT`, German with `DE`), so the country must first be one value per country.
public enum CountryNormalizer {
    /// The ISO 3166-1 alpha-2 code (upper case) of a raw country value, or nil when it is empty or unknown.
    ///
    /// Accepted, case and accents ignored (`NameNormalizer.matchKey`), with and without spaces and
    /// dots (`U.S.A.`, `United Kingdom`, `unitedkingdom`): the alpha-2 and alpha-3 codes, the English,
    /// German and native names with common variants (`Holland`, `England`, `Great Britain`,
    /// `Schweiz`, `Österreich`), and the one-letter vehicle codes of neighbours (`D`, `A`, `F`, `I`,
    /// `E`, `B`, `L`). `UK` is `GB`, as in common use.
    /// - Complexity: O(n) over the text, two dictionary look-ups.
    public static func alpha2(_ raw: String) -> String? {
        let key = NameNormalizer.matchKey(raw)
        guard !key.isEmpty else { return nil }
        if let index = indexByName[key] { return countries[index].alpha2 }
        guard key.utf8.contains(UInt8(ascii: " ")) else { return nil }
        let compact = String(decoding: key.utf8.filter { $0 != UInt8(ascii: " ") }, as: UTF8.self)
        return indexByName[compact].map { countries[$0].alpha2 }
    }

    /// The calling code (digits, no `+`) of an alpha-2 code, e.g. `"AT"` → `"43"`; nil when the
    /// country is not supported. Case is ignored.
    public static func callingCode(alpha2: String) -> String? {
        guard alpha2.utf8.count == 2, let index = indexByName[asciiLowercased(alpha2)],
              countries[index].alpha2 == asciiUppercased(alpha2) else { return nil }
        return countries[index].callingCode
    }

    /// The country a default calling code stands for: `"49"` → `DE`, `"1"` → `US` (not Canada),
    /// `"44"` → `GB`, `"61"` → `AU`, `"7"` → `RU`; nil when no supported country has it.
    public static func alpha2(callingCode: String) -> String? {
        countries.first { $0.callingCode == callingCode }?.alpha2
    }

    /// One supported country: codes, calling code and every name it is written as (already folded).
    struct Entry: Sendable {
        let alpha2: String
        let alpha3: String
        let callingCode: String
        let names: [String]
    }

    /// The supported countries: Europe, North America, Australia and New Zealand. Where two
    /// share a calling code the first listed is the default for it (`US` before `CA`).
    static let countries: [Entry] = [
        Entry(alpha2: "DE", alpha3: "DEU", callingCode: "49", names: [
            "deutschland", "germany", "bundesrepublik deutschland", "brd", "federal republic of germany",
            "allemagne", "germania", "alemania", "d"]),
        Entry(alpha2: "AT", alpha3: "AUT", callingCode: "43", names: [
            "oesterreich", "osterreich", "austria", "republik oesterreich", "autriche", "a"]),
        Entry(alpha2: "CH", alpha3: "CHE", callingCode: "41", names: [
            "schweiz", "switzerland", "suisse", "svizzera", "svizra", "helvetia", "confoederatio helvetica"]),
        Entry(alpha2: "LI", alpha3: "LIE", callingCode: "423", names: ["liechtenstein", "fl"]),
        Entry(alpha2: "NL", alpha3: "NLD", callingCode: "31", names: [
            "niederlande", "netherlands", "the netherlands", "holland", "nederland", "pays bas"]),
        Entry(alpha2: "BE", alpha3: "BEL", callingCode: "32", names: [
            "belgien", "belgium", "belgique", "belgie", "b"]),
        Entry(alpha2: "LU", alpha3: "LUX", callingCode: "352", names: ["luxemburg", "luxembourg", "letzebuerg", "l"]),
        Entry(alpha2: "FR", alpha3: "FRA", callingCode: "33", names: ["frankreich", "france", "f"]),
        Entry(alpha2: "IT", alpha3: "ITA", callingCode: "39", names: ["italien", "italy", "italia", "i"]),
        Entry(alpha2: "ES", alpha3: "ESP", callingCode: "34", names: ["spanien", "spain", "espana", "e"]),
        Entry(alpha2: "PT", alpha3: "PRT", callingCode: "351", names: ["portugal"]),
        Entry(alpha2: "PL", alpha3: "POL", callingCode: "48", names: ["polen", "poland", "polska"]),
        Entry(alpha2: "CZ", alpha3: "CZE", callingCode: "420", names: [
            "tschechien", "tschechische republik", "czech republic", "czechia", "cesko", "ceska republika"]),
        Entry(alpha2: "SK", alpha3: "SVK", callingCode: "421", names: ["slowakei", "slovakia", "slovensko"]),
        Entry(alpha2: "HU", alpha3: "HUN", callingCode: "36", names: ["ungarn", "hungary", "magyarorszag"]),
        Entry(alpha2: "SI", alpha3: "SVN", callingCode: "386", names: ["slowenien", "slovenia", "slovenija", "slo"]),
        Entry(alpha2: "HR", alpha3: "HRV", callingCode: "385", names: ["kroatien", "croatia", "hrvatska"]),
        Entry(alpha2: "GB", alpha3: "GBR", callingCode: "44", names: [
            "uk", "united kingdom", "great britain", "britain", "england", "scotland", "wales", "northern ireland",
            "grossbritannien", "vereinigtes koenigreich", "united kingdom of great britain and northern ireland"]),
        Entry(alpha2: "IE", alpha3: "IRL", callingCode: "353", names: [
            "ireland", "irland", "eire", "republic of ireland"]),
        Entry(alpha2: "DK", alpha3: "DNK", callingCode: "45", names: ["daenemark", "denmark", "danmark"]),
        Entry(alpha2: "SE", alpha3: "SWE", callingCode: "46", names: ["schweden", "sweden", "sverige"]),
        Entry(alpha2: "NO", alpha3: "NOR", callingCode: "47", names: ["norwegen", "norway", "norge"]),
        Entry(alpha2: "FI", alpha3: "FIN", callingCode: "358", names: ["finnland", "finland", "suomi"]),
        Entry(alpha2: "IS", alpha3: "ISL", callingCode: "354", names: ["island", "iceland"]),
        Entry(alpha2: "GR", alpha3: "GRC", callingCode: "30", names: ["griechenland", "greece", "hellas", "ellada"]),
        Entry(alpha2: "RO", alpha3: "ROU", callingCode: "40", names: ["rumaenien", "romania"]),
        Entry(alpha2: "BG", alpha3: "BGR", callingCode: "359", names: ["bulgarien", "bulgaria"]),
        Entry(alpha2: "EE", alpha3: "EST", callingCode: "372", names: ["estland", "estonia", "eesti"]),
        Entry(alpha2: "LV", alpha3: "LVA", callingCode: "371", names: ["lettland", "latvia", "latvija"]),
        Entry(alpha2: "LT", alpha3: "LTU", callingCode: "370", names: ["litauen", "lithuania", "lietuva"]),
        Entry(alpha2: "MT", alpha3: "MLT", callingCode: "356", names: ["malta"]),
        Entry(alpha2: "CY", alpha3: "CYP", callingCode: "357", names: ["zypern", "cyprus"]),
        Entry(alpha2: "MC", alpha3: "MCO", callingCode: "377", names: ["monaco"]),
        Entry(alpha2: "AD", alpha3: "AND", callingCode: "376", names: ["andorra"]),
        Entry(alpha2: "SM", alpha3: "SMR", callingCode: "378", names: ["san marino"]),
        Entry(alpha2: "TR", alpha3: "TUR", callingCode: "90", names: ["tuerkei", "turkey", "turkiye"]),
        Entry(alpha2: "RU", alpha3: "RUS", callingCode: "7", names: ["russland", "russia", "russian federation"]),
        Entry(alpha2: "UA", alpha3: "UKR", callingCode: "380", names: ["ukraine"]),
        Entry(alpha2: "RS", alpha3: "SRB", callingCode: "381", names: ["serbien", "serbia"]),
        Entry(alpha2: "US", alpha3: "USA", callingCode: "1", names: [
            "united states", "united states of america", "america", "amerika", "vereinigte staaten",
            "vereinigte staaten von amerika"]),
        Entry(alpha2: "CA", alpha3: "CAN", callingCode: "1", names: ["canada", "kanada"]),
        Entry(alpha2: "AU", alpha3: "AUS", callingCode: "61", names: ["australia", "australien"]),
        Entry(alpha2: "NZ", alpha3: "NZL", callingCode: "64", names: ["new zealand", "neuseeland", "aotearoa"]),
    ]

    /// Folded name, code or compact name → index into `countries`.
    private static let indexByName: [String: Int] = {
        var index: [String: Int] = [:]
        for (position, entry) in countries.enumerated() {
            for name in [entry.alpha2, entry.alpha3].map(asciiLowercased) + entry.names {
                for spelling in [name, String(name.filter { $0 != " " })] {
                    let previous = index.updateValue(position, forKey: spelling)
                    precondition(previous == nil || previous == position, "country name \(spelling) listed twice")
                }
            }
        }
        return index
    }()

    private static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private static func asciiUppercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 & ~0x20 : $0 }, as: UTF8.self)
    }
}
