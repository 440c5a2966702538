/// German personal names with a realistic frequency skew.
///
/// Surname weights follow the published counts of the most frequent German family names
/// (Müller, Schmidt, Schneider first), then rarer names with umlauts, ß and names of immigrant
/// families, so that blocking on common names is as lopsided as in real data. Those ~200 names
/// are borne by only a minority of Germans (Müller, the most common, by about 0.7%); the others
/// carry one of some 850,000 rarer names. `longTail` stands in for them with about 50,000
/// compound names (`Lindmeyer`, `Eichelhorst`) on a Zipf curve, so that two people in a sample
/// share a surname about as often as in a real customer base, at 2,000 people and at 300,000.
/// First names are drawn by birth cohort (a Monika is rarely born in 1995). Everything is
/// ASCII-or-Latin-1, so it survives the Windows-1252 export unchanged.
struct GermanNames {
    /// Surname stems (without particle), drawn by frequency.
    let surnames: WeightedTable
    /// Surnames with a nobility or Dutch particle: (particle, stem).
    let particleNames: [(particle: [UInt8], stem: [UInt8])]
    /// First names per sex (0 female, 1 male) and cohort (0: born before 1965, 1: 1965-1984, 2: later).
    let firstNames: [[WeightedTable]]
    /// A short form or spelling variant used in some records (`Alexander` -> `Alex`), by sex and cohort.
    let firstNameVariants: [[[[UInt8]?]]]

    init() {
        surnames = WeightedTable(GermanNames.surnameCounts.map { ($0.0, $0.1 * 1000) } + GermanNames.longTail())
        particleNames = GermanNames.particles.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        let female = [GermanNames.femaleOld, GermanNames.femaleMiddle, GermanNames.femaleYoung]
        let male = [GermanNames.maleOld, GermanNames.maleMiddle, GermanNames.maleYoung]
        firstNames = [female.map(WeightedTable.init), male.map(WeightedTable.init)]
        firstNameVariants = [female, male].map { cohorts in
            cohorts.map { entries in
                entries.map { entry -> [UInt8]? in
                    if let short = GermanNames.shortForms[entry.0] { return Array(short.utf8) }
                    if entry.0.contains("-") { return Array(String(entry.0.map { $0 == "-" ? " " : $0 }).utf8) }
                    return nil
                }
            }
        }
    }

    /// The cohort of a birth year.
    static func cohort(birthYear: Int) -> Int {
        birthYear < 1965 ? 0 : (birthYear < 1985 ? 1 : 2)
    }

    // Approximate counts of telephone-book entries (most frequent first), then a long tail.
    static let surnameCounts: [(String, Int)] = [
        ("Müller", 256), ("Schmidt", 190), ("Schneider", 115), ("Fischer", 98), ("Weber", 85),
        ("Meyer", 84), ("Wagner", 80), ("Becker", 75), ("Schulz", 73), ("Hoffmann", 72),
        ("Schäfer", 63), ("Koch", 58), ("Bauer", 58), ("Richter", 57), ("Klein", 56),
        ("Wolf", 54), ("Schröder", 52), ("Neumann", 50), ("Schwarz", 49), ("Zimmermann", 47),
        ("Braun", 45), ("Krüger", 45), ("Hofmann", 44), ("Hartmann", 44), ("Lange", 43),
        ("Schmitt", 43), ("Werner", 42), ("Schmitz", 42), ("Krause", 42), ("Meier", 41),
        ("Lehmann", 40), ("Schmid", 40), ("Schulze", 39), ("Maier", 39), ("Köhler", 38),
        ("Herrmann", 37), ("König", 37), ("Walter", 36), ("Mayer", 36), ("Huber", 36),
        ("Kaiser", 35), ("Fuchs", 35), ("Peters", 34), ("Lang", 34), ("Scholz", 34),
        ("Möller", 33), ("Weiß", 33), ("Jung", 32), ("Hahn", 32), ("Schubert", 32),
        ("Vogel", 31), ("Friedrich", 31), ("Keller", 31), ("Günther", 30), ("Frank", 30),
        ("Berger", 30), ("Winkler", 30), ("Roth", 29), ("Beck", 29), ("Lorenz", 29),
        ("Baumann", 28), ("Franke", 28), ("Albrecht", 28), ("Schuster", 28), ("Simon", 27),
        ("Ludwig", 27), ("Böhm", 27), ("Winter", 27), ("Kraus", 26), ("Martin", 26),
        ("Schumacher", 26), ("Krämer", 26), ("Vogt", 26), ("Stein", 25), ("Jäger", 25),
        ("Otto", 25), ("Sommer", 25), ("Groß", 24), ("Seidel", 24), ("Heinrich", 24),
        ("Brandt", 24), ("Haas", 23), ("Schreiber", 23), ("Graf", 23), ("Schulte", 23),
        ("Dietrich", 22), ("Ziegler", 22), ("Kuhn", 22), ("Kühn", 22), ("Pohl", 21),
        ("Engel", 21), ("Horn", 21), ("Busch", 21), ("Bergmann", 21), ("Thomas", 20),
        ("Voigt", 20), ("Sauer", 20), ("Arnold", 20), ("Wolff", 19), ("Pfeiffer", 19),
        ("Lindner", 18), ("Ernst", 18), ("Kramer", 18), ("Hübner", 17), ("Franz", 17),
        ("Jansen", 16), ("Paul", 16), ("Thiele", 15), ("Fiedler", 15), ("Kaufmann", 15),
        ("Schwab", 14), ("Brückner", 12), ("Fröhlich", 12), ("Löffler", 10), ("Schütz", 14),
        ("Bühler", 10), ("Kühne", 10), ("Strauß", 9), ("Voß", 12), ("Preuß", 8),
        ("Nußbaum", 5), ("Süß", 5), ("Großmann", 8), ("Köster", 9), ("Lüdtke", 6),
        ("Jürgens", 8), ("Dürr", 7), ("Gräf", 5), ("Bär", 6), ("Hölzl", 3),
        ("Weißenborn", 3), ("Gößling", 2), ("Wöhler", 2), ("Knöll", 2), ("Hüttner", 2),
        ("Lüdenscheidt", 2), ("Mößner", 2), ("Jähnig", 2), ("Rößler", 6), ("Thümmler", 3),
        ("Nowak", 12), ("Kowalski", 9), ("Wójcik", 3), ("Yilmaz", 14), ("Kaya", 10),
        ("Demir", 9), ("Öztürk", 7), ("Çelik", 4), ("Nguyen", 8), ("Popescu", 4),
        ("Ivanov", 4), ("Rossi", 4), ("Papadopoulos", 3), ("Schmidtke", 5), ("Matthäus", 3),
        ("Behrens", 12), ("Kröger", 10), ("Janßen", 8), ("Brinkmann", 12), ("Hansen", 12),
        ("Petersen", 11), ("Thomsen", 6), ("Wittmann", 8), ("Reuter", 10), ("Haase", 12),
        ("Hempel", 7), ("Ullrich", 9), ("Wendt", 8), ("Seifert", 12), ("Wünsche", 5),
        ("Rudolph", 9), ("Kirchner", 10), ("Kluge", 8), ("Heller", 8), ("Münch", 7),
        ("Eckert", 9), ("Stark", 9), ("Heß", 7), ("Krug", 6), ("Bieber", 4),
        ("Linden", 4), ("Steinbrink", 2), ("Rosenkranz", 3), ("Eichhorn", 4), ("Sonnenberg", 3),
        ("Birkholz", 3), ("Feldmann", 6), ("Waldmann", 3), ("Hofstetter", 2), ("Brunnhuber", 1),
        ("Achterberg", 1), ("Quast", 2), ("Xylander", 1), ("Zwilling", 1), ("Ypsilanti", 1),
    ]

    static let particles: [(String, String)] = [
        ("von", "Bülow"), ("von der", "Heide"), ("van der", "Meer"), ("von", "Arnim"),
        ("zu", "Dohna"), ("de", "Vries"), ("van den", "Berg"), ("von", "Hagen"),
        ("von der", "Linde"), ("van", "Dyk"), ("von", "Weizsäcker"), ("von", "Stein"),
    ]

    static let shortForms: [String: String] = [
        "Alexander": "Alex", "Katharina": "Kathi", "Christian": "Chris", "Maximilian": "Max",
        "Stefanie": "Steffi", "Michael": "Micha", "Daniela": "Dani", "Franziska": "Franzi",
        "Wolfgang": "Wolf", "Sebastian": "Basti", "Gabriele": "Gabi", "Andreas": "Andi",
        "Elisabeth": "Lisa", "Johannes": "Hannes", "Susanne": "Susi", "Christina": "Tina",
        "Jennifer": "Jenny", "Matthias": "Matze", "Nikolaus": "Klaus", "Zoë": "Zoe",
        "René": "Rene", "Jörg": "Jorg",
    ]

    static let femaleOld: [(String, Int)] = [
        ("Ursula", 30), ("Monika", 28), ("Renate", 22), ("Helga", 22), ("Karin", 25),
        ("Brigitte", 22), ("Gisela", 18), ("Ingrid", 20), ("Elke", 15), ("Christa", 15),
        ("Erika", 15), ("Gabriele", 20), ("Marianne", 12), ("Hannelore", 10), ("Inge", 10),
        ("Waltraud", 8), ("Edith", 8), ("Jutta", 12), ("Bärbel", 8), ("Doris", 10),
        ("Rosemarie", 8), ("Heidi", 8), ("Sigrid", 8), ("Gudrun", 7), ("Margot", 6),
        ("Irmgard", 6), ("Christel", 6), ("Anneliese", 6), ("Käthe", 3), ("Elisabeth", 10),
        ("Lieselotte", 4), ("Hildegard", 5),
    ]
    static let femaleMiddle: [(String, Int)] = [
        ("Sabine", 30), ("Petra", 25), ("Andrea", 28), ("Claudia", 25), ("Susanne", 25),
        ("Nicole", 25), ("Stefanie", 22), ("Birgit", 18), ("Martina", 18), ("Anja", 20),
        ("Silke", 15), ("Katrin", 15), ("Kerstin", 15), ("Heike", 18), ("Christine", 15),
        ("Tanja", 15), ("Sandra", 20), ("Melanie", 15), ("Daniela", 15), ("Simone", 12),
        ("Manuela", 8), ("Yvonne", 8), ("Ines", 8), ("Anke", 10), ("Antje", 8),
        ("Katharina", 10), ("Bettina", 8), ("Jana", 8), ("Nadine", 12), ("Kathrin", 10),
        ("Britta", 6), ("Dörte", 3), ("Maren", 5), ("Gabriele", 5),
    ]
    static let femaleYoung: [(String, Int)] = [
        ("Julia", 25), ("Anna", 25), ("Laura", 20), ("Lena", 20), ("Lea", 18),
        ("Sarah", 18), ("Lisa", 18), ("Katharina", 15), ("Johanna", 12), ("Sophie", 12),
        ("Marie", 15), ("Hannah", 15), ("Leonie", 12), ("Lara", 10), ("Jessica", 10),
        ("Vanessa", 8), ("Jennifer", 10), ("Christina", 10), ("Franziska", 10), ("Kristin", 6),
        ("Mia", 8), ("Emma", 8), ("Clara", 6), ("Charlotte", 6), ("Luisa", 6),
        ("Anna-Lena", 6), ("Marie-Luise", 3), ("Zoë", 3), ("Chiara", 4), ("Elif", 4),
        ("Aylin", 3), ("Natalia", 3), ("Ann-Kathrin", 5), ("Jülide", 1),
    ]
    static let maleOld: [(String, Int)] = [
        ("Hans", 25), ("Peter", 30), ("Klaus", 28), ("Wolfgang", 28), ("Jürgen", 28),
        ("Dieter", 20), ("Manfred", 20), ("Günter", 18), ("Horst", 18), ("Gerhard", 18),
        ("Werner", 15), ("Heinz", 15), ("Helmut", 15), ("Karl-Heinz", 12), ("Hans-Peter", 8),
        ("Bernd", 15), ("Uwe", 18), ("Rolf", 10), ("Walter", 10), ("Gerd", 10),
        ("Rainer", 12), ("Reinhard", 10), ("Norbert", 8), ("Siegfried", 6), ("Lothar", 6),
        ("Erwin", 5), ("Fritz", 5), ("Hans-Jürgen", 6), ("Jörg", 8), ("Joachim", 10),
        ("Günther", 6), ("Wilfried", 5), ("Nikolaus", 3),
    ]
    static let maleMiddle: [(String, Int)] = [
        ("Thomas", 30), ("Michael", 32), ("Andreas", 30), ("Stefan", 28), ("Frank", 22),
        ("Markus", 22), ("Christian", 25), ("Matthias", 20), ("Martin", 20), ("Sven", 15),
        ("Jens", 15), ("Oliver", 15), ("Torsten", 12), ("Alexander", 15), ("Dirk", 14),
        ("Carsten", 10), ("Jan", 12), ("Holger", 12), ("Marco", 10), ("Ralf", 14),
        ("Daniel", 15), ("Sebastian", 12), ("Tobias", 10), ("Björn", 8), ("René", 6),
        ("Kai", 8), ("Jörg", 10), ("Mario", 6), ("Marcel", 8), ("Ingo", 6),
        ("Volker", 8), ("Patrick", 8), ("Johannes", 6),
    ]
    static let maleYoung: [(String, Int)] = [
        ("Lukas", 20), ("Jonas", 18), ("Leon", 18), ("Finn", 15), ("Paul", 15),
        ("Felix", 18), ("Maximilian", 18), ("Niklas", 15), ("Tim", 15), ("Jan", 12),
        ("Philipp", 15), ("Moritz", 12), ("David", 12), ("Julian", 12), ("Simon", 10),
        ("Elias", 10), ("Noah", 8), ("Ben", 10), ("Luca", 8), ("Tom", 8),
        ("Fabian", 10), ("Florian", 12), ("Kevin", 10), ("Dennis", 10), ("Marcel", 6),
        ("Can", 3), ("Emre", 3), ("Mehmet", 4), ("Jannik", 6), ("Nils", 8),
        ("Jakob", 8), ("Henrik", 5), ("Sören", 4), ("Malte", 5), ("Ole", 4),
        ("Mats", 3), ("Björn", 4), ("Karl", 3), ("Johannes", 8), ("Alexander", 8),
    ]

    /// The rarer surnames, ranked after the listed ones: compound names (`Lindmeyer`, `Eichhorst`)
    /// first, then ones with a linking syllable (`Lindenmeyer`, `Eichelhorst`), in an order fixed by
    /// a hash. Weights fall as 1/rank (Zipf, as surname frequencies do), scaled so that the tail
    /// carries `tailShare` of all people; the listed names keep their counts times 1,000.
    static func longTail() -> [(String, Int)] {
        let listed = Set(surnameCounts.map(\.0))
        var seen = listed
        func ordered(_ names: [String]) -> [String] {
            names.filter { seen.insert($0).inserted }.sorted { (hash($0), $0) < (hash($1), $1) }
        }
        let compounds = ordered(tailRoots.flatMap { root in tailEndings.map { root + $0 } })
        let linked = ordered(tailRoots.flatMap { root in
            tailLinks.flatMap { link in tailEndings.filter { !"aeiouäöü".contains($0.first!) }.map { root + link + $0 } }
        })
        let names = compounds + linked
        let firstRank = surnameCounts.count + 1
        let harmonic = (0..<names.count).reduce(0.0) { $0 + 1 / Double(firstRank + $1) }
        let listedTotal = Double(surnameCounts.reduce(0) { $0 + $1.1 }) * 1000
        let scale = tailShare / (1 - tailShare) * listedTotal / harmonic
        return names.enumerated().map { ($1, max(1, Int((scale / Double(firstRank + $0)).rounded()))) }
    }

    /// The share of people with a surname outside the listed ~200.
    static let tailShare = 0.8

    static func hash(_ name: String) -> UInt32 {
        var hash: UInt32 = 2166136261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16777619 }
        return hash
    }

    static let tailLinks: [String] = ["en", "el", "er", "s", "ing"]

    static let tailRoots: [String] = [
        "Ahl", "Alt", "Am", "Apel", "Arn", "Bach", "Bald", "Bar", "Bech", "Behr", "Bert", "Bieder",
        "Bir", "Blum", "Bock", "Bor", "Brand", "Brei", "Brink", "Buch", "Burg", "Dal", "Dan", "Dorn",
        "Eck", "Eich", "Eil", "Elb", "Erd", "Falk", "Feld", "Fels", "Frei", "Frie", "Gar", "Geb",
        "Gie", "Gold", "Gott", "Grab", "Gräb", "Grün", "Gut", "Hag", "Hal", "Ham", "Har", "Hart",
        "Has", "Heid", "Heil", "Hel", "Her", "Hilde", "Hirsch", "Hoch", "Höf", "Hol", "Horst",
        "Hüb", "Jahn", "Kal", "Kamp", "Kes", "Kirch", "Kle", "Kling", "Knapp", "Köl", "Kol", "Kreu",
        "Kron", "Kunz", "Lam", "Land", "Lau", "Leh", "Lieb", "Lind", "Loh", "Lud", "Mar", "Mehl",
        "Mer", "Mittel", "Mohr", "Moos", "Mühl", "Nie", "Nord", "Ober", "Ort", "Ost", "Pfaff",
        "Rad", "Rau", "Rein", "Rie", "Ring", "Ros", "Rot", "Sal", "Sand", "Schie", "Schil", "Schön",
        "See", "Sie", "Sonn", "Spar", "Stahl", "Stei", "Sto", "Stra", "Tal", "Tann", "Teu", "Uhl",
        "Unter", "Vol", "Wal", "Wed", "Weid", "Wein", "Wend", "Wer", "Wil", "Wit", "Wolt", "Zeh",
        "Zie", "Zim",
    ]

    static let tailEndings: [String] = [
        "mann", "er", "ner", "meier", "meyer", "huber", "bauer", "berg", "berger", "feld", "hoff",
        "kamp", "brock", "hausen", "inger", "ke", "mair", "born", "bach", "beck", "dorf", "hardt",
        "hold", "rich", "stedt", "ler", "ling", "schmidt", "müller", "wald", "hagen", "horst",
        "mund", "rath", "thaler", "ecker", "höfer", "hube", "reiter", "mayr", "lein", "wein",
        "bichler", "kötter", "rodt", "scheid", "hammer", "land", "weg", "stein", "holz",
        "wiese", "garten", "busch", "kemper", "ritter", "hauser", "rieder", "sberger", "ert",
        "loh", "bruch", "weiler", "ow", "itz", "isch", "ski", "ka", "el",
        "ens", "ing",
    ]
}
