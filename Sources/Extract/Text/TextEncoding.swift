/// The character encoding of a source file: what its bytes mean as text.
///
/// German exports come as UTF-8 or as the Windows code page (Excel "CSV (Trennzeichen-getrennt)");
/// ISO-8859-1 covers older Unix tools. Everything is decoded to Swift `String` (UTF-8) on read.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case iso88591 = "iso-8859-1"
}

extension TextEncoding {
    /// The reject reason for text this encoding cannot decode (`etl_reject.reason`).
    package var invalidReason: String {
        switch self {
        case .utf8: return "invalid UTF-8"
        case .windows1252: return "invalid windows-1252 byte"
        case .iso88591: return "invalid iso-8859-1 byte"  // unreachable: every byte is a Latin-1 character
        }
    }

    /// Decodes `bytes`, or returns nil when they are not valid in this encoding.
    ///
    /// UTF-8 is validated, never repaired, so a broken row is quarantined instead of loaded with
    /// U+FFFD in it. Windows-1252 rejects its five undefined bytes (0x81 0x8D 0x8F 0x90 0x9D);
    /// ISO-8859-1 maps every byte. Pure ASCII takes a fast path in all three.
    package func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "" }
        switch self {
        case .utf8:
            return TextDecoding.validatedUTF8(bytes)
        case .windows1252, .iso88591:
            if TextDecoding.isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
            return TextDecoding.transcodeSingleByte(bytes, windows1252: self == .windows1252, lenient: false)
        }
    }

    /// Decodes `bytes`, replacing whatever is invalid with U+FFFD: for the raw text of rejected rows.
    package func decodeLeniently(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.isEmpty { return "" }
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252, .iso88591:
            if TextDecoding.isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
            return TextDecoding.transcodeSingleByte(bytes, windows1252: self == .windows1252, lenient: true)
                ?? String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `decode(_:)` for a byte array.
    package func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// `decodeLeniently(_:)` for a byte array.
    package func decodeLeniently(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { decodeLeniently($0) }
    }
}

/// The byte-level work behind `TextEncoding`, kept apart so the enum reads as a list of choices.
enum TextDecoding {
    /// True when every byte is below 0x80. Reads eight bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        let raw = UnsafeRawPointer(base)
        var index = 0
        var accumulated: UInt64 = 0
        while index + 8 <= count {
            accumulated |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        var tail: UInt8 = 0
        while index < count {
            tail |= base[index]
            index += 1
        }
        return accumulated & 0x8080_8080_8080_8080 == 0 && tail & 0x80 == 0
    }

    /// A `String` of `bytes` if they are valid UTF-8, else nil (no repair).
    static func validatedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // Not String(validating:as:): it is generic and unspecialised in the standard library, and
        // measured 2x slower for the whole CSV reader than this check plus String(decoding:).
        if isASCII(bytes) || isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    /// Strict UTF-8 validation (Unicode 15, table 3-7): no overlongs, no surrogates, nothing above U+10FFFF.
    ///
    /// ASCII runs are skipped sixteen bytes at a time: German text is ASCII with the odd umlaut.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index < count {
            if index + 16 <= count {
                let first = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits
                if first != 0 {
                    index += first.trailingZeroBitCount / 8
                } else {
                    let second = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self) & highBits
                    index += second == 0 ? 16 : 8 + second.trailingZeroBitCount / 8
                    if second == 0 { continue }
                }
            } else if base[index] < 0x80 {
                index += 1
                continue
            }
            // base[index] >= 0x80: a multi-byte sequence must start here.
            let lead = base[index]
            if lead >= 0xC2 && lead <= 0xDF {  // two bytes: all of German's ä ö ü ß
                guard index + 1 < count, base[index + 1] & 0xC0 == 0x80 else { return false }
                index += 2
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = base[index + 1]
            guard second >= low && second <= high else { return false }
            var next = index + 2
            while next < index + length {
                guard base[next] & 0xC0 == 0x80 else { return false }
                next += 1
            }
            index += length
        }
        return true
    }

    /// Unicode scalars of Windows-1252 bytes 0x80...0x9F; 0 marks the five undefined bytes.
    static let windows1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,       // 88-8F
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,  // 98-9F
    ]

    /// Transcodes a single-byte encoding to UTF-8. Windows-1252 maps 0x80...0x9F through its table;
    /// above that both are Latin-1. An undefined byte gives nil, or U+FFFD when `lenient`.
    static func transcodeSingleByte(_ bytes: UnsafeBufferPointer<UInt8>, windows1252: Bool, lenient: Bool) -> String? {
        if windows1252 && !lenient {
            for byte in bytes where byte >= 0x80 && byte <= 0x9F && windows1252High[Int(byte) - 0x80] == 0 {
                return nil
            }
        }
        let table = windows1252High
        return String(unsafeUninitializedCapacity: bytes.count * 3) { out in
            var written = 0
            for byte in bytes {
                var scalar = UInt32(byte)
                if windows1252 && byte >= 0x80 && byte <= 0x9F {
                    let mapped = table[Int(byte) - 0x80]
                    scalar = mapped == 0 ? 0xFFFD : UInt32(mapped)
                }
                if scalar < 0x80 {
                    out[written] = UInt8(scalar)
                    written += 1
                } else if scalar < 0x800 {
                    out[written] = UInt8(0xC0 | (scalar >> 6))
                    out[written + 1] = UInt8(0x80 | (scalar & 0x3F))
                    written += 2
                } else {
                    out[written] = UInt8(0xE0 | (scalar >> 12))
                    out[written + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    out[written + 2] = UInt8(0x80 | (scalar & 0x3F))
                    written += 3
                }
            }
            return written
        }
    }
}

extension TextEncoding {
    /// UTF-16 or UTF-32, told by a file's first bytes (a byte-order mark, or the zero bytes of
    /// ASCII text in UTF-16): a name for the message, nil for anything else. None of the three
    /// encodings reads them, and read as one of them every row is garbage (`value expected`), so the
    /// file is refused with this instead.
    public static func wideUnicode(startingWith bytes: [UInt8]) -> String? {
        let b = bytes + [UInt8](repeating: 0xAA, count: max(0, 4 - bytes.count))
        switch (b[0], b[1], b[2], b[3]) {
        case (0xFF, 0xFE, 0x00, 0x00): return "UTF-32 (little-endian, with a byte-order mark)"
        case (0x00, 0x00, 0xFE, 0xFF): return "UTF-32 (big-endian, with a byte-order mark)"
        case (0xFF, 0xFE, _, _): return "UTF-16 (little-endian, with a byte-order mark)"
        case (0xFE, 0xFF, _, _): return "UTF-16 (big-endian, with a byte-order mark)"
        case let (x, 0x00, y, 0x00) where bytes.count >= 4 && x != 0 && y != 0: return "UTF-16 (little-endian)"
        case let (0x00, x, 0x00, y) where bytes.count >= 4 && x != 0 && y != 0: return "UTF-16 (big-endian)"
        default: return nil
        }
    }
}
