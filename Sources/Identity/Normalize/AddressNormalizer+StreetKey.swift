/// The comparison key of a street name: one spelling per street type.
extension AddressNormalizer {
    /// The folded street name: `matchKey`, then one spelling per street type.
    ///
    /// - German types are compound words: `str`, `strasse`, and a word ending in `str` are spelled
    ///   `…strasse`; `pl`, `platz` and a word ending in `pl` `…platz`; and `strasse`, `platz`, `weg`,
    ///   `allee`, `gasse` standing alone are joined to the word before, so `Haupt Straße`,
    ///   `Haupt-Str.` and `Hauptstraße` all give `hauptstrasse`, `Konrad-Adenauer-Pl.` gives
    ///   `konrad adenauerplatz`.
    /// - English types are words of their own, spelled out when abbreviated: `St`→`street`,
    ///   `Ave`→`avenue`, `Rd`→`road`, `Dr`→`drive`, `Ln`→`lane`, `Ct`→`court`, `Blvd`→`boulevard`,
    ///   `Cres`→`crescent`, `Tce`→`terrace`, `Hwy`→`highway`, `Pde`→`parade`, `Cl`→`close`, and more
    ///   (`englishStreetTypes`). Only the last word (before a direction such as `N` or `West`) is
    ///   read as a type, and never the first, so `St Kilda Rd` keeps its saint and `Dr.-Otto-Straße`
    ///   its doctor.
    /// - Directions are spelled out after the type (`Queen St W`) and before the name
    ///   (`W 45th St`); Spanish `C/` is `calle`; Polish `ul.` is left out; French types before the
    ///   name are spelled out (`Av. Louise`, `Bd Haussmann`, `Fbg`).
    /// - `Place` in that position and `Pl` anywhere are the German `platz`: `Smith Pl` and
    ///   `Smith Place` give `smithplatz`. Why: `Pl.` is both, and telling them apart would need the
    ///   country; the key is for comparison only.
    public static func streetKey(_ street: String) -> String {
        // Spanish `C/ Alcalá` is `Calle Alcalá`.
        let spelled = street.hasPrefix("C/") || street.hasPrefix("c/") ? "Calle " + street.dropFirst(2) : street
        let folded = NameNormalizer.matchKey(spelled)
        var words = folded.split(separator: " ")
        // Polish `ul.` (ulica, street) is written or left out at will.
        if words.count > 1, words[0] == "ul" { words.removeFirst() }
        // A direction before the name, `W 45th St`, as after it.
        if words.count > 2, let direction = spelledDirections[words[0]] { words[0] = direction }
        // French and Belgian types come first: `Av. Louise`, `Bd Haussmann`.
        if words.count > 1, let spelled = leadingStreetTypes[words[0]] { words[0] = spelled }
        for index in words.indices where words[index] == "fbg" { words[index] = "faubourg" }
        var typeIndex = words.count - 1
        while typeIndex > 1, streetDirections.contains(words[typeIndex]) { typeIndex -= 1 }
        var result: [Substring] = []
        result.reserveCapacity(words.count)
        for (index, original) in words.enumerated() {
            var word = original
            if index > typeIndex, let spelled = spelledDirections[word] {
                word = spelled   // `Queen St W` and `Queen Street West` give one key
            } else if index == typeIndex, index > 0 {
                if word == "place" {
                    word = "platz"
                } else if let spelled = englishStreetTypes[word] {
                    word = spelled
                }
            }
            if let german = germanStreetTypes[word] {
                if let previous = result.popLast() {
                    result.append(previous + german)
                } else {
                    result.append(german)
                }
            } else if word.hasSuffix("str") {
                result.append(word + "asse")
            } else if word.utf8.count > 3, word.hasSuffix("pl") {
                result.append(word.dropLast(2) + "platz")
            } else {
                result.append(word)
            }
        }
        return result.joined(separator: " ")
    }

    /// German street types that stand alone in a name written apart (`Haupt Straße`) and are joined
    /// to the word before, with their spelled-out form.
    private static let germanStreetTypes: [Substring: Substring] = [
        "str": "strasse", "strasse": "strasse", "pl": "platz", "platz": "platz",
        "weg": "weg", "allee": "allee", "gasse": "gasse",
    ]

    /// English street type abbreviations (folded, no dot) and their full word.
    static let englishStreetTypes: [Substring: Substring] = [
        "st": "street", "street": "street", "ave": "avenue", "av": "avenue", "avenue": "avenue",
        "rd": "road", "road": "road", "dr": "drive", "drv": "drive", "drive": "drive", "ln": "lane", "lane": "lane",
        "ct": "court", "crt": "court", "court": "court", "blvd": "boulevard", "bvd": "boulevard", "boulevard": "boulevard",
        "cres": "crescent", "cresc": "crescent", "crs": "crescent", "cr": "crescent", "crescent": "crescent",
        "tce": "terrace", "terr": "terrace", "ter": "terrace", "terrace": "terrace",
        "hwy": "highway", "highway": "highway", "pde": "parade", "parade": "parade", "cl": "close", "close": "close",
        "sq": "square", "square": "square", "cir": "circle", "circ": "circle", "circle": "circle",
        "cct": "circuit", "circuit": "circuit", "pkwy": "parkway", "pky": "parkway", "parkway": "parkway",
        "gr": "grove", "gv": "grove", "grove": "grove", "esp": "esplanade", "esplanade": "esplanade",
        "gdns": "gardens", "gardens": "gardens", "wy": "way", "way": "way", "hts": "heights", "heights": "heights",
        "trl": "trail", "trail": "trail", "rte": "route", "route": "route", "aly": "alley", "alley": "alley",
    ]

    /// True when a street key ends in a street type (`high street`, `willis avenue`, `hauptstrasse`,
    /// `lindenweg`, `marktplatz`): the line names a street, not a building, an estate or a box.
    static func namesStreet(key: String) -> Bool {
        var words = key.split(separator: " ")
        while words.count > 1, let last = words.last, streetDirections.contains(last) { words.removeLast() }
        guard let last = words.last else { return false }
        if words.count > 1, spelledStreetTypes.contains(last) { return true }
        return germanStreetEndings.contains { last.hasSuffix($0) && last.count > $0.count }
    }

    private static let spelledStreetTypes = Set(englishStreetTypes.values).union(["platz"])
    private static let germanStreetEndings = ["strasse", "platz", "weg", "allee", "gasse", "ring", "damm", "ufer", "chaussee"]

    /// Street types written before the name (French, Belgian), abbreviated, and their full word.
    private static let leadingStreetTypes: [Substring: Substring] = [
        "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "blvd": "boulevard", "boul": "boulevard",
        "imp": "impasse", "rte": "route", "chee": "chaussee",
    ]

    /// Directions, abbreviated, and their full word: after the street type (`Queen St W`) or before
    /// the name (`W 45th St`).
    private static let spelledDirections: [Substring: Substring] = [
        "n": "north", "s": "south", "e": "east", "w": "west",
        "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
    ]

    /// Directions that may follow an English street type (`Main St N`), in either spelling.
    private static let streetDirections = Set(spelledDirections.keys).union(spelledDirections.values)
}
