import Foundation
import Testing
@testable import Extract

/// Mapped values lose surrounding whitespace exactly as Foundation's `.whitespacesAndNewlines`
/// trims it, by OneFace's own scalar loop.
@Suite("Trimming mapped values")
struct TrimmedForMappingTests {
    @Test("agrees with Foundation's trimming", arguments: [
        "", "Strauß", " Strauß ", "Renée", "\tRenée\u{00A0}", "\u{2003}Müller\u{2003}", "\u{3000}東京\u{3000}", "Ben",
        "  Ben  ", "\u{2028}x\u{2029}", "\u{0085}Weiß\u{000B}\u{000C}", "\u{00A0}", " \u{0301}é ", "Ärger\u{200B}", "a b",
        "\u{1680}x\u{205F}", "\u{202F}ö\u{2009}", "\r\nÖl\r\n",
    ])
    func agreesWithFoundation(_ text: String) {
        #expect(text.trimmedForMapping == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
