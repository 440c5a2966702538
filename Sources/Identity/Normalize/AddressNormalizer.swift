/// Normalises German street lines, postcodes and city names for comparison.
///
/// Street types are abbreviated in many ways (`Str.`, `str.`, `Strasse`, `Straße`), house numbers
/// are glued to the street or written with spaced suffixes, and spreadsheet exports drop the
/// leading zero of eastern postcodes; all of that must compare equal.
public enum AddressNormalizer {
    /// Splits a street line into street and house number and builds the street key.
    ///
    /// The number is taken off the end of `street`: `5`, `5a`, `5 a`, `5A`, `12-14`, `12 - 14`, `3/1`,
    /// also glued after an abbreviation dot (`Hauptstr.5`) and after `Nr.`. Numbers inside the name
    /// (`Str. des 17. Juni 3`) stay in the name. When `houseNumber` is given it is parsed instead,
    /// and a matching number at the end of `street` is dropped so it is not counted twice.
    /// Returns nil when no street name with a letter is left.
    public static func parseStreet(_ street: String, houseNumber: String? = nil) -> StreetAddress? {
        guard let text = NameNormalizer.cleaned(street) else { return nil }
        var words = text.split(separator: " ").map(String.init)
        // A line that is only a house number ("5 a", "12-14") has no street.
        guard readHouseNumber(words: words[...]) == nil else { return nil }
        var number: String?
        var suffix: String?

        if let given = NameNormalizer.cleaned(houseNumber) {
            if let parsed = readHouseNumber(words: given.split(separator: " ").map(String.init)[...]) {
                number = parsed.number
                suffix = parsed.suffix
            } else {
                number = given  // unusual text such as "Haus 2": kept as written rather than lost
            }
            if let inStreet = splitNumber(off: words), inStreet.number == number, inStreet.suffix == suffix {
                words = inStreet.rest
            }
        } else if let parsed = splitNumber(off: words) {
            words = parsed.rest
            number = parsed.number
            suffix = parsed.suffix
        }

        let display = trimmingSeparators(words.joined(separator: " "))
        let key = streetKey(display)
        guard key.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") || $0 >= 0x80 }) else {
            return nil
        }
        return StreetAddress(street: display, streetKey: key, houseNumber: number, houseSuffix: suffix)
    }

    /// The folded street name: `matchKey`, then every street-type word (`str`, `strasse`, a word
    /// ending in `str`) spelled `…strasse`, and a street type standing alone joined to the word
    /// before it, so `Haupt Straße`, `Haupt-Str.` and `Hauptstraße` all give `hauptstrasse`.
    /// Other street types (`Pl.`, `Weg`) are left as written.
    static func streetKey(_ street: String) -> String {
        let folded = NameNormalizer.matchKey(street)
        var result: [Substring] = []
        for word in folded.split(separator: " ") {
            if word == "str" || word == "strasse" {
                if let previous = result.popLast() {
                    result.append(previous + "strasse")
                } else {
                    result.append("strasse")
                }
            } else if word.hasSuffix("str") {
                result.append(word + "asse")
            } else {
                result.append(word)
            }
        }
        return result.joined(separator: " ")
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
            guard isSuffixLetter(words[1]), let parsed = readHouseNumber(words[0]), parsed.suffix == nil else { return nil }
            return (parsed.number, words[1].lowercased())
        case 3:
            guard words[1] == "-", let from = readHouseNumber(words[0]), from.suffix == nil, !from.number.contains("-"),
                  let to = readHouseNumber(words[2]), !to.number.contains("-")
            else { return nil }
            return (from.number + "-" + to.number, to.suffix)
        default:
            return nil
        }
    }

    /// Reads `5`, `5a`, `12-14`, `12-14b` or `3/1` (digits first, at most 5 of them per part).
    private static func readHouseNumber(_ word: String) -> (number: String, suffix: String?)? {
        let bytes = Array(word.utf8)
        var index = 0
        func digits() -> [UInt8]? {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            let run = bytes[start..<index]
            return (1...5).contains(run.count) ? Array(run) : nil
        }
        guard var number = digits() else { return nil }
        var suffix: [UInt8]?
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            index += 1
            guard let to = digits() else { return nil }
            number += [UInt8(ascii: "-")] + to
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            index += 1
            guard let part = digits() else { return nil }
            suffix = [UInt8(ascii: "/")] + part
        }
        if suffix == nil, index < bytes.count, isASCIILetter(bytes[index]) {
            suffix = [bytes[index] | 0x20]
            index += 1
        }
        guard index == bytes.count else { return nil }
        return (String(decoding: number, as: UTF8.self), suffix.map { String(decoding: $0, as: UTF8.self) })
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
