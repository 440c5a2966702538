/// Normalises street lines, postcodes and city names for comparison.
///
/// Street types are abbreviated in many ways (`Str.`, `str.`, `Strasse`, `Straße`; `St`, `Street`),
/// house numbers are glued to the street, written with spaced suffixes or put first
/// (`5691 Willis Avenue`), flats and building parts ride along (`Apt 176`, `Hinterhaus`), and
/// spreadsheet exports drop the leading zero of eastern German postcodes; all of that must compare equal.
public enum AddressNormalizer {
    /// Splits a street line into street, house number and unit, and builds the street key.
    ///
    /// - The line is read in comma-separated parts: the first part with a street name is the
    ///   street; a part that is only a house number (`Hauptstraße, 7`) is its number; a part that
    ///   is a unit (`Flat 2, 10 Downing Street`, `Schulstraße 44, Hinterhaus`) is the unit; other
    ///   parts (a district) are left out of street and key.
    /// - A unit inside a part is split off too: a marker with its identifier (`Apt 176`, `Whg. 3`,
    ///   `Unit 5`, `Top 7`, `Suite 200`, `#4`, `2. OG`) at the start or after the street, or a
    ///   building part after the number (`Hinterhaus`, `Vorderhaus`). See `AddressUnit`.
    /// - The number is taken off the end of the street (`5`, `5a`, `5 a`, `12-14`, `12 - 14`, `3/1`,
    ///   Dutch `123-II`, `123 II`, `123A-1`, glued after an abbreviation dot `Hauptstr.5`, after `Nr.`), or else off the start
    ///   (`5691 Willis Avenue`, `221B Baker Street`). A line with a number at both ends
    ///   (`9297 Pollard Drive 176`) takes the first as the house number and the last as the unit;
    ///   `5/12 Smith St` at the start is unit 5, number 12 (the Australian way). Numbers inside the
    ///   name (`Str. des 17. Juni 3`) stay in the name.
    /// - When `houseNumber` is given it is parsed instead, and the same number at either end of
    ///   `street` is dropped so it is not counted twice (`street_number` + `address_1` exports).
    /// - `secondLine` (`address_2`) gives the unit when it is one (`unit 5`, `flat 3`); anything else
    ///   there (`rosedale`, a property or district name) is not part of the street.
    /// Returns nil when no street name with a letter is left.
    public static func parseStreet(_ street: String, houseNumber: String? = nil, secondLine: String? = nil) -> StreetAddress? {
        guard let text = NameNormalizer.cleaned(street) else { return nil }
        var streetWords: [String]?
        var numberPart: (number: String, suffix: String?)?
        var units: [String] = []

        for part in text.split(separator: ",") {
            var words = part.split(separator: " ").map(String.init)
            guard !words.isEmpty else { continue }
            if let number = readHouseNumber(words: words[...]) {
                if numberPart == nil { numberPart = number }
                continue
            }
            if streetWords != nil {
                // After the street: a unit part is kept whole ("2. OG links"); anything else (a district) is left out.
                if AddressUnit.leading(words) != nil || AddressUnit.isBuildingPart(words[0]) {
                    units.append(NameNormalizer.matchKey(words.joined(separator: " ")))
                }
                continue
            }
            // A unit is split off with the separator that set it apart: `Unit 4 / 22 George St`,
            // `Mariahilfer Str. 12 / Top 3`.
            if let leading = AddressUnit.leading(words) {
                units.append(leading.unit)
                words.removeFirst(leading.length)
                while let first = words.first, isSeparator(first) { words.removeFirst() }
                if words.isEmpty { continue }
            }
            if let inner = AddressUnit.inner(words, isNumber: { readHouseNumber(words: [$0][...]) != nil }) {
                units.append(inner.unit)
                words.removeLast(words.count - inner.start)
                while let last = words.last, isSeparator(last) { words.removeLast() }
            }
            streetWords = words
        }
        if let second = NameNormalizer.cleaned(secondLine) {
            let words = second.split(separator: " ").map(String.init)
            if AddressUnit.leading(words) != nil || AddressUnit.isBuildingPart(words[0]) {
                units.append(NameNormalizer.matchKey(second))
            }
        }
        // A line that is only a house number ("5 a", "12-14") has no street.
        guard var words = streetWords else { return nil }

        var number: String?
        var suffix: String?
        if var given = NameNormalizer.cleaned(houseNumber) {
            var givenWords = given.split(separator: " ").map(String.init)
            if let inner = AddressUnit.inner(givenWords, isNumber: { readHouseNumber(words: [$0][...]) != nil }) {
                // "12a Whg. 3" in the house number column
                units.insert(inner.unit, at: 0)
                givenWords.removeLast(givenWords.count - inner.start)
                given = givenWords.joined(separator: " ")
            }
            if let parsed = readHouseNumber(words: givenWords[...]) {
                number = parsed.number
                suffix = parsed.suffix
            } else {
                number = given  // unusual text such as "Haus 2": kept as written rather than lost
            }
            if let inStreet = splitNumber(off: words), inStreet.number == number, inStreet.suffix == suffix {
                words = inStreet.rest
            } else if let leading = leadingNumber(words), leading.number == number, leading.suffix == suffix {
                words.removeFirst()
            }
        } else if let leading = leadingNumber(words) {
            words.removeFirst()
            if let trailing = splitNumber(off: words) {
                // "9297 Pollard Drive 176": with the house number first, a number at the end is the flat.
                words = trailing.rest
                units.append(trailing.number + (trailing.suffix ?? ""))
            }
            if let unit = leading.unit { units.insert(unit, at: 0) }
            number = leading.number
            suffix = leading.suffix
        } else if let trailing = splitNumber(off: words) {
            words = trailing.rest
            number = trailing.number
            suffix = trailing.suffix
        } else if let numberPart {
            number = numberPart.number
            suffix = numberPart.suffix
        }

        let display = trimmingSeparators(words.joined(separator: " "))
        let key = streetKey(display)
        guard key.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") || $0 >= 0x80 }) else {
            return nil
        }
        return StreetAddress(street: display, streetKey: key, houseNumber: number, houseSuffix: suffix,
                             unit: units.isEmpty ? nil : units.joined(separator: " "))
    }

    /// A word of only punctuation (`/`, `-`, `|`): no part of a street, number or unit.
    private static func isSeparator(_ word: String) -> Bool {
        !word.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// A house number as the first word of a street line (`5691`, `221B`, `12-14`) with street
    /// words after it; `5/12` is unit 5, number 12.
    private static func leadingNumber(_ words: [String]) -> (number: String, suffix: String?, unit: String?)? {
        guard words.count > 1, let parsed = readHouseNumber(words[0]),
              words.dropFirst().contains(where: { $0.unicodeScalars.contains { $0.properties.isAlphabetic } })
        else { return nil }
        if let slashed = parsed.suffix, slashed.hasPrefix("/") {
            return (String(slashed.dropFirst()), nil, parsed.number)
        }
        return (parsed.number, parsed.suffix, nil)
    }

    /// The city name folded for comparison, with the part that tells same-named towns apart dropped.
    ///
    /// Rules, kept simple on purpose (compare together with the postcode, which tells
    /// `Frankfurt am Main` and `Frankfurt (Oder)` apart):
    /// - everything from the first `(`, `,` or `/` is cut: `Halle (Saale)`, `Frankfurt/Main`;
    /// - `matchKey`, then everything from the first connector word after the first word is cut:
    ///   `am`, `an`, `a`, `im`, `in`, `i`, `ob`, `o`, `bei`, `b`, `vor`, `v`, `der`, `d`, `unter`, `u`
    ///   (`Frankfurt a. M.`, `Freiburg im Breisgau`, `Bad Homburg v. d. Höhe`);
    /// - a leading `St.` is spelled `sankt`.
    /// District suffixes with a hyphen (`Berlin-Mitte`) are kept (`berlin mitte`).
    public static func cityKey(_ raw: String) -> String {
        var text = Substring(raw)
        if let cut = text.unicodeScalars.firstIndex(where: { $0 == "(" || $0 == "," || $0 == "/" }) {
            text = text[..<cut]
        }
        let words = NameNormalizer.matchKey(String(text)).split(separator: " ")
        var kept: [Substring] = []
        for (index, word) in words.enumerated() {
            if index > 0, cityConnectors.contains(word) { break }
            kept.append(index == 0 && word == "st" ? "sankt" : word)
        }
        return kept.joined(separator: " ")
    }

    private static let cityConnectors: Set<Substring> = [
        "am", "an", "a", "im", "in", "i", "ob", "o", "bei", "b", "vor", "v", "der", "d", "unter", "u",
    ]

    // MARK: - House numbers

    /// Takes a house number off the end of `words`; nil when the line does not end in one or
    /// nothing would be left for the street.
    private static func splitNumber(off words: [String]) -> (rest: [String], number: String, suffix: String?)? {
        var found: (rest: [String], number: String, suffix: String?)?
        for tail in [3, 2, 1] where words.count > tail {
            if let parsed = readHouseNumber(words: words.suffix(tail)) {
                found = (Array(words.dropLast(tail)), parsed.number, parsed.suffix)
                break
            }
        }
        if found == nil, let last = words.last, let dot = last.lastIndex(of: "."),
           let parsed = readHouseNumber(String(last[last.index(after: dot)...])) {
            // "Hauptstr.5a": a number glued to an abbreviation
            found = (Array(words.dropLast()) + [String(last[...dot])], parsed.number, parsed.suffix)
        }
        guard var result = found else { return nil }
        if result.rest.count > 1, let marker = result.rest.last, ["nr.", "nr"].contains(marker.lowercased()) {
            result.rest.removeLast()
        }
        return result
    }

    /// Reads a house number written as one to three words: `5a`, `5 a`, `12 - 14`.
    private static func readHouseNumber(words: ArraySlice<String>) -> (number: String, suffix: String?)? {
        let words = Array(words)
        switch words.count {
        case 1:
            return readHouseNumber(words[0])
        case 2:
            guard let parsed = readHouseNumber(words[0]), parsed.suffix == nil else { return nil }
            if isSuffixLetter(words[1]) { return (parsed.number, words[1].lowercased()) }
            // "123 II": a Dutch addition written after a space, spelled as after a hyphen ("123-II").
            let addition = words[1].lowercased()
            guard dutchAdditions.contains(addition), !parsed.number.contains("-") else { return nil }
            return (parsed.number, "-" + addition)
        case 3:
            guard words[1] == "-", let from = readHouseNumber(words[0]), from.suffix == nil, !from.number.contains("-"),
                  let to = readHouseNumber(words[2]), !to.number.contains("-")
            else { return nil }
            return (from.number + "-" + to.number, to.suffix)
        default:
            return nil
        }
    }

    /// Reads `5`, `5a`, `12-14`, `12-14b` or `3/1` (digits first, at most 5 of them per part), and
    /// a Dutch addition after a hyphen: `123-II`, `123-2`, `123-hs`, `123A-1`.
    ///
    /// A hyphen between two numbers is a range only when the second is the larger (`12-14`):
    /// `123-2` is number 123, floor 2. An addition is kept in the suffix, lower-cased after a `-`
    /// (`-ii`, `-2`, `a-1`; `123-A` is `123A`), so the number itself still compares; it has at most
    /// 4 letters or digits, as the Dutch address register (BAG) allows for a huisnummertoevoeging.
    private static func readHouseNumber(_ word: String) -> (number: String, suffix: String?)? {
        let bytes = Array(word.utf8)
        let hyphen = UInt8(ascii: "-")
        var index = 0
        func digits() -> [UInt8]? {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            let run = bytes[start..<index]
            return (1...5).contains(run.count) ? Array(run) : nil
        }
        guard var number = digits() else { return nil }
        var suffix: [UInt8]?
        if index < bytes.count, bytes[index] == hyphen {
            let start = index
            index += 1
            if let to = digits(), value(to) > value(number) {
                number += [hyphen] + to
            } else {
                index = start  // not a range: an addition, read below
            }
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            index += 1
            guard let part = digits() else { return nil }
            suffix = [UInt8(ascii: "/")] + part
        }
        if suffix == nil, index < bytes.count, isASCIILetter(bytes[index]) {
            suffix = [bytes[index] | 0x20]
            index += 1
        }
        if index < bytes.count, bytes[index] == hyphen, !number.contains(hyphen), suffix?.first != UInt8(ascii: "/") {
            let addition = bytes[(index + 1)...].map { isASCIILetter($0) ? $0 | 0x20 : $0 }
            guard (1...4).contains(addition.count), addition.allSatisfy({ isASCIILetter($0) || isDigit($0) }) else { return nil }
            suffix = suffix == nil && addition.count == 1 && isASCIILetter(addition[0]) ? addition : (suffix ?? []) + [hyphen] + addition
            index = bytes.count
        }
        guard index == bytes.count else { return nil }
        return (String(decoding: number, as: UTF8.self), suffix.map { String(decoding: $0, as: UTF8.self) })
    }

    /// Dutch additions written after a space (`Keizersgracht 123 II`): floors in Roman numerals
    /// (`I`, `V`, `X` are letters, read as such), `hs`/`huis` (ground floor with the house door),
    /// `bg` (begane grond), `bis`, `ter`. A closed list: after a space, any other word may be a name.
    private static let dutchAdditions: Set<String> = ["ii", "iii", "iv", "vi", "vii", "viii", "ix", "hs", "huis", "bg", "bis", "ter"]

    private static func value(_ digits: [UInt8]) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    private static func isSuffixLetter(_ word: String) -> Bool {
        word.utf8.count == 1 && word.utf8.allSatisfy(isASCIILetter)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// `text` without white space, commas and semicolons at either end.
    static func trimmingSeparators(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let isSeparator: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || $0 == "," || $0 == ";" }
        guard let start = scalars.firstIndex(where: { !isSeparator($0) }),
              let end = scalars.lastIndex(where: { !isSeparator($0) })
        else { return "" }
        return String(scalars[start...end])
    }
}
