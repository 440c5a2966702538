import Testing
@testable import Identity

@Suite("TextFolding")
struct TextFoldingTests {
    @Test("Every letter of Latin-1 and Latin Extended-A folds to ASCII letters")
    func latinCoverage() {
        var letters = 0
        for value in UInt32(0xC0)...0x17F {
            let scalar = Unicode.Scalar(value)!
            let key = NameNormalizer.matchKey(String(Character(scalar)))
            if scalar == "×" || scalar == "÷" {
                #expect(key == "")
            } else {
                #expect(!key.isEmpty && key.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") },
                        "U+\(String(value, radix: 16)) folds to \(key)")
                letters += 1
            }
        }
        #expect(letters == 0x17F - 0xC0 + 1 - 2)
    }

    @Test("A combining diaeresis after a, o, u adds e like the precomposed umlaut", arguments: [
        ("A\u{308}rger", "aerger"), ("o\u{308}l", "oel"), ("U\u{308}ber", "ueber"),
        ("e\u{308}", "e"), ("i\u{308}", "i"), ("a\u{308}\u{308}", "ae"),
    ])
    func combiningDiaeresis(raw: String, expected: String) {
        #expect(NameNormalizer.matchKey(raw) == expected)
    }

    @Test("NFC check: below U+0300 nothing needs composing")
    func trivialNFC() {
        #expect(TextFolding.isTriviallyNFC("Müller-Lüdenscheidt Łódź"))
        #expect(!TextFolding.isTriviallyNFC("Mu\u{308}ller"))
        #expect(!TextFolding.isTriviallyNFC("Ωμέγα"))
    }

    @Test("White space is trimmed and collapsed, control characters included")
    func collapsing() {
        #expect(TextFolding.collapsingWhitespace("\t Anna \u{00A0}\n  Maria\r\n") == "Anna Maria")
        #expect(TextFolding.collapsingWhitespace("   ") == "")
    }
}
