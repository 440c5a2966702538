/// Places abroad where a few customers live: Austria, Switzerland and the Netherlands mostly, some
/// in the United Kingdom, the United States and France.
///
/// Identity resolution must hold on data it was not tuned on, so these addresses and numbers
/// break German assumptions on purpose, the way real exports do: 4-digit postcodes (AT, CH) that
/// are not German ones with a lost `0`, `1012 AB` and `SW1A 2AA`, US ZIP codes that start with 0
/// (Boston), the house number first (`5691 Willis Avenue`, `Flat 2, 10 Downing Street`), and phones
/// in each country's national grouping (`0664 1234567`, `079 123 45 67`, `06 12345678`,
/// `(617) 555-0142`, `07700 900123`), where a national `030` is Utrecht, not Berlin.
/// Everything is Latin-1, so it survives the Windows-1252 export unchanged.
struct ForeignPlaces {
    /// How a country writes an address line.
    enum LineOrder {
        /// `Mariahilfer Straße 45/3/12`, `Keizersgracht 123-2`
        case streetFirst
        /// `10 Downing Street`, `12 rue de la Paix`
        case numberFirst
    }

    /// The country's national phone grouping (the digits are the same in every style).
    enum PhonePlan {
        case austria, switzerland, netherlands, unitedKingdom, unitedStates, france
    }

    struct City {
        let name: [UInt8]
        /// Other spellings (`Genf` for `Genève`, `NYC`), used in some records.
        let variants: [[UInt8]]
        /// The area code without the trunk 0 (`316` for Graz), as it follows the country code.
        let areaCode: [UInt8]
        /// Digits of a landline subscriber number after the area code.
        let subscriberDigits: Int
        let postcodes: [[UInt8]]
    }

    struct Country {
        /// ISO 3166-1 alpha-2, as a help desk writes it (`AT`).
        let iso: [UInt8]
        /// The name the e-mail tool's country list writes (`Österreich`).
        let germanName: [UInt8]
        /// What a cashier types into the till's free-text country field (`Österreich`, `AT`).
        let tillSpellings: [[UInt8]]
        let callingCode: [UInt8]
        let plan: PhonePlan
        let order: LineOrder
        /// Mobile prefixes without the trunk 0 (`664`); in the US, area codes of mobile numbers.
        let mobilePrefixes: [[UInt8]]
        let mobileDigits: Int
        let cities: [City]
        let streets: [GermanPlaces.Street]
        /// House numbers are drawn from `1...maxHouseNumber` (`5691 Willis Avenue` in the US).
        let maxHouseNumber: Int
        /// Share of addresses with a flat, apartment or door (`/3/12`, `Apt 176`, `Flat 2,`, `-2`).
        let unitShare: Double
        /// Branches (indices into `GermanPlaces.branchData`) a resident shops at on a visit.
        let branches: [Int]
    }

    /// How often each country is the one a person abroad lives in.
    static let countryWeights: [(iso: String, weight: Int)] = [
        ("AT", 32), ("CH", 28), ("NL", 18), ("GB", 8), ("US", 7), ("FR", 7),
    ]

    /// Indexed by `Population.Address.country - 1`; 0 is Germany.
    let countries: [Country]
    let cumulativeWeights: [Int]

    init() {
        countries = ForeignPlaces.countryWeights.map { ForeignPlaces.country($0.iso) }
        var total = 0
        cumulativeWeights = ForeignPlaces.countryWeights.map { total += $0.weight; return total }
    }

    /// The country of an address (`country` as in `Population.Address`, 1-based).
    subscript(country: UInt8) -> Country { countries[Int(country) - 1] }

    // MARK: Data

    private static func bytes(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    private static func city(_ name: String, _ variants: [String], _ area: String, _ digits: Int,
                             _ postcodes: [String]) -> City {
        City(name: Array(name.utf8), variants: bytes(variants), areaCode: Array(area.utf8),
             subscriberDigits: digits, postcodes: bytes(postcodes))
    }

    /// German-language streets (`…straße`, `…strasse`) abbreviate as in Germany (`Str.`).
    private static func germanStreets(_ names: [String]) -> [GermanPlaces.Street] {
        names.map(GermanPlaces.street)
    }

    /// English streets: the type word at the end has a short form (`Street`/`St`, `Avenue`/`Ave`).
    private static func englishStreets(_ names: [String]) -> [GermanPlaces.Street] {
        let short = ["Street": "St", "Avenue": "Ave", "Drive": "Dr", "Road": "Rd", "Lane": "Ln",
                     "Boulevard": "Blvd", "Square": "Sq", "Place": "Pl"]
        return names.map { name in
            var words = name.split(separator: " ").map(String.init)
            guard let last = words.last, let abbreviation = short[last] else {
                return GermanPlaces.Street(name: Array(name.utf8), abbreviated: nil, spelledOut: nil)
            }
            words[words.count - 1] = abbreviation
            return GermanPlaces.Street(name: Array(name.utf8), abbreviated: Array(words.joined(separator: " ").utf8),
                                       spelledOut: nil)
        }
    }

    /// French streets: the type word comes first and has a short form (`avenue`/`av.`).
    private static func frenchStreets(_ names: [String]) -> [GermanPlaces.Street] {
        let short = ["avenue": "av.", "boulevard": "bd", "place": "pl."]
        return names.map { name in
            var words = name.split(separator: " ").map(String.init)
            guard let abbreviation = short[words[0]] else {
                return GermanPlaces.Street(name: Array(name.utf8), abbreviated: nil, spelledOut: nil)
            }
            words[0] = abbreviation
            return GermanPlaces.Street(name: Array(name.utf8), abbreviated: Array(words.joined(separator: " ").utf8),
                                       spelledOut: nil)
        }
    }

    /// Dutch streets: `…straat` is written `…str.` now and then.
    private static func dutchStreets(_ names: [String]) -> [GermanPlaces.Street] {
        names.map { name in
            guard name.hasSuffix("straat") else {
                return GermanPlaces.Street(name: Array(name.utf8), abbreviated: nil, spelledOut: nil)
            }
            return GermanPlaces.Street(name: Array(name.utf8), abbreviated: Array((name.dropLast(6) + "str.").utf8),
                                       spelledOut: nil)
        }
    }

    // Branch indices: 2 München, 3 Köln, 9 Stuttgart, 0 Berlin, 1 Hamburg, 4 Frankfurt.
    private static func country(_ iso: String) -> Country {
        switch iso {
        case "AT":
            return Country(
                iso: Array(iso.utf8), germanName: Array("Österreich".utf8), tillSpellings: bytes(["Österreich", "AT", "Oesterreich"]),
                callingCode: Array("43".utf8), plan: .austria, order: .streetFirst,
                mobilePrefixes: bytes(["664", "660", "676", "650", "699", "680"]), mobileDigits: 7,
                cities: [
                    city("Wien", ["Vienna"], "1", 7, ["1010", "1020", "1030", "1050", "1060", "1070", "1090", "1100", "1120", "1150", "1180", "1210"]),
                    city("Graz", [], "316", 6, ["8010", "8020", "8036", "8041", "8045"]),
                    city("Linz", [], "732", 6, ["4020", "4030", "4040"]),
                    city("Salzburg", [], "662", 6, ["5020", "5023", "5026"]),
                    city("Innsbruck", [], "512", 6, ["6020"]),
                    city("Klagenfurt am Wörthersee", ["Klagenfurt"], "463", 6, ["9020"]),
                ],
                streets: germanStreets(["Hauptstraße", "Mariahilfer Straße", "Bahnhofstraße", "Kirchengasse", "Schulgasse",
                                        "Herrengasse", "Wiener Straße", "Linzer Straße", "Neubaugasse", "Landstraßer Hauptstraße",
                                        "Grazer Straße", "Dorfstraße"]),
                maxHouseNumber: 120, unitShare: 0.45, branches: [2, 2, 2, 9])
        case "CH":
            return Country(
                iso: Array(iso.utf8), germanName: Array("Schweiz".utf8), tillSpellings: bytes(["Schweiz", "CH"]),
                callingCode: Array("41".utf8), plan: .switzerland, order: .streetFirst,
                mobilePrefixes: bytes(["79", "78", "77", "76"]), mobileDigits: 7,
                cities: [
                    city("Zürich", ["Zuerich"], "44", 7, ["8001", "8002", "8003", "8004", "8005", "8006", "8032", "8037", "8048"]),
                    city("Basel", [], "61", 7, ["4051", "4052", "4053", "4055", "4056", "4057"]),
                    city("Bern", [], "31", 7, ["3011", "3012", "3013", "3014", "3018"]),
                    city("Genève", ["Genf", "Geneva"], "22", 7, ["1201", "1202", "1203", "1204", "1205", "1207"]),
                    city("Luzern", [], "41", 7, ["6003", "6004", "6005", "6006"]),
                    city("St. Gallen", ["Sankt Gallen"], "71", 7, ["9000", "9008"]),
                ],
                // Swiss German has no ß: `Bahnhofstrasse`, abbreviated `Bahnhofstr.`.
                streets: germanStreets(["Bahnhofstrasse", "Hauptstrasse", "Dorfstrasse", "Seestrasse", "Kirchgasse",
                                        "Zürcherstrasse", "Badenerstrasse", "Freie Strasse", "Marktgasse", "Spitalgasse"]),
                maxHouseNumber: 120, unitShare: 0, branches: [9, 9, 2])
        case "NL":
            return Country(
                iso: Array(iso.utf8), germanName: Array("Niederlande".utf8), tillSpellings: bytes(["Niederlande", "Nederland", "NL"]),
                callingCode: Array("31".utf8), plan: .netherlands, order: .streetFirst,
                mobilePrefixes: bytes(["6"]), mobileDigits: 8,
                cities: [
                    city("Amsterdam", [], "20", 7, ["1011 AB", "1012 JS", "1015 CJ", "1016 DL", "1017 CT", "1052 GA", "1073 BE", "1091 GV"]),
                    city("Rotterdam", [], "10", 7, ["3011 AD", "3012 CN", "3021 VP", "3071 AB"]),
                    city("Utrecht", [], "30", 7, ["3511 AB", "3512 JE", "3581 KP"]),
                    city("Den Haag", ["'s-Gravenhage", "The Hague"], "70", 7, ["2511 CV", "2514 EA", "2595 AA"]),
                    city("Eindhoven", [], "40", 7, ["5611 AZ", "5612 AB", "5615 CG"]),
                    city("Maastricht", [], "43", 7, ["6211 CN", "6221 BT"]),
                ],
                streets: dutchStreets(["Kalverstraat", "Keizersgracht", "Prinsengracht", "Dorpsstraat", "Kerkstraat",
                                       "Hoofdstraat", "Stationsweg", "Molenweg", "Julianalaan", "Wilhelminastraat"]),
                maxHouseNumber: 250, unitShare: 0.25, branches: [3, 3, 3, 1])
        case "GB":
            return Country(
                iso: Array(iso.utf8), germanName: Array("Vereinigtes Königreich".utf8), tillSpellings: bytes(["Großbritannien", "UK", "GB"]),
                callingCode: Array("44".utf8), plan: .unitedKingdom, order: .numberFirst,
                mobilePrefixes: bytes(["7700", "7911", "7400", "7823", "7507"]), mobileDigits: 6,
                cities: [
                    city("London", [], "20", 8, ["SW1A 2AA", "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "NW1 6XE", "SE1 7PB", "E1 6AN", "N1 9GU"]),
                    city("Manchester", [], "161", 7, ["M1 1AE", "M2 5DB", "M4 1HQ", "M14 5TP"]),
                    city("Edinburgh", [], "131", 7, ["EH1 1YZ", "EH2 2ER", "EH3 9DR"]),
                    city("Birmingham", [], "121", 7, ["B1 1BB", "B2 4QA", "B5 4BU"]),
                    city("Bristol", [], "117", 7, ["BS1 4DJ", "BS1 5TR", "BS8 1TH"]),
                ],
                streets: englishStreets(["Downing Street", "High Street", "Church Road", "Station Road", "Victoria Road",
                                         "Park Lane", "Baker Street", "Kings Road", "Mill Lane", "The Crescent"]),
                maxHouseNumber: 200, unitShare: 0.3, branches: [0, 1, 4, 2])
        case "US":
            return Country(
                iso: Array(iso.utf8), germanName: Array("USA".utf8), tillSpellings: bytes(["USA", "US"]),
                callingCode: Array("1".utf8), plan: .unitedStates, order: .numberFirst,
                mobilePrefixes: bytes(["646", "917", "773", "425", "857", "737", "678", "470"]), mobileDigits: 7,
                cities: [
                    city("New York", ["New York, NY", "NYC"], "212", 7, ["10001", "10011", "10013", "10024", "10128"]),
                    city("Chicago", ["Chicago, IL"], "312", 7, ["60601", "60605", "60614", "60657"]),
                    city("Seattle", ["Seattle, WA"], "206", 7, ["98101", "98103", "98109", "98115"]),
                    city("Boston", ["Boston, MA"], "617", 7, ["02108", "02116", "02134"]),
                    city("Austin", ["Austin, TX"], "512", 7, ["78701", "78704", "78745"]),
                    city("Atlanta", ["Atlanta, GA"], "404", 7, ["30303", "30308", "30318"]),
                ],
                streets: englishStreets(["Willis Avenue", "Pollard Drive", "Main Street", "Oak Street", "Maple Avenue",
                                         "Park Avenue", "Sunset Boulevard", "Elm Street", "Lake Shore Drive", "Cedar Lane",
                                         "Highland Road", "Washington Square"]),
                maxHouseNumber: 9_999, unitShare: 0.3, branches: [0, 1, 2, 3, 4, 9])
        default:
            return Country(
                iso: Array("FR".utf8), germanName: Array("Frankreich".utf8), tillSpellings: bytes(["Frankreich", "France", "FR"]),
                callingCode: Array("33".utf8), plan: .france, order: .numberFirst,
                mobilePrefixes: bytes(["6", "7"]), mobileDigits: 8,
                cities: [
                    city("Paris", [], "1", 8, ["75002", "75005", "75008", "75011", "75015", "75017"]),
                    city("Lyon", [], "4", 8, ["69001", "69002", "69003", "69006"]),
                    city("Marseille", [], "4", 8, ["13001", "13006", "13008"]),
                    city("Strasbourg", ["Straßburg"], "3", 8, ["67000", "67100"]),
                    city("Toulouse", [], "5", 8, ["31000", "31400"]),
                ],
                streets: frenchStreets(["rue de la Paix", "rue de Rivoli", "avenue Jean Jaurès", "boulevard Haussmann",
                                        "rue Victor Hugo", "place de la République", "avenue des Vosges", "rue du Moulin"]),
                maxHouseNumber: 150, unitShare: 0, branches: [4, 9, 0])
        }
    }
}
