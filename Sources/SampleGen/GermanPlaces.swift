/// German cities, postcodes, dialling codes, streets and the shop's branches.
///
/// Postcodes are real ones of each city and stay text: Dresden, Leipzig, Chemnitz, Halle, Cottbus,
/// Jena, Zwickau and Görlitz start with `0`. Landline numbers use the city's dialling code, so a
/// person who moves to another city also gets a new landline number.
struct GermanPlaces {
    struct City {
        let name: [UInt8]
        /// Other spellings seen in exports (`Frankfurt a.M.`), used in some records.
        let variants: [[UInt8]]
        /// The dialling code with its leading 0 (`030`).
        let areaCode: [UInt8]
        let region: Int
        let postcodes: [[UInt8]]
    }

    struct Branch {
        let id: [UInt8]
        let name: [UInt8]
        let street: [UInt8]
        let postcode: [UInt8]
        let city: [UInt8]
        let region: Int
    }

    struct Street {
        let name: [UInt8]
        /// The abbreviated form (`Hauptstr.`), or nil if the name has no `straße`.
        let abbreviated: [UInt8]?
        /// The `strasse` spelling (`Hauptstrasse`), or nil.
        let spelledOut: [UInt8]?
    }

    static let regionNames: [[UInt8]] = ["Nord", "Ost", "Süd", "West"].map { Array($0.utf8) }

    let cities: [City]
    let cityWeights: [Int]
    let streets: [Street]
    let streetWeights: [Int]
    let branches: [Branch]
    /// For each city, the branches a resident shops at: the city's own, else its region's.
    let homeBranches: [[Int]]

    init() {
        var cities: [City] = []
        var weights: [Int] = []
        var total = 0
        for entry in GermanPlaces.cityData {
            cities.append(City(name: Array(entry.name.utf8), variants: entry.variants.map { Array($0.utf8) },
                               areaCode: Array(entry.areaCode.utf8), region: entry.region,
                               postcodes: entry.postcodes.map { Array($0.utf8) }))
            total += entry.weight
            weights.append(total)
        }
        self.cities = cities
        cityWeights = weights

        var streets: [Street] = []
        var streetWeights: [Int] = []
        total = 0
        for (name, weight) in GermanPlaces.streetData {
            streets.append(GermanPlaces.street(name))
            total += weight
            streetWeights.append(total)
        }
        self.streets = streets
        self.streetWeights = streetWeights

        branches = GermanPlaces.branchData.map {
            Branch(id: Array($0.id.utf8), name: Array($0.name.utf8), street: Array($0.street.utf8),
                   postcode: Array($0.postcode.utf8), city: Array($0.city.utf8), region: $0.region)
        }
        homeBranches = cities.map { city in
            let own = GermanPlaces.branchData.indices.filter { Array(GermanPlaces.branchData[$0].city.utf8) == city.name }
            if !own.isEmpty { return own }
            return GermanPlaces.branchData.indices.filter { GermanPlaces.branchData[$0].region == city.region }
        }
    }

    /// A street with its `Str.` and `Strasse` forms, where the name has a `straße`/`strasse`.
    static func street(_ name: String) -> Street {
        let bytes = Array(name.utf8)
        for suffix in ["straße", "Straße"] {
            let suffixBytes = Array(suffix.utf8)
            guard bytes.count >= suffixBytes.count, Array(bytes.suffix(suffixBytes.count)) == suffixBytes else { continue }
            let stem = Array(bytes.dropLast(suffixBytes.count))
            let short = stem + Array((suffix == "straße" ? "str." : "Str.").utf8)
            let long = stem + Array((suffix == "straße" ? "strasse" : "Strasse").utf8)
            return Street(name: bytes, abbreviated: short, spelledOut: long)
        }
        // Swiss spelling (no ß): `Bahnhofstrasse` abbreviates to `Bahnhofstr.` and has no other long form.
        for suffix in ["strasse", "Strasse"] {
            let suffixBytes = Array(suffix.utf8)
            guard bytes.count >= suffixBytes.count, Array(bytes.suffix(suffixBytes.count)) == suffixBytes else { continue }
            let short = Array(bytes.dropLast(suffixBytes.count)) + Array((suffix == "strasse" ? "str." : "Str.").utf8)
            return Street(name: bytes, abbreviated: short, spelledOut: nil)
        }
        if name.hasPrefix("Straße ") {
            let rest = Array(bytes.dropFirst(Array("Straße".utf8).count))
            return Street(name: bytes, abbreviated: Array("Str.".utf8) + rest, spelledOut: Array("Strasse".utf8) + rest)
        }
        return Street(name: bytes, abbreviated: nil, spelledOut: nil)
    }

    // Region: 0 Nord, 1 Ost, 2 Süd, 3 West. Weight ~ population in ten thousands.
    static let cityData: [(name: String, variants: [String], areaCode: String, region: Int, weight: Int, postcodes: [String])] = [
        ("Berlin", [], "030", 1, 370, ["10115", "10117", "10243", "10245", "10405", "10437", "10551", "10627", "10965", "12043", "12099", "13347", "13403", "14057"]),
        ("Hamburg", [], "040", 0, 185, ["20095", "20144", "20249", "20357", "21073", "22041", "22085", "22303", "22525", "22767"]),
        ("München", ["Muenchen"], "089", 2, 150, ["80331", "80335", "80469", "80539", "80634", "80796", "81369", "81541", "81675", "81737"]),
        ("Köln", ["Koeln"], "0221", 3, 108, ["50667", "50672", "50733", "50823", "50935", "51063", "51105"]),
        ("Frankfurt am Main", ["Frankfurt", "Frankfurt a.M.", "Frankfurt/Main"], "069", 3, 76, ["60311", "60313", "60385", "60486", "60594", "65929"]),
        ("Stuttgart", [], "0711", 2, 63, ["70173", "70176", "70190", "70372", "70469", "70597"]),
        ("Düsseldorf", ["Duesseldorf"], "0211", 3, 62, ["40210", "40211", "40477", "40545", "40597"]),
        ("Leipzig", [], "0341", 1, 60, ["04103", "04105", "04109", "04155", "04229", "04277", "04315"]),
        ("Dortmund", [], "0231", 3, 59, ["44135", "44137", "44139", "44141", "44147"]),
        ("Essen", [], "0201", 3, 58, ["45127", "45128", "45130", "45138", "45147"]),
        ("Bremen", [], "0421", 0, 57, ["28195", "28199", "28203", "28209", "28217"]),
        ("Dresden", [], "0351", 1, 56, ["01067", "01069", "01097", "01099", "01127", "01187", "01219", "01309"]),
        ("Hannover", [], "0511", 0, 54, ["30159", "30161", "30167", "30169", "30449", "30625"]),
        ("Nürnberg", ["Nuernberg"], "0911", 2, 52, ["90402", "90403", "90419", "90429", "90459", "90478"]),
        ("Bonn", [], "0228", 3, 33, ["53111", "53113", "53115", "53117", "53129"]),
        ("Münster", ["Münster (Westf.)"], "0251", 3, 32, ["48143", "48145", "48147", "48149", "48151"]),
        ("Karlsruhe", [], "0721", 2, 31, ["76131", "76133", "76135", "76137", "76149"]),
        ("Mannheim", [], "0621", 2, 31, ["68159", "68161", "68163", "68165", "68167"]),
        ("Augsburg", [], "0821", 2, 30, ["86150", "86152", "86153", "86157", "86159"]),
        ("Wiesbaden", [], "0611", 3, 28, ["65183", "65185", "65187", "65189", "65191"]),
        ("Kiel", [], "0431", 0, 25, ["24103", "24105", "24106", "24114", "24143"]),
        ("Chemnitz", [], "0371", 1, 25, ["09111", "09112", "09116", "09126", "09130"]),
        ("Halle (Saale)", ["Halle", "Halle/Saale"], "0345", 1, 24, ["06108", "06110", "06112", "06114", "06128"]),
        ("Magdeburg", [], "0391", 1, 24, ["39104", "39106", "39108", "39112", "39124"]),
        ("Freiburg im Breisgau", ["Freiburg", "Freiburg i. Br."], "0761", 2, 23, ["79098", "79100", "79102", "79104", "79106"]),
        ("Lübeck", ["Luebeck"], "0451", 0, 22, ["23552", "23554", "23556", "23558", "23562"]),
        ("Erfurt", [], "0361", 1, 21, ["99084", "99085", "99086", "99089", "99096"]),
        ("Rostock", [], "0381", 0, 21, ["18055", "18057", "18069", "18106", "18119"]),
        ("Potsdam", [], "0331", 1, 18, ["14467", "14469", "14471", "14473", "14482"]),
        ("Cottbus", [], "0355", 1, 10, ["03044", "03046", "03048", "03050"]),
        ("Jena", [], "03641", 1, 11, ["07743", "07745", "07747"]),
        ("Zwickau", [], "0375", 1, 9, ["08056", "08058", "08060", "08062"]),
        ("Görlitz", ["Goerlitz"], "03581", 1, 6, ["02826", "02827", "02828"]),
        ("Mülheim an der Ruhr", ["Mülheim", "Mülheim a.d. Ruhr"], "0208", 3, 17, ["45468", "45470", "45472", "45473"]),
        ("Offenbach am Main", ["Offenbach"], "069", 3, 13, ["63065", "63067", "63069", "63071"]),
    ]

    static let streetData: [(String, Int)] = [
        ("Hauptstraße", 30), ("Schulstraße", 20), ("Gartenstraße", 18), ("Bahnhofstraße", 20),
        ("Dorfstraße", 10), ("Bergstraße", 12), ("Birkenweg", 10), ("Lindenstraße", 12),
        ("Kirchstraße", 12), ("Waldstraße", 10), ("Ringstraße", 8), ("Schillerstraße", 12),
        ("Goethestraße", 12), ("Jahnstraße", 6), ("Am Markt", 4), ("Wiesenweg", 6),
        ("Mühlenweg", 5), ("Rosenstraße", 6), ("Friedrich-Ebert-Straße", 8), ("Beethovenstraße", 6),
        ("Mozartstraße", 7), ("Berliner Straße", 10), ("Feldstraße", 8), ("Blumenstraße", 6),
        ("Poststraße", 6), ("Am Sportplatz", 4), ("Parkstraße", 7), ("Eichendorffstraße", 4),
        ("Lessingstraße", 6), ("Karl-Marx-Straße", 5), ("Rathausstraße", 5), ("Breite Straße", 5),
        ("Lange Straße", 4), ("Kastanienallee", 5), ("Lindenallee", 5), ("Ahornweg", 6),
        ("Tannenweg", 5), ("Heinrich-Heine-Straße", 6), ("Kantstraße", 5), ("Uhlandstraße", 5),
        ("Weißdornweg", 3), ("Königstraße", 5), ("Marktplatz", 4), ("Sonnenstraße", 4),
        ("Höhenweg", 3), ("Grüner Weg", 4), ("Fröbelstraße", 3), ("Mühlstraße", 5),
        ("An der Kirche", 3), ("Im Winkel", 3), ("Zum Bahnhof", 3), ("Straße des Friedens", 3),
        ("Luisenstraße", 4), ("Wilhelmstraße", 5), ("Bismarckstraße", 6), ("Kaiserstraße", 5),
        ("Talstraße", 5), ("Steinweg", 3), ("Brunnenstraße", 4), ("Ludwigstraße", 4),
        ("Alte Dorfstraße", 2), ("Schloßstraße", 3), ("Gustav-Adolf-Straße", 2), ("Am Ölberg", 1),
    ]

    static let branchData: [(id: String, name: String, street: String, postcode: String, city: String, region: Int)] = [
        ("B001", "Filiale Berlin Mitte", "Friedrichstraße 100", "10117", "Berlin", 1),
        ("B002", "Filiale Hamburg Mönckebergstraße", "Mönckebergstraße 7", "20095", "Hamburg", 0),
        ("B003", "Filiale München Zentrum", "Kaufingerstraße 12", "80331", "München", 2),
        ("B004", "Filiale Köln Schildergasse", "Schildergasse 45", "50667", "Köln", 3),
        ("B005", "Filiale Frankfurt Zeil", "Zeil 90", "60313", "Frankfurt am Main", 3),
        ("B006", "Filiale Dresden Altmarkt", "Altmarkt 10", "01067", "Dresden", 1),
        ("B007", "Filiale Leipzig Petersstraße", "Petersstraße 22", "04109", "Leipzig", 1),
        ("B008", "Filiale Chemnitz Zentrum", "Straße der Nationen 5", "09111", "Chemnitz", 1),
        ("B009", "Filiale Erfurt Anger", "Anger 34", "99084", "Erfurt", 1),
        ("B010", "Filiale Stuttgart Königstraße", "Königstraße 28", "70173", "Stuttgart", 2),
        ("B011", "Filiale Hannover Georgstraße", "Georgstraße 14", "30159", "Hannover", 0),
        ("B012", "Filiale Halle Marktplatz", "Leipziger Straße 30", "06108", "Halle (Saale)", 1),
    ]
}
