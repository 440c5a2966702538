import Foundation
import Testing
@testable import Extract

@Suite("TextEncoding")
struct TextEncodingTests {
    @Test("UTF-16 and UTF-32 are told from the first bytes; UTF-8, its byte-order mark and code pages are not", arguments: [
        ([0xFF, 0xFE, 0x7B, 0x00], "UTF-16 (little-endian, with a byte-order mark)"),
        ([0xFE, 0xFF, 0x00, 0x7B], "UTF-16 (big-endian, with a byte-order mark)"),
        ([0x7B, 0x00, 0x22, 0x00], "UTF-16 (little-endian)"),
        ([0x00, 0x4E, 0x00, 0x72], "UTF-16 (big-endian)"),
        ([0xFF, 0xFE, 0x00, 0x00], "UTF-32 (little-endian, with a byte-order mark)"),
        ([0xEF, 0xBB, 0xBF, 0x4E], nil), ([0x4E, 0x72, 0x3B, 0x56], nil), ([0xDC, 0x62, 0x65, 0x72], nil),
        ([0x7B, 0x00], nil), ([], nil),
    ] as [([UInt8], String?)])
    func wideUnicode(bytes: [UInt8], expected: String?) {
        #expect(TextEncoding.wideUnicode(startingWith: bytes) == expected)
    }

    @Test func rawValuesAreTheConfigNames() {
        #expect(TextEncoding(rawValue: "utf-8") == .utf8)
        #expect(TextEncoding(rawValue: "windows-1252") == .windows1252)
        #expect(TextEncoding(rawValue: "iso-8859-1") == .iso88591)
        #expect(TextEncoding.allCases.count == 3)
    }

    /// The 0x80-0x9F row of Windows-1252, from the Unicode mapping table (cp1252.txt).
    @Test func windows1252HighRow() {
        let expected: [UInt8: String] = [
            0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ",
            0x89: "‰", 0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“",
            0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›",
            0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
        ]
        for byte in UInt8(0x80)...0x9F {
            let decoded = TextEncoding.windows1252.decode([byte])
            if let character = expected[byte] {
                #expect(decoded == character, "byte \(byte)")
            } else {
                #expect(decoded == nil, "undefined byte \(byte) must be invalid")
                #expect(TextEncoding.windows1252.decodeLeniently([byte]) == "\u{FFFD}")
            }
        }
    }

    @Test func singleByteEncodingsAreLatin1AboveA0() {
        for byte in UInt8(0xA0)...0xFF {
            let latin1 = String(Character(Unicode.Scalar(byte)))
            #expect(TextEncoding.windows1252.decode([byte]) == latin1)
            #expect(TextEncoding.iso88591.decode([byte]) == latin1)
        }
        for byte in UInt8(0x80)...0x9F {
            #expect(TextEncoding.iso88591.decode([byte]) == String(Character(Unicode.Scalar(byte))))
        }
        #expect(TextEncoding.windows1252.decode(Array("Gr".utf8) + [0xFC, 0xDF, 0x65]) == "Grüße")
    }

    @Test(arguments: [
        [0xC3, 0xBC], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0x41],            // valid
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80],       // overlong
        [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],         // surrogate, > U+10FFFF
        [0xC3], [0xE2, 0x82], [0x80], [0xFC], [0xFF], [0xC3, 0x41],                       // truncated, stray
    ] as [[UInt8]])
    @available(macOS 15, *)  // String(validating:as:) is the oracle
    func utf8ValidationAgreesWithTheStandardLibrary(bytes: [UInt8]) {
        for prefix in [[], Array("0123456789abcdef".utf8)] as [[UInt8]] {  // short and word-at-a-time paths
            let input = prefix + bytes + prefix
            let oracle = String(validating: input, as: UTF8.self)
            #expect(TextEncoding.utf8.decode(input) == oracle, "\(input)")
            #expect(input.withUnsafeBufferPointer(TextDecoding.isValidUTF8) == (oracle != nil), "\(input)")
        }
    }

    @Test @available(macOS 15, *)
    func utf8ValidationOnRandomBytesAgreesWithTheStandardLibrary() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 40)
            // Mostly ASCII with some high bytes, like real text with damage.
            let input = (0..<count).map { _ -> UInt8 in
                let roll = generator.next()
                return roll % 4 == 0 ? UInt8(truncatingIfNeeded: roll >> 8) | 0x80 : UInt8(truncatingIfNeeded: roll >> 8) & 0x7F
            }
            let oracle = String(validating: input, as: UTF8.self)
            #expect(input.withUnsafeBufferPointer(TextDecoding.isValidUTF8) == (oracle != nil), "\(input)")
        }
    }

    @Test func asciiCheck() {
        #expect(TextDecoding.isASCII(UnsafeBufferPointer(start: nil, count: 0)))
        for length in 0..<20 {
            var bytes = [UInt8](repeating: 0x61, count: length)
            #expect(bytes.withUnsafeBufferPointer(TextDecoding.isASCII))
            if length > 0 {
                bytes[length - 1] = 0xC3
                #expect(!bytes.withUnsafeBufferPointer(TextDecoding.isASCII))
            }
        }
    }
}
