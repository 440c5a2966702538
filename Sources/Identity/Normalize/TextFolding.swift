/// Folds text into the comparison alphabet shared by names, streets and cities.
///
/// Why one place: `Müller`, `Mueller`, `MÜLLER` and the decomposed `Mu\u{308}ller` must give the same
/// key wherever a key is built, and the phonetic encoders need the same letter table.
/// Works on Unicode scalars with a table for Latin-1 and Latin Extended-A, so the hot path is a
/// switch and an array look-up: no `Character` iteration, no regex, no Foundation.
enum TextFolding {
    /// Table value for "this scalar separates words".
    static let separator: UInt16 = 0
    /// Table value for "this scalar is invisible" (soft hyphen): dropped without separating.
    static let ignored: UInt16 = 0xFFFF

    /// The folded key as UTF-8 bytes: lower-case, transliterated, words separated by one space.
    ///
    /// Rules, in order of the scalar's range:
    /// - ASCII letters are lower-cased and digits kept; every other ASCII character
    ///   (space, hyphen, apostrophe, dot, comma, ...) separates words.
    /// - U+00C0–U+017F and a few Latin Extended-B letters come from `latinTable`:
    ///   ä→ae ö→oe ü→ue ß→ss æ→ae œ→oe, other accents stripped (é→e, ł→l, ø→o).
    /// - Combining marks are dropped, except U+0308 (diaeresis) right after a, o or u, which
    ///   becomes `e`: decomposed `u\u{308}` folds like `ü`, so callers need not normalise to NFC first.
    /// - Other letters and digits (Greek, Cyrillic, ...) are lower-cased and kept; everything else
    ///   (punctuation, symbols, emoji, Unicode spaces and dashes) separates words.
    /// Separators at both ends are dropped and runs of them become one space.
    static func matchKeyBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 4)
        var pendingSpace = false
        // True while the last thing appended was a plain a/o/u that a combining diaeresis may follow.
        var umlautable = false

        @inline(__always) func append(_ byte: UInt8) {
            if pendingSpace {
                if !out.isEmpty { out.append(0x20) }
                pendingSpace = false
            }
            out.append(byte)
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(truncatingIfNeeded: value)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    append(byte)
                    umlautable = byte == UInt8(ascii: "a") || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "u")
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    let lower = byte | 0x20
                    append(lower)
                    umlautable = lower == UInt8(ascii: "a") || lower == UInt8(ascii: "o") || lower == UInt8(ascii: "u")
                default:
                    pendingSpace = true
                    umlautable = false
                }
                continue
            }
            if let folded = latinFold(value) {
                umlautable = false
                if folded == separator {
                    pendingSpace = true
                } else if folded != ignored {
                    let first = UInt8(truncatingIfNeeded: folded)
                    let second = UInt8(truncatingIfNeeded: folded >> 8)
                    append(first)
                    if second != 0 {
                        append(second)
                    } else {
                        umlautable = first == UInt8(ascii: "a") || first == UInt8(ascii: "o") || first == UInt8(ascii: "u")
                    }
                }
                continue
            }
            if (0x300...0x36F).contains(value) {
                if value == 0x308 && umlautable { append(UInt8(ascii: "e")) }
                umlautable = false
                continue
            }
            umlautable = false
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format:
                continue
            default:
                break
            }
            if properties.isAlphabetic || properties.numericType != nil {
                for byte in properties.lowercaseMapping.utf8 { append(byte) }
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// The folded form of one non-ASCII Latin scalar: up to two ASCII bytes packed low byte first,
    /// `separator` for the symbols of U+0080–U+00BF and × ÷ (NBSP, «, ´, ...), `ignored` for the
    /// soft hyphen, nil outside the table.
    @inline(__always)
    static func latinFold(_ value: UInt32) -> UInt16? {
        if value >= 0x80 && value <= 0x17F {
            return latinTable[Int(value - 0x80)]
        }
        switch value {
        case 0x218, 0x219: return UInt16(UInt8(ascii: "s"))   // Ș ș
        case 0x21A, 0x21B: return UInt16(UInt8(ascii: "t"))   // Ț ț
        case 0x1E9E: return pack("ss")                        // ẞ capital sharp s
        default: return nil
        }
    }

    /// Folds U+0080–U+017F; built once from readable groups. Every letter of the range is listed,
    /// so a slot left at `separator` is a symbol (a test checks this).
    private static let latinTable: [UInt16] = {
        var table = [UInt16](repeating: separator, count: 0x180 - 0x80)
        let groups: [(letters: String, folded: String)] = [
            ("ÀÁÂÃÅĀĂĄàáâãåāăą", "a"), ("ÄÆäæ", "ae"),
            ("ÇĆĈĊČçćĉċč", "c"), ("ÐĎĐðďđ", "d"),
            ("ÈÉÊËĒĔĖĘĚèéêëēĕėęě", "e"), ("ĜĞĠĢĝğġģ", "g"), ("ĤĦĥħ", "h"),
            ("ÌÍÎÏĨĪĬĮİìíîïĩīĭįı", "i"), ("Ĳĳ", "ij"), ("Ĵĵ", "j"), ("Ķķĸ", "k"),
            ("ĹĻĽĿŁĺļľŀł", "l"), ("ÑŃŅŇŊñńņňŉŋ", "n"),
            ("ÒÓÔÕØŌŎŐòóôõøōŏő", "o"), ("ÖŒöœ", "oe"),
            ("ŔŖŘŕŗř", "r"), ("ŚŜŞŠśŝşšſ", "s"), ("ß", "ss"), ("ŢŤŦţťŧ", "t"), ("Þþ", "th"),
            ("ÙÚÛŨŪŬŮŰŲùúûũūŭůűų", "u"), ("Üü", "ue"), ("Ŵŵ", "w"), ("ÝŶŸýÿŷ", "y"), ("ŹŻŽźżž", "z"),
        ]
        for group in groups {
            for scalar in group.letters.unicodeScalars {
                table[Int(scalar.value - 0x80)] = pack(group.folded)
            }
        }
        table[0xAD - 0x80] = ignored   // soft hyphen: invisible, must not split a word
        return table
    }()

    private static func pack(_ ascii: String) -> UInt16 {
        var packed: UInt16 = 0
        for (index, byte) in ascii.utf8.prefix(2).enumerated() {
            packed |= UInt16(byte) << (8 * UInt16(index))
        }
        return packed
    }
}

extension TextFolding {
    /// True when `text` is certainly in Unicode NFC without looking further.
    ///
    /// Scalars below U+0300 are never changed by NFC (no combining marks, no composition
    /// exclusions), so the common case needs no Foundation call.
    static func isTriviallyNFC(_ text: String) -> Bool {
        for byte in text.utf8 where byte >= 0xCC {
            // 0xCC is the lead byte of U+0300; every lead byte at or above it encodes U+0300 or higher.
            return false
        }
        return true
    }

    /// `text` trimmed, with runs of Unicode white space collapsed to one ASCII space.
    static func collapsingWhitespace(_ text: String) -> String {
        if isCollapsed(text) { return text }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value < 0x20 {
                pendingSpace = true
            } else {
                if pendingSpace && !scalars.isEmpty { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// True when `text` has no white space to collapse: no control character, no space at either end
    /// or next to another, and no byte that may start a non-ASCII space (U+0085, U+00A0, U+1680,
    /// U+2000…U+205F, U+3000 begin with 0xC2, 0xE1, 0xE2 or 0xE3). Most names pass without allocating.
    /// - Complexity: O(n) over the UTF-8 bytes.
    static func isCollapsed(_ text: String) -> Bool {
        var previousSpace = true   // a space at the start counts as doubled
        for byte in text.utf8 {
            switch byte {
            case 0x20:
                if previousSpace { return false }
                previousSpace = true
            case 0x00..<0x20, 0x7F, 0xC2, 0xE1, 0xE2, 0xE3:
                return false
            default:
                previousSpace = false
            }
        }
        return !previousSpace || text.utf8.isEmpty
    }
}
