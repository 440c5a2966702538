import Testing
@testable import Identity

@Suite("EmailNormalizer")
struct EmailNormalizerTests {
    @Test("Trimmed and lower-cased; tags and dots kept without provider rules", arguments: [
        ("Anna.Schmidt@Example.DE", "anna.schmidt@example.de"),
        ("  anna@example.de \n", "anna@example.de"),
        ("Anna.Schmidt+shop@GMAIL.com", "anna.schmidt+shop@gmail.com"),
        ("a@b.de", "a@b.de"),
        ("o'brien@example.co.uk", "o'brien@example.co.uk"),
        ("JÖRG@Müller.de", "jörg@müller.de"),
    ])
    func withoutProviderRules(raw: String, expected: String) {
        #expect(EmailNormalizer.normalize(raw) == expected)
    }

    @Test("Provider rules: Gmail ignores dots and tags, googlemail.com is gmail.com", arguments: [
        ("Anna.Schmidt+shop@gmail.com", "annaschmidt@gmail.com"),
        ("anna.schmidt@googlemail.com", "annaschmidt@gmail.com"),
        ("A.N.N.A@GoogleMail.com", "anna@gmail.com"),
        ("anna+newsletter@web.de", "anna@web.de"),
        ("anna.schmidt+x+y@web.de", "anna.schmidt@web.de"),       // dots only matter at Gmail
        ("+only@web.de", "+only@web.de"),                          // a tag that is everything stays
        ("anna@gmail.com.evil.de", "anna@gmail.com.evil.de"),
    ])
    func providerRules(raw: String, expected: String) {
        #expect(EmailNormalizer.normalize(raw, providerRules: true) == expected)
    }

    @Test("The same mailbox spelled differently gives one key with provider rules")
    func sameMailbox() {
        let spellings = ["Anna.Schmidt@googlemail.com", "annaschmidt+shop@gmail.com", " ANNASCHMIDT@GMAIL.COM"]
        let keys = Set(spellings.map { EmailNormalizer.normalize($0, providerRules: true) })
        #expect(keys == ["annaschmidt@gmail.com"])
    }

    @Test("Text that is not shaped like an address gives nil", arguments: [
        "",
        "   ",
        "anna",
        "anna@",
        "@example.de",
        "anna@example",
        "anna@@example.de",
        "anna@exa@mple.de",
        "anna schmidt@example.de",
        "anna@example .de",
        "anna@example..de",
        "anna@.example.de",
        "anna@example.de.",
        "anna@example.d",
        "Anna <anna@example.de>",
        "anna@example.de;bob@example.de",
        "anna\u{00A0}schmidt@example.de",
        "😀@😀",
    ])
    func notAnAddress(raw: String) {
        #expect(EmailNormalizer.normalize(raw) == nil)
        #expect(EmailNormalizer.normalize(raw, providerRules: true) == nil)
    }

    @Test("A very long address is handled without trouble")
    func veryLong() {
        let local = String(repeating: "a", count: 50_000)
        #expect(EmailNormalizer.normalize(local + "@EXAMPLE.de") == local + "@example.de")
    }
}
