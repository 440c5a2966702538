/// Recognises the unit part of a street line: flat, suite, floor or building part.
///
/// Why: `9297 Pollard Drive Apt 176` must not give house number 176, and `Schulstraße 44,
/// Hinterhaus` is number 44. Units are kept apart (`StreetAddress.unit`), folded with
/// `NameNormalizer.matchKey` (`apt 176`, `whg 3`, `2 og links`, `hinterhaus`).
enum AddressUnit {
    /// Markers that need an identifier after them (`Apt 176`, `Whg. 3`, `Top 7`, `Unit B`).
    static let numberedMarkers: Set<String> = [
        "apt", "apartment", "appt", "app", "appartement", "unit", "flat", "suite", "ste", "room", "rm",
        "level", "lvl", "shop", "bldg", "building", "whg", "wohnung", "top", "tuer", "stiege", "stg",
        "zimmer", "zi", "haus", "eingang", "aufgang",
    ]
    /// Floors: after an ordinal (`2. OG`, `3rd Floor`), before an identifier (`Etage 3`), or the
    /// German abbreviations alone (`EG`).
    static let floorMarkers: Set<String> = [
        "og", "eg", "dg", "ug", "obergeschoss", "erdgeschoss", "dachgeschoss", "etage", "stock", "floor", "fl",
    ]
    static let standaloneFloors: Set<String> = ["og", "eg", "dg", "ug", "erdgeschoss", "dachgeschoss", "souterrain"]
    /// Building parts that stand alone (`Hinterhaus`, `HH`).
    static let buildingParts: Set<String> = [
        "hinterhaus", "vorderhaus", "hh", "vh", "seitenfluegel", "gartenhaus", "hinterhof", "rueckgebaeude",
        "quergebaeude", "souterrain", "penthouse", "basement", "rear",
    ]

    /// A unit at the start of `words` (`Flat 2`, `Unit 5`, `#4`) and how many words it takes.
    static func leading(_ words: [String]) -> (unit: String, length: Int)? {
        guard let first = words.first else { return nil }
        if first.hasPrefix("#"), first.utf8.count > 1, first.utf8.contains(where: isDigit) {
            return (NameNormalizer.matchKey(first), 1)
        }
        if words.count >= 2, numberedMarkers.contains(folded(first)) || floorMarkers.contains(folded(first)),
           isIdentifier(words[1]) {
            return (NameNormalizer.matchKey(first + " " + words[1]), 2)
        }
        if isFloor(words) {
            let length = words.count >= 2 && isOrdinal(words[0]) ? 2 : 1
            return (NameNormalizer.matchKey(words.prefix(length).joined(separator: " ")), length)
        }
        return nil
    }

    /// Where a unit starts after the street (index ≥ 1), with everything from there folded.
    /// A building part or a bare floor counts only right after a house number (`Schulstraße 44
    /// Hinterhaus`), so a street named `Am Hinterhaus` keeps its name.
    static func inner(_ words: [String], isNumber: (String) -> Bool) -> (unit: String, start: Int)? {
        guard words.count >= 2 else { return nil }
        for index in 1..<words.count {
            let word = words[index]
            let key = folded(word)
            var start: Int?
            if word.hasPrefix("#"), word.utf8.contains(where: isDigit) {
                start = index
            } else if numberedMarkers.contains(key) || floorMarkers.contains(key), index + 1 < words.count, isIdentifier(words[index + 1]) {
                start = index
            } else if floorMarkers.contains(key), index >= 2, isOrdinal(words[index - 1]) {
                start = index - 1
            } else if buildingParts.contains(key) || standaloneFloors.contains(key), isNumber(words[index - 1]) {
                start = index
            }
            if let start {
                return (NameNormalizer.matchKey(words[start...].joined(separator: " ")), start)
            }
        }
        return nil
    }

    /// A building part word (`Hinterhaus`), for a part of its own after the street.
    static func isBuildingPart(_ word: String) -> Bool {
        buildingParts.contains(folded(word))
    }

    /// A floor (`2. OG`, `EG`, `Etage 3`, `3rd floor`), for a part of its own after the street.
    static func isFloor(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        if words.count >= 2, isOrdinal(first), floorMarkers.contains(folded(words[1])) { return true }
        let key = folded(first)
        return standaloneFloors.contains(key) || floorMarkers.contains(key) && words.count >= 2 && isIdentifier(words[1])
    }

    /// A word that names a flat or floor: a few characters with a digit (`176`, `3b`, `2/1`) or one letter.
    static func isIdentifier(_ word: String) -> Bool {
        let bytes = word.utf8
        if bytes.count == 1 { return bytes.allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || isDigit($0) } }
        return bytes.count <= 8 && bytes.contains(where: isDigit)
    }

    /// `2.`, `2nd`, `3rd`, `1st`, `4th`.
    static func isOrdinal(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        var index = 0
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        guard index > 0, index <= 3 else { return false }
        let rest = String(decoding: bytes[index...], as: UTF8.self).lowercased()
        return ["." , "st", "nd", "rd", "th"].contains(rest)
    }

    /// The word folded for the marker sets: `Whg.` → `whg`, `Tür` → `tuer`.
    static func folded(_ word: String) -> String {
        NameNormalizer.matchKey(word)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
