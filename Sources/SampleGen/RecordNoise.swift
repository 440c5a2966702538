/// Byte-level edits that make one record of a person differ from the others: transliteration,
/// typos, case changes. All work on UTF-8 and touch only ASCII letters or the German letters, so
/// the result is always valid UTF-8.
enum RecordNoise {
    /// `ä ö ü ß` -> `ae oe ue ss` (and `é` -> `e` and friends), as a system without umlauts writes them.
    static func transliterated(_ text: [UInt8]) -> [UInt8] {
        guard text.contains(where: { $0 >= 0x80 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 4)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0xC3, index + 1 < text.count {
                out.append(contentsOf: latinTransliteration(text[index + 1]))
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private static func latinTransliteration(_ second: UInt8) -> [UInt8] {
        switch second {
        case 0xA4: return [0x61, 0x65] // ä ae
        case 0xB6: return [0x6F, 0x65] // ö oe
        case 0xBC: return [0x75, 0x65] // ü ue
        case 0x84: return [0x41, 0x65] // Ä Ae
        case 0x96: return [0x4F, 0x65] // Ö Oe
        case 0x9C: return [0x55, 0x65] // Ü Ue
        case 0x9F: return [0x73, 0x73] // ß ss
        case 0xA9, 0xA8, 0xAB: return [0x65] // é è ë
        case 0x89: return [0x45] // É
        case 0xB3, 0xB2, 0xB4: return [0x6F] // ó ò ô
        case 0xA7: return [0x63] // ç
        case 0x87: return [0x43] // Ç
        case 0xA1, 0xA0, 0xA2: return [0x61] // á à â
        default: return [0x3F]
        }
    }

    /// Upper case, including `äöü` -> `ÄÖÜ`; `ß` stays (as most systems leave it).
    static func uppercased(_ text: [UInt8]) -> [UInt8] {
        var out = text
        var index = 0
        while index < out.count {
            let byte = out[index]
            if byte >= 0x61 && byte <= 0x7A {
                out[index] = byte - 32
            } else if byte == 0xC3, index + 1 < out.count {
                let next = out[index + 1]
                if next >= 0xA0 && next <= 0xBE && next != 0xB7 { out[index + 1] = next - 0x20 }
                index += 1
            }
            index += 1
        }
        return out
    }

    /// Lower case, including `ÄÖÜ` -> `äöü`.
    static func lowercased(_ text: [UInt8]) -> [UInt8] {
        var out = text
        var index = 0
        while index < out.count {
            let byte = out[index]
            if byte >= 0x41 && byte <= 0x5A {
                out[index] = byte + 32
            } else if byte == 0xC3, index + 1 < out.count {
                let next = out[index + 1]
                if next >= 0x80 && next <= 0x9E && next != 0x97 { out[index + 1] = next + 0x20 }
                index += 1
            }
            index += 1
        }
        return out
    }

    /// One keyboard slip on an ASCII letter: a neighbouring key (QWERTZ), a dropped letter,
    /// a doubled letter or two swapped letters. The first letter is rarely hit, as in real typing.
    static func applyTypo(_ text: inout [UInt8], random: inout SampleRandom) {
        var positions: [Int] = []
        for (index, byte) in text.enumerated() where index > 0 && isASCIILetter(byte) {
            positions.append(index)
        }
        guard !positions.isEmpty else { return }
        let position = positions[random.below(positions.count)]
        switch random.below(4) {
        case 0:
            let byte = text[position]
            let lower = byte | 0x20
            let neighbours = qwertzNeighbours[Int(lower - 0x61)]
            var replacement = neighbours[random.below(neighbours.count)]
            if byte < 0x61 { replacement -= 32 }
            text[position] = replacement
        case 1:
            if text.count > 3 { text.remove(at: position) }
        case 2:
            text.insert(text[position], at: position)
        default:
            if position + 1 < text.count, isASCIILetter(text[position + 1]), text[position + 1] != text[position] {
                text.swapAt(position, position + 1)
            } else if text.count > 3 {
                text.remove(at: position)
            }
        }
    }

    /// One digit of a number replaced (a misheard or mistyped phone number).
    static func applyDigitSlip(_ text: inout [UInt8], random: inout SampleRandom) {
        var positions: [Int] = []
        for (index, byte) in text.enumerated() where index > 3 && byte >= 0x30 && byte <= 0x39 {
            positions.append(index)
        }
        guard !positions.isEmpty else { return }
        let position = positions[random.below(positions.count)]
        text[position] = 0x30 + UInt8((Int(text[position] - 0x30) + 1 + random.below(9)) % 10)
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static let qwertzNeighbours: [[UInt8]] = [
        "qswy", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftzhbv", "gzujnb", "ujko", "huikmn",
        "jiolm", "kop", "njk", "bhjm", "iklp", "ol", "wa", "edft", "awedxy", "rfgz",
        "zhji", "cfgb", "qase", "ysdc", "asx", "tghu",
    ].map { Array($0.utf8) }
}
