extension Phonetics {
    /// Double Metaphone (Lawrence Philips, C/C++ Users Journal, June 2000): a primary and an
    /// alternate phonetic code, each at most `maxLength` characters (Philips used 4).
    ///
    /// The alternate equals the primary when no rule offered a second pronunciation, so two names
    /// "sound alike" when any of the four pairings is equal. `0` stands for the "th" sound.
    /// Examples: Smith → SM0/XMT, Schmidt → XMT/SMT, Thomas → TMS/TMS.
    ///
    /// Input handling (ours): white space is trimmed and collapsed, ASCII is upper-cased, ä/ö/ü count
    /// as A/O/U, ß as SS, Ç and Ñ follow Philips' own rules, other accented Latin letters count as
    /// their base letter, other characters are skipped like punctuation. One deviation from the C++
    /// original: a final J adds nothing to the alternate code where the original added a space.
    /// - Complexity: O(n), one small allocation per code.
    public static func doubleMetaphone(_ s: String, maxLength: Int = 4) -> (primary: String, alternate: String) {
        var encoder = DoubleMetaphoneEncoder(s, maxLength: max(1, maxLength))
        encoder.encode()
        return (
            String(decoding: encoder.primary, as: UTF8.self),
            String(decoding: encoder.alternate, as: UTF8.self)
        )
    }
}

/// The rules of Double Metaphone, one method per letter that needs more than one line.
///
/// `text` holds the prepared upper-case bytes followed by five spaces of padding, as in Philips'
/// code, so that looking a few letters past the end sees spaces; `last` is the last real letter.
struct DoubleMetaphoneEncoder {
    private static let cedilla: UInt8 = 0xC7   // Ç, kept as one byte in `text`
    private static let tilde: UInt8 = 0xD1     // Ñ, kept as one byte in `text`
    private static let padding = 5

    private var text: [UInt8]
    private let length: Int
    private let last: Int
    private let maxLength: Int
    private let slavoGermanic: Bool
    private(set) var primary: [UInt8] = []
    private(set) var alternate: [UInt8] = []

    init(_ s: String, maxLength: Int) {
        text = Self.prepare(s)
        length = text.count
        last = length - 1
        self.maxLength = maxLength
        text.append(contentsOf: repeatElement(UInt8(ascii: " "), count: Self.padding))
        primary.reserveCapacity(maxLength + 2)
        alternate.reserveCapacity(maxLength + 2)
        var slavic = false
        for byte in text where byte == UInt8(ascii: "W") || byte == UInt8(ascii: "K") { slavic = true }
        slavoGermanic = slavic || Self.contains(text, "CZ") || Self.contains(text, "WITZ")
    }

    // MARK: - Input

    /// Upper-case bytes of `s`: trimmed, inner white space collapsed to one space.
    private static func prepare(_ s: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        func append(_ byte: UInt8) {
            if pendingSpace && !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            pendingSpace = false
            bytes.append(byte)
        }
        for scalar in s.unicodeScalars {
            let value = scalar.value
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            switch value {
            case 0x61...0x7A: append(UInt8(value) - 0x20)
            case 0x00...0x7F: append(UInt8(value))
            case 0xC7, 0xE7: append(cedilla)
            case 0xD1, 0xF1: append(tilde)
            case 0xC4, 0xE4: append(UInt8(ascii: "A"))
            case 0xD6, 0xF6: append(UInt8(ascii: "O"))
            case 0xDC, 0xFC: append(UInt8(ascii: "U"))
            case 0xDF, 0x1E9E:
                append(UInt8(ascii: "S"))
                append(UInt8(ascii: "S"))
            default:
                guard let folded = TextFolding.latinFold(value),
                      folded != TextFolding.separator, folded != TextFolding.ignored
                else { continue }
                append(UInt8(truncatingIfNeeded: folded) - 0x20)
                let second = UInt8(truncatingIfNeeded: folded >> 8)
                if second != 0 { append(second - 0x20) }
            }
        }
        return bytes
    }

    private static func contains(_ text: [UInt8], _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard text.count >= count else { return false }
        return needle.withUTF8Buffer { pattern in
            (0...(text.count - count)).contains { start in
                (0..<count).allSatisfy { text[start + $0] == pattern[$0] }
            }
        }
    }

    // MARK: - Helpers in Philips' terms

    /// The letter at `index`, or 0 before the start (the padding covers the end).
    @inline(__always)
    private func at(_ index: Int) -> UInt8 {
        index >= 0 && index < text.count ? text[index] : 0
    }

    @inline(__always)
    private func at(_ index: Int, is letter: Unicode.Scalar) -> Bool {
        at(index) == UInt8(letter.value)
    }

    /// True when `text` at `start` reads `candidate` (Philips' `StringAt` for one candidate).
    @inline(__always)
    private func at(_ start: Int, _ candidate: StaticString) -> Bool {
        let count = candidate.utf8CodeUnitCount
        guard start >= 0, start + count <= text.count else { return false }
        return candidate.withUTF8Buffer { pattern in
            for offset in 0..<count where text[start + offset] != pattern[offset] { return false }
            return true
        }
    }

    /// True when `text` at `start` reads any of `letters` (each candidate one letter long).
    @inline(__always)
    private func at(_ start: Int, anyOf letters: StaticString) -> Bool {
        let letter = at(start)
        guard start >= 0, letter != 0 else { return false }
        return letters.withUTF8Buffer { $0.contains(letter) }
    }

    @inline(__always)
    private func isVowel(_ index: Int) -> Bool {
        at(index, anyOf: "AEIOUY")
    }

    private var isComplete: Bool {
        primary.count >= maxLength && alternate.count >= maxLength
    }

    private mutating func add(_ both: StaticString) {
        add(both, both)
    }

    private mutating func add(_ main: StaticString, _ other: StaticString) {
        main.withUTF8Buffer { primary.append(contentsOf: $0) }
        other.withUTF8Buffer { alternate.append(contentsOf: $0) }
    }

    // MARK: - Encoding

    mutating func encode() {
        guard length > 0 else { return }
        var current = 0
        // Silent first letters: GN, KN, PN, WR, PS.
        if at(0, "GN") || at(0, "KN") || at(0, "PN") || at(0, "WR") || at(0, "PS") { current += 1 }
        // Initial X is pronounced Z: 'Xavier'.
        if at(0, is: "X") {
            add("S")
            current += 1
        }

        while !isComplete && current < length {
            let letter = text[current]
            switch letter {
            case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"),
                 UInt8(ascii: "O"), UInt8(ascii: "U"), UInt8(ascii: "Y"):
                // Vowels count only at the start, all as A.
                if current == 0 { add("A") }
                current += 1
            case UInt8(ascii: "B"):
                // "-mb", e.g. "dumb", is handled under M.
                add("P")
                current += at(current + 1, is: "B") ? 2 : 1
            case Self.cedilla:
                add("S")
                current += 1
            case UInt8(ascii: "C"):
                current = encodeC(current)
            case UInt8(ascii: "D"):
                current = encodeD(current)
            case UInt8(ascii: "F"):
                add("F")
                current += at(current + 1, is: "F") ? 2 : 1
            case UInt8(ascii: "G"):
                current = encodeG(current)
            case UInt8(ascii: "H"):
                // Only kept first before a vowel or between two vowels.
                if (current == 0 || isVowel(current - 1)) && isVowel(current + 1) {
                    add("H")
                    current += 2
                } else {
                    current += 1
                }
            case UInt8(ascii: "J"):
                current = encodeJ(current)
            case UInt8(ascii: "K"):
                add("K")
                current += at(current + 1, is: "K") ? 2 : 1
            case UInt8(ascii: "L"):
                current = encodeL(current)
            case UInt8(ascii: "M"):
                // "dumb", "thumb", "dumber" and "MM".
                if (at(current - 1, "UMB") && (current + 1 == last || at(current + 2, "ER"))) || at(current + 1, is: "M") {
                    current += 2
                } else {
                    current += 1
                }
                add("M")
            case UInt8(ascii: "N"):
                add("N")
                current += at(current + 1, is: "N") ? 2 : 1
            case Self.tilde:
                add("N")
                current += 1
            case UInt8(ascii: "P"):
                if at(current + 1, is: "H") {
                    add("F")
                    current += 2
                } else {
                    // Also "campbell", "raspberry".
                    add("P")
                    current += at(current + 1, anyOf: "PB") ? 2 : 1
                }
            case UInt8(ascii: "Q"):
                add("K")
                current += at(current + 1, is: "Q") ? 2 : 1
            case UInt8(ascii: "R"):
                // French "Rogier", but not "Hochmeier".
                if current == last && !slavoGermanic && at(current - 2, "IE")
                    && !at(current - 4, "ME") && !at(current - 4, "MA") {
                    add("", "R")
                } else {
                    add("R")
                }
                current += at(current + 1, is: "R") ? 2 : 1
            case UInt8(ascii: "S"):
                current = encodeS(current)
            case UInt8(ascii: "T"):
                current = encodeT(current)
            case UInt8(ascii: "V"):
                add("F")
                current += at(current + 1, is: "V") ? 2 : 1
            case UInt8(ascii: "W"):
                current = encodeW(current)
            case UInt8(ascii: "X"):
                // French "Breaux" is silent at the end.
                if !(current == last && (at(current - 3, "IAU") || at(current - 3, "EAU")
                                         || at(current - 2, "AU") || at(current - 2, "OU"))) {
                    add("KS")
                }
                current += at(current + 1, anyOf: "CX") ? 2 : 1
            case UInt8(ascii: "Z"):
                current = encodeZ(current)
            default:
                current += 1
            }
        }
        if primary.count > maxLength { primary.removeSubrange(maxLength...) }
        if alternate.count > maxLength { alternate.removeSubrange(maxLength...) }
    }

    // MARK: - Letters with many rules

    private mutating func encodeC(_ current: Int) -> Int {
        // Various Germanic: "-ach-" but not "-aci-", "-ace-" unless "bacher", "macher".
        if current > 1 && !isVowel(current - 2) && at(current - 1, "ACH")
            && !at(current + 2, is: "I") && (!at(current + 2, is: "E") || at(current - 2, "BACHER") || at(current - 2, "MACHER")) {
            add("K")
            return current + 2
        }
        // "Caesar".
        if current == 0 && at(current, "CAESAR") {
            add("S")
            return current + 2
        }
        // Italian "chianti".
        if at(current, "CHIA") {
            add("K")
            return current + 2
        }
        if at(current, "CH") {
            return encodeCH(current)
        }
        // "Czerny", but not "Wicz".
        if at(current, "CZ") && !at(current - 2, "WICZ") {
            add("S", "X")
            return current + 2
        }
        // "focaccia".
        if at(current + 1, "CIA") {
            add("X")
            return current + 3
        }
        // Double C, but not "McClellan".
        if at(current, "CC") && !(current == 1 && at(0, is: "M")) {
            // "bellocchio" but not "bacchus".
            if at(current + 2, anyOf: "IEH") && !at(current + 2, "HU") {
                // "accident", "accede", "succeed".
                if (current == 1 && at(current - 1, is: "A")) || at(current - 1, "UCCEE") || at(current - 1, "UCCES") {
                    add("KS")
                } else {
                    // "bacci", "bertucci", other Italian.
                    add("X")
                }
                return current + 3
            }
            // Pierce's rule.
            add("K")
            return current + 2
        }
        if at(current, "CK") || at(current, "CG") || at(current, "CQ") {
            add("K")
            return current + 2
        }
        if at(current, "CI") || at(current, "CE") || at(current, "CY") {
            // Italian vs. English.
            if at(current, "CIO") || at(current, "CIE") || at(current, "CIA") {
                add("S", "X")
            } else {
                add("S")
            }
            return current + 2
        }
        add("K")
        // "Mac Caffrey", "Mac Gregor".
        if at(current + 1, " C") || at(current + 1, " Q") || at(current + 1, " G") {
            return current + 3
        }
        if at(current + 1, anyOf: "CKQ") && !at(current + 1, "CE") && !at(current + 1, "CI") {
            return current + 2
        }
        return current + 1
    }

    private mutating func encodeCH(_ current: Int) -> Int {
        // "Michael".
        if current > 0 && at(current, "CHAE") {
            add("K", "X")
            return current + 2
        }
        // Greek roots: "chemistry", "chorus".
        if current == 0
            && (at(current + 1, "HARAC") || at(current + 1, "HARIS") || at(current + 1, "HOR")
                || at(current + 1, "HYM") || at(current + 1, "HIA") || at(current + 1, "HEM"))
            && !at(0, "CHORE") {
            add("K")
            return current + 2
        }
        // Germanic, Greek, or otherwise "ch" for the "kh" sound.
        if at(0, "VAN ") || at(0, "VON ") || at(0, "SCH")
            // "architect" but not "arch", "orchestra", "orchid".
            || at(current - 2, "ORCHES") || at(current - 2, "ARCHIT") || at(current - 2, "ORCHID")
            || at(current + 2, anyOf: "TS")
            // "Wachtler", "Wechsler", but not "Tichner".
            || ((at(current - 1, anyOf: "AOUE") || current == 0) && at(current + 2, anyOf: "LRNMBHFVW ")) {
            add("K")
        } else if current > 0 {
            if at(0, "MC") {
                // "McHugh".
                add("K")
            } else {
                add("X", "K")
            }
        } else {
            add("X")
        }
        return current + 2
    }

    private mutating func encodeD(_ current: Int) -> Int {
        if at(current, "DG") {
            if at(current + 2, anyOf: "IEY") {
                // "edge".
                add("J")
                return current + 3
            }
            // "Edgar".
            add("TK")
            return current + 2
        }
        add("T")
        return at(current, "DT") || at(current, "DD") ? current + 2 : current + 1
    }

    private mutating func encodeG(_ current: Int) -> Int {
        if at(current + 1, is: "H") {
            return encodeGH(current)
        }
        if at(current + 1, is: "N") {
            if current == 1 && isVowel(0) && !slavoGermanic {
                add("KN", "N")
            } else if !at(current + 2, "EY") && !slavoGermanic {
                // Not "Cagney".
                add("N", "KN")
            } else {
                add("KN")
            }
            return current + 2
        }
        // "Tagliaro".
        if at(current + 1, "LI") && !slavoGermanic {
            add("KL", "L")
            return current + 2
        }
        // "-ges-", "-gep-", "-gel-", "-gie-" at the beginning.
        if current == 0 && (at(current + 1, is: "Y") || at(current + 1, "ES") || at(current + 1, "EP")
                            || at(current + 1, "EB") || at(current + 1, "EL") || at(current + 1, "EY")
                            || at(current + 1, "IB") || at(current + 1, "IL") || at(current + 1, "IN")
                            || at(current + 1, "IE") || at(current + 1, "EI") || at(current + 1, "ER")) {
            add("K", "J")
            return current + 2
        }
        // "-ger-", "-gy-".
        if (at(current + 1, "ER") || at(current + 1, is: "Y"))
            && !at(0, "DANGER") && !at(0, "RANGER") && !at(0, "MANGER")
            && !at(current - 1, anyOf: "EI") && !at(current - 1, "RGY") && !at(current - 1, "OGY") {
            add("K", "J")
            return current + 2
        }
        // Italian "biaggi".
        if at(current + 1, anyOf: "EIY") || at(current - 1, "AGGI") || at(current - 1, "OGGI") {
            if at(0, "VAN ") || at(0, "VON ") || at(0, "SCH") || at(current + 1, "ET") {
                // Obviously Germanic.
                add("K")
            } else if at(current + 1, "IER ") {
                add("J")
            } else {
                add("J", "K")
            }
            return current + 2
        }
        add("K")
        return at(current + 1, is: "G") ? current + 2 : current + 1
    }

    private mutating func encodeGH(_ current: Int) -> Int {
        if current > 0 && !isVowel(current - 1) {
            add("K")
            return current + 2
        }
        // "Ghislane", "Ghiradelli".
        if current == 0 {
            if at(current + 2, is: "I") {
                add("J")
            } else {
                add("K")
            }
            return current + 2
        }
        // Parker's rule with refinements: "hugh", "bough", "broughton".
        if (current > 1 && at(current - 2, anyOf: "BHD"))
            || (current > 2 && at(current - 3, anyOf: "BHD"))
            || (current > 3 && at(current - 4, anyOf: "BH")) {
            return current + 2
        }
        // "laugh", "McLaughlin", "cough", "gough", "rough", "tough".
        if current > 2 && at(current - 1, is: "U") && at(current - 3, anyOf: "CGLRT") {
            add("F")
        } else if current > 0 && !at(current - 1, is: "I") {
            add("K")
        }
        return current + 2
    }

    private mutating func encodeJ(_ current: Int) -> Int {
        // Obviously Spanish: "Jose", "San Jacinto".
        if at(current, "JOSE") || at(0, "SAN ") {
            if (current == 0 && at(current + 4, is: " ")) || at(0, "SAN ") {
                add("H")
            } else {
                add("J", "H")
            }
            return current + 1
        }
        if current == 0 && !at(current, "JOSE") {
            // "Yankelovich", "Jankelowicz".
            add("J", "A")
        } else if isVowel(current - 1) && !slavoGermanic && (at(current + 1, is: "A") || at(current + 1, is: "O")) {
            // Spanish pronunciation of e.g. "bajador".
            add("J", "H")
        } else if current == last {
            // The original adds a space to the alternate here; we add nothing.
            add("J", "")
        } else if !at(current + 1, anyOf: "LTKSNMBZ") && !at(current - 1, anyOf: "SKL") {
            add("J")
        }
        return at(current + 1, is: "J") ? current + 2 : current + 1
    }

    private mutating func encodeL(_ current: Int) -> Int {
        guard at(current + 1, is: "L") else {
            add("L")
            return current + 1
        }
        // Spanish "cabrillo", "gallegos".
        if (current == length - 3 && (at(current - 1, "ILLO") || at(current - 1, "ILLA") || at(current - 1, "ALLE")))
            || ((at(last - 1, "AS") || at(last - 1, "OS") || at(last, anyOf: "AO")) && at(current - 1, "ALLE")) {
            add("L", "")
        } else {
            add("L")
        }
        return current + 2
    }

    private mutating func encodeS(_ current: Int) -> Int {
        // "island", "isle", "carlisle", "carlysle".
        if at(current - 1, "ISL") || at(current - 1, "YSL") {
            return current + 1
        }
        // "sugar-".
        if current == 0 && at(current, "SUGAR") {
            add("X", "S")
            return current + 1
        }
        if at(current, "SH") {
            // Germanic.
            if at(current + 1, "HEIM") || at(current + 1, "HOEK") || at(current + 1, "HOLM") || at(current + 1, "HOLZ") {
                add("S")
            } else {
                add("X")
            }
            return current + 2
        }
        // Italian and Armenian.
        if at(current, "SIO") || at(current, "SIA") || at(current, "SIAN") {
            if slavoGermanic {
                add("S")
            } else {
                add("S", "X")
            }
            return current + 3
        }
        // German and anglicisations: "Smith" matches "Schmidt", "Snider" matches "Schneider";
        // also "-sz-" in Slavic languages, although Hungarian pronounces it "s".
        if (current == 0 && at(current + 1, anyOf: "MNLW")) || at(current + 1, is: "Z") {
            add("S", "X")
            return at(current + 1, is: "Z") ? current + 2 : current + 1
        }
        if at(current, "SC") {
            return encodeSC(current)
        }
        // French "Resnais", "Artois".
        if current == last && (at(current - 2, "AI") || at(current - 2, "OI")) {
            add("", "S")
        } else {
            add("S")
        }
        return at(current + 1, anyOf: "SZ") ? current + 2 : current + 1
    }

    private mutating func encodeSC(_ current: Int) -> Int {
        // Schlesinger's rule.
        if at(current + 2, is: "H") {
            // Dutch origin: "school", "schooner".
            if at(current + 3, "OO") || at(current + 3, "ER") || at(current + 3, "EN")
                || at(current + 3, "UY") || at(current + 3, "ED") || at(current + 3, "EM") {
                // "Schermerhorn", "Schenker".
                if at(current + 3, "ER") || at(current + 3, "EN") {
                    add("X", "SK")
                } else {
                    add("SK")
                }
            } else if current == 0 && !isVowel(3) && !at(3, is: "W") {
                add("X", "S")
            } else {
                add("X")
            }
            return current + 3
        }
        if at(current + 2, anyOf: "IEY") {
            add("S")
        } else {
            add("SK")
        }
        return current + 3
    }

    private mutating func encodeT(_ current: Int) -> Int {
        if at(current, "TION") || at(current, "TIA") || at(current, "TCH") {
            add("X")
            return current + 3
        }
        if at(current, "TH") || at(current, "TTH") {
            // "Thomas", "Thames", or Germanic.
            if at(current + 2, "OM") || at(current + 2, "AM") || at(0, "VAN ") || at(0, "VON ") || at(0, "SCH") {
                add("T")
            } else {
                add("0", "T")
            }
            return current + 2
        }
        add("T")
        return at(current + 1, anyOf: "TD") ? current + 2 : current + 1
    }

    private mutating func encodeW(_ current: Int) -> Int {
        // Can also be in the middle of a word.
        if at(current, "WR") {
            add("R")
            return current + 2
        }
        if current == 0 && (isVowel(current + 1) || at(current, "WH")) {
            if isVowel(current + 1) {
                // "Wasserman" should match "Vasserman".
                add("A", "F")
            } else {
                // "Uomo" should match "Womo".
                add("A")
            }
            // Philips' code goes on to the rules below (no break here).
        }
        // "Arnow" should match "Arnoff".
        if (current == last && isVowel(current - 1))
            || at(current - 1, "EWSKI") || at(current - 1, "EWSKY") || at(current - 1, "OWSKI") || at(current - 1, "OWSKY")
            || at(0, "SCH") {
            add("", "F")
            return current + 1
        }
        // Polish "Filipowicz".
        if at(current, "WICZ") || at(current, "WITZ") {
            add("TS", "FX")
            return current + 4
        }
        return current + 1
    }

    private mutating func encodeZ(_ current: Int) -> Int {
        // Chinese pinyin: "Zhao".
        if at(current + 1, is: "H") {
            add("J")
            return current + 2
        }
        if at(current + 1, "ZO") || at(current + 1, "ZI") || at(current + 1, "ZA")
            || (slavoGermanic && current > 0 && !at(current - 1, is: "T")) {
            add("S", "TS")
        } else {
            add("S")
        }
        return at(current + 1, is: "Z") ? current + 2 : current + 1
    }
}
