/// Recognises the unit part of a street line: flat, suite, floor or building part.
///
/// Why: `9297 Pollard Drive Apt 176` must not give house number 176, and `Schulstraße 44,
/// Hinterhaus` is number 44. Units are kept apart (`StreetAddress.unit`), folded with
/// `NameNormalizer.matchKey` (`apt 176`, `whg 3`, `2 og links`, `hinterhaus`).
enum AddressUnit {
    /// What a folded word can be in a unit.
    struct Kind: OptionSet, Sendable {
        let rawValue: UInt8
        /// Needs an identifier after it: `Apt 176`, `Whg. 3`, `Top 7`, `Unit B`, Belgian `bus 3` / `bte 3`, Polish `m. 4` / `lok. 4`.
        static let numbered = Kind(rawValue: 1)
        /// A floor: after an ordinal (`2. OG`, `3rd Floor`) or before an identifier (`Etage 3`).
        static let floor = Kind(rawValue: 2)
        /// A floor that stands alone (`EG`).
        static let standaloneFloor = Kind(rawValue: 4)
        /// A building part that stands alone (`Hinterhaus`, `HH`).
        static let buildingPart = Kind(rawValue: 8)
        /// Also an ordinary word of street names (`Am Stock`, `Langes Haus`): a unit only after a house number.
        static let ambiguous = Kind(rawValue: 16)
    }

    /// Every marker word, folded, with what it can be: one look-up per word of a street line.
    static let kinds: [String: Kind] = {
        var kinds: [String: Kind] = [:]
        let groups: [(Kind, [String])] = [
            (.numbered, ["apt", "apartment", "appt", "app", "appartement", "unit", "flat", "suite", "ste", "room", "rm",
                         "level", "lvl", "shop", "bldg", "building", "whg", "wohnung", "top", "tuer", "stiege", "stg",
                         "zimmer", "zi", "haus", "eingang", "aufgang", "bus", "bte", "boite", "m", "lok"]),
            (.floor, ["og", "eg", "dg", "ug", "obergeschoss", "erdgeschoss", "dachgeschoss", "etage", "stock", "floor", "fl"]),
            (.standaloneFloor, ["og", "eg", "dg", "ug", "erdgeschoss", "dachgeschoss", "souterrain"]),
            (.ambiguous, ["haus", "stock", "etage", "eingang", "aufgang", "level", "lvl", "shop", "building", "bldg",
                          "floor", "fl", "room", "top", "rear", "bus", "m", "lok"]),
            (.buildingPart, ["hinterhaus", "vorderhaus", "hh", "vh", "seitenfluegel", "gartenhaus", "hinterhof",
                             "rueckgebaeude", "quergebaeude", "souterrain", "penthouse", "basement", "rear"]),
        ]
        for (kind, words) in groups {
            for word in words { kinds[word, default: []].insert(kind) }
        }
        return kinds
    }()

    static func kind(_ word: String) -> Kind {
        kinds[folded(word)] ?? []
    }

    /// A unit at the start of `words` (`Flat 2`, `Unit 5`, `#4`, `2. OG`) and how many words it takes.
    static func leading(_ words: [String]) -> (unit: String, length: Int)? {
        guard let first = words.first else { return nil }
        if first.hasPrefix("#"), first.utf8.count > 1, first.utf8.contains(where: isDigit) {
            return (NameNormalizer.matchKey(first), 1)
        }
        let firstKind = kind(first)
        if words.count >= 2, !firstKind.isDisjoint(with: [.numbered, .floor]), isIdentifier(words[1]) {
            return (NameNormalizer.matchKey(first + " " + words[1]), 2)
        }
        if firstKind.contains(.standaloneFloor) {
            return (NameNormalizer.matchKey(first), 1)
        }
        if words.count >= 2, isOrdinal(first), kind(words[1]).contains(.floor) {
            return (NameNormalizer.matchKey(first + " " + words[1]), 2)
        }
        return nil
    }

    /// Where a unit starts after the street (index ≥ 1), with everything from there folded.
    /// A building part or a bare floor counts only right after a house number (`Schulstraße 44
    /// Hinterhaus`), and a marker that is also a street word (`Stock`, `Haus`) only after one
    /// (`Gartenweg 5 Haus 2`), so `Am Hinterhaus 3` and `Am Stock 4` keep their names.
    static func inner(_ words: [String], isNumber: (String) -> Bool) -> (unit: String, start: Int)? {
        guard words.count >= 2 else { return nil }
        for index in 1..<words.count {
            let word = words[index]
            var start: Int?
            if word.hasPrefix("#") {
                if word.utf8.contains(where: isDigit) { start = index }
            } else {
                let wordKind = kind(word)
                guard !wordKind.isEmpty else { continue }
                if !wordKind.isDisjoint(with: [.numbered, .floor]), index + 1 < words.count, isIdentifier(words[index + 1]) {
                    start = index
                } else if wordKind.contains(.floor), index >= 2, isOrdinal(words[index - 1]) {
                    start = index - 1
                } else if !wordKind.isDisjoint(with: [.buildingPart, .standaloneFloor]), isNumber(words[index - 1]) {
                    start = index
                }
            }
            if let start, !kind(words[index]).contains(.ambiguous) || words[..<start].contains(where: isNumber) {
                return (NameNormalizer.matchKey(words[start...].joined(separator: " ")), start)
            }
        }
        return nil
    }

    /// A building part word (`Hinterhaus`), for a part of its own after the street.
    static func isBuildingPart(_ word: String) -> Bool {
        kind(word).contains(.buildingPart)
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
    ///
    /// Short ASCII words (nearly all) are lower-cased in place of a full `matchKey`: a small string
    /// needs no heap allocation, and this runs for every word of a street line.
    static func folded(_ word: String) -> String {
        var utf8 = Substring(word).utf8
        if utf8.last == UInt8(ascii: ".") { utf8 = utf8.dropLast() }
        guard utf8.count <= 15, utf8.allSatisfy({ isDigit($0) || ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
        else { return NameNormalizer.matchKey(word) }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            for (index, byte) in utf8.enumerated() { buffer[index] = isDigit(byte) ? byte : byte | 0x20 }
            return utf8.count
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
