/// Field encoders for the four export dialects, working on UTF-8 bytes.
///
/// All generated text is held as UTF-8 `[UInt8]`; each writer escapes or transcodes while it
/// appends, so no `String` is built per row.
extension Array where Element == UInt8 {
    /// Appends a CSV field, quoted (RFC 4180: `"` doubled) only when it holds the delimiter,
    /// a quote, CR or LF.
    mutating func appendCSVField(_ field: [UInt8], delimiter: UInt8) {
        var needsQuotes = false
        for byte in field where byte == delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            append(contentsOf: field)
            return
        }
        append(0x22)
        for byte in field {
            if byte == 0x22 { append(0x22) }
            append(byte)
        }
        append(0x22)
    }

    /// Appends a JSON string literal with its quotes; non-ASCII stays raw UTF-8.
    mutating func appendJSONString(_ field: [UInt8]) {
        append(0x22)
        for byte in field {
            switch byte {
            case 0x22: appendText("\\\"")
            case 0x5C: appendText("\\\\")
            case 0x0A: appendText("\\n")
            case 0x0D: appendText("\\r")
            case 0x09: appendText("\\t")
            case 0x00..<0x20:
                appendText("\\u00")
                append(TextEncoding.hexDigits[Int(byte >> 4)])
                append(TextEncoding.hexDigits[Int(byte & 0x0F)])
            default: append(byte)
            }
        }
        append(0x22)
    }

    /// Appends text for an XML element or a double-quoted attribute (`& < > "` escaped).
    mutating func appendXMLEscaped(_ field: [UInt8]) {
        for byte in field {
            switch byte {
            case 0x26: appendText("&amp;")
            case 0x3C: appendText("&lt;")
            case 0x3E: appendText("&gt;")
            case 0x22: appendText("&quot;")
            default: append(byte)
            }
        }
    }

    /// Transcodes UTF-8 `bytes` to Windows-1252 and appends them.
    ///
    /// Covers Latin-1 letters (ä ö ü ß é ...) and the cp1252 extras the generator uses
    /// (€ „ “ ” – ‚ ‘ ’). Anything else becomes `?`, as a real exporter would write it.
    mutating func appendWindows1252(_ bytes: [UInt8]) {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                append(lead)
                index += 1
            } else if lead == 0xC2 || lead == 0xC3, index + 1 < count {
                // U+0080...U+00FF: Latin-1 code points map to the same byte, except C1 controls.
                let scalar = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F)
                append(scalar >= 0xA0 ? UInt8(scalar) : UInt8(ascii: "?"))
                index += 2
            } else if lead == 0xE2, index + 2 < count {
                let scalar = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6)
                    | UInt32(bytes[index + 2] & 0x3F)
                append(TextEncoding.windows1252(scalar))
                index += 3
            } else {
                append(UInt8(ascii: "?"))
                index += 1
                while index < count && bytes[index] & 0xC0 == 0x80 { index += 1 }
            }
        }
    }
}

enum TextEncoding {
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The Windows-1252 byte of a General Punctuation / currency scalar, or `?`.
    static func windows1252(_ scalar: UInt32) -> UInt8 {
        switch scalar {
        case 0x20AC: return 0x80 // €
        case 0x201A: return 0x82 // ‚
        case 0x201E: return 0x84 // „
        case 0x2026: return 0x85 // …
        case 0x2018: return 0x91 // ‘
        case 0x2019: return 0x92 // ’
        case 0x201C: return 0x93 // “
        case 0x201D: return 0x94 // ”
        case 0x2013: return 0x96 // –
        case 0x2014: return 0x97 // —
        default: return UInt8(ascii: "?")
        }
    }
}
