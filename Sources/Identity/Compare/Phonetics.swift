/// Phonetic codes for names, for blocking and for "sounds alike" comparison levels.
///
/// `Meier`, `Meyer` and `Mayer` are one name spelled three ways; a phonetic code makes them equal.
/// Kölner Phonetik suits German names, Double Metaphone (`DoubleMetaphone.swift`) English and mixed ones.
public enum Phonetics {
    /// Kölner Phonetik (Cologne phonetics, Postel 1969) exactly as defined in DOMAIN.md.
    ///
    /// After upper-casing, ä/ö/ü are vowels and ß is S; other accented letters count as their base
    /// letter (é as E), æ/œ as two letters; digits, punctuation and other scripts are skipped.
    /// Codes: A E I J O U Y → 0; H → nothing; B → 1; P → 1, 3 before H; D T → 2, 8 before C S Z;
    /// F V W → 3; G K Q → 4; X → 48, 8 after C K Q; L → 5; M N → 6; R → 7; S Z → 8;
    /// C → 4 at the start before A H K L O Q R U X, elsewhere 4 before A H K O Q U X unless after
    /// S or Z, otherwise 8. Then runs of the same digit collapse and every 0 except a leading one is dropped.
    ///
    /// Our choices where the definition is silent: "start", "before" and "after" are within a word
    /// (white space, hyphens and other non-letters separate words), while collapsing runs and dropping
    /// zeros apply to the whole code; Ä, Ö, Ü are vowels but not the A, O, U of the C rules
    /// (so `Cäsar` starts with 8, as it is spoken). Returns "" when `s` has no letter.
    /// Examples: Müller-Lüdenscheidt → 65752682, Wikipedia → 3412, Breschnew → 17863, Meier = Meyer = Mayer → 67.
    /// - Complexity: O(n) over the scalars; scratch memory on the stack, one allocation for the result.
    public static func koelner(_ s: String) -> String {
        let capacity = s.utf8.count + 1
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity * 3) { scratch in
            let letters = UnsafeMutableBufferPointer(rebasing: scratch[0..<capacity])
            let digits = UnsafeMutableBufferPointer(rebasing: scratch[capacity...])
            let letterCount = KoelnerLetters.collect(s, into: letters)
            let digitCount = encodeKoelner(UnsafeBufferPointer(rebasing: letters[0..<letterCount]), into: digits)
            return String(decoding: UnsafeBufferPointer(rebasing: digits[0..<digitCount]), as: UTF8.self)
        }
    }

    /// Encodes upper-case letters (with `KoelnerLetters.umlaut` and `KoelnerLetters.boundary`) into
    /// ASCII digits; returns how many were written.
    private static func encodeKoelner(_ letters: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        var last: UInt8 = 0xFF   // last digit of the collapsed sequence, zeros included
        @inline(__always) func emit(_ digit: UInt8) {
            guard digit != last else { return }
            if digit != 0 || last == 0xFF {
                out[count] = digit + 0x30
                count += 1
            }
            last = digit
        }

        let boundary = KoelnerLetters.boundary
        for index in letters.indices {
            let letter = letters[index]
            if letter == boundary { continue }
            let previous = index > 0 ? letters[index - 1] : boundary
            let next = index + 1 < letters.count ? letters[index + 1] : boundary
            switch letter {
            case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "J"),
                 UInt8(ascii: "O"), UInt8(ascii: "U"), UInt8(ascii: "Y"), KoelnerLetters.umlaut:
                emit(0)
            case UInt8(ascii: "H"):
                continue
            case UInt8(ascii: "B"):
                emit(1)
            case UInt8(ascii: "P"):
                emit(next == UInt8(ascii: "H") ? 3 : 1)
            case UInt8(ascii: "D"), UInt8(ascii: "T"):
                emit(next == UInt8(ascii: "C") || next == UInt8(ascii: "S") || next == UInt8(ascii: "Z") ? 8 : 2)
            case UInt8(ascii: "F"), UInt8(ascii: "V"), UInt8(ascii: "W"):
                emit(3)
            case UInt8(ascii: "G"), UInt8(ascii: "K"), UInt8(ascii: "Q"):
                emit(4)
            case UInt8(ascii: "X"):
                if previous == UInt8(ascii: "C") || previous == UInt8(ascii: "K") || previous == UInt8(ascii: "Q") {
                    emit(8)
                } else {
                    emit(4)
                    emit(8)
                }
            case UInt8(ascii: "L"):
                emit(5)
            case UInt8(ascii: "M"), UInt8(ascii: "N"):
                emit(6)
            case UInt8(ascii: "R"):
                emit(7)
            case UInt8(ascii: "S"), UInt8(ascii: "Z"):
                emit(8)
            case UInt8(ascii: "C"):
                emit(koelnerC(previous: previous, next: next))
            default:
                continue
            }
        }
        return count
    }

    @inline(__always)
    private static func koelnerC(previous: UInt8, next: UInt8) -> UInt8 {
        if previous == KoelnerLetters.boundary {
            switch next {
            case UInt8(ascii: "A"), UInt8(ascii: "H"), UInt8(ascii: "K"), UInt8(ascii: "L"), UInt8(ascii: "O"),
                 UInt8(ascii: "Q"), UInt8(ascii: "R"), UInt8(ascii: "U"), UInt8(ascii: "X"):
                return 4
            default:
                return 8
            }
        }
        if previous == UInt8(ascii: "S") || previous == UInt8(ascii: "Z") { return 8 }
        switch next {
        case UInt8(ascii: "A"), UInt8(ascii: "H"), UInt8(ascii: "K"), UInt8(ascii: "O"),
             UInt8(ascii: "Q"), UInt8(ascii: "U"), UInt8(ascii: "X"):
            return 4
        default:
            return 8
        }
    }
}

/// Turns text into the upper-case letter sequence the Kölner Phonetik rules read.
enum KoelnerLetters {
    /// Stands for Ä, Ö, Ü: a vowel that is none of the A, O, U the C rule looks for.
    static let umlaut: UInt8 = 1
    /// Separates words; also what "before the first letter" and "after the last" look like.
    static let boundary: UInt8 = 0

    /// Writes the letters of `s` into `out` (capacity at least `s.utf8.count + 1`) and returns their count.
    static func collect(_ s: String, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        @inline(__always) func append(_ letter: UInt8) {
            out[count] = letter
            count += 1
        }
        @inline(__always) func endWord() {
            if count > 0 && out[count - 1] != boundary { append(boundary) }
        }
        for scalar in s.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A:
                append(UInt8(value))
            case 0x61...0x7A:
                append(UInt8(value) - 0x20)
            case 0xC4, 0xD6, 0xDC, 0xE4, 0xF6, 0xFC:   // Ä Ö Ü ä ö ü
                append(umlaut)
            case 0xDF, 0x1E9E:                       // ß ẞ
                append(UInt8(ascii: "S"))
            case 0x308:                              // combining diaeresis: A/O/U + U+0308 is an umlaut
                if count > 0, [UInt8(ascii: "A"), UInt8(ascii: "O"), UInt8(ascii: "U")].contains(out[count - 1]) {
                    out[count - 1] = umlaut
                }
            case 0x300...0x36F:
                continue
            default:
                guard value >= 0x80, let folded = TextFolding.latinFold(value) else {
                    endWord()
                    continue
                }
                if folded == TextFolding.ignored { continue }
                if folded == TextFolding.separator {
                    endWord()
                    continue
                }
                // Folded letters are lower-case ASCII; one or two of them (æ → AE).
                append(UInt8(truncatingIfNeeded: folded) - 0x20)
                let second = UInt8(truncatingIfNeeded: folded >> 8)
                if second != 0 { append(second - 0x20) }
            }
        }
        return count
    }
}
