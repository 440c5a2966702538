import Testing
@testable import Identity

@Suite("NameNormalizer")
struct NameNormalizerTests {
    // MARK: - Parsing

    struct FullNameCase: CustomTestStringConvertible, Sendable {
        let full: String
        let expected: PersonName
        var testDescription: String { full }
    }

    @Test("Full names are split into salutation, title, first and last name", arguments: [
        FullNameCase(full: "Dr. Hans-Peter von der Müller",
                     expected: PersonName(title: "Dr.", first: "Hans-Peter", last: "von der Müller")),
        FullNameCase(full: "Müller, Anna", expected: PersonName(first: "Anna", last: "Müller")),
        FullNameCase(full: "Frau Prof. Dr. Weiß", expected: PersonName(salutation: "Frau", title: "Prof. Dr.", last: "Weiß")),
        FullNameCase(full: "Anna Müller", expected: PersonName(first: "Anna", last: "Müller")),
        FullNameCase(full: "Herr Max Mustermann", expected: PersonName(salutation: "Herr", first: "Max", last: "Mustermann")),
        FullNameCase(full: "Hr. Max Mustermann", expected: PersonName(salutation: "Herr", first: "Max", last: "Mustermann")),
        FullNameCase(full: "Fr. Erika Mustermann", expected: PersonName(salutation: "Frau", first: "Erika", last: "Mustermann")),
        FullNameCase(full: "Divers Kim Schmidt", expected: PersonName(salutation: "Divers", first: "Kim", last: "Schmidt")),
        FullNameCase(full: "Hans Peter Müller", expected: PersonName(first: "Hans Peter", last: "Müller")),
        FullNameCase(full: "Anna Müller-Lüdenscheidt", expected: PersonName(first: "Anna", last: "Müller-Lüdenscheidt")),
        FullNameCase(full: "Karl-Theodor zu Guttenberg", expected: PersonName(first: "Karl-Theodor", last: "zu Guttenberg")),
        FullNameCase(full: "Ursula von der Leyen", expected: PersonName(first: "Ursula", last: "von der Leyen")),
        FullNameCase(full: "Rafael van der Vaart", expected: PersonName(first: "Rafael", last: "van der Vaart")),
        FullNameCase(full: "Vincent van Gogh", expected: PersonName(first: "Vincent", last: "van Gogh")),
        FullNameCase(full: "Maria de Souza", expected: PersonName(first: "Maria", last: "de Souza")),
        FullNameCase(full: "von Müller", expected: PersonName(last: "von Müller")),
        FullNameCase(full: "Müller, Hans von", expected: PersonName(first: "Hans", last: "von Müller")),
        FullNameCase(full: "von der Müller, Hans", expected: PersonName(first: "Hans", last: "von der Müller")),
        FullNameCase(full: "Müller, Dr. Anna", expected: PersonName(title: "Dr.", first: "Anna", last: "Müller")),
        FullNameCase(full: "Müller, Anna, Dr.", expected: PersonName(title: "Dr.", first: "Anna", last: "Müller")),
        FullNameCase(full: "Herr Prof.Dr. Max Mustermann",
                     expected: PersonName(salutation: "Herr", title: "Prof. Dr.", first: "Max", last: "Mustermann")),
        FullNameCase(full: "Dipl.-Ing. Jörg Schmidt", expected: PersonName(title: "Dipl.-Ing.", first: "Jörg", last: "Schmidt")),
        FullNameCase(full: "Dr. med. Eva Klein", expected: PersonName(title: "Dr. med.", first: "Eva", last: "Klein")),
        FullNameCase(full: "Dr. rer. nat. Eva Klein", expected: PersonName(title: "Dr. rer. nat.", first: "Eva", last: "Klein")),
        FullNameCase(full: "Herr Herr", expected: PersonName(salutation: "Herr", last: "Herr")),
        FullNameCase(full: "Frau Dr.", expected: PersonName(salutation: "Frau", title: "Dr.")),
        FullNameCase(full: "  ANNA   MÜLLER  ", expected: PersonName(first: "ANNA", last: "MÜLLER")),
        FullNameCase(full: "Müller", expected: PersonName(last: "Müller")),
        FullNameCase(full: "Medizin Müller", expected: PersonName(first: "Medizin", last: "Müller")),
        // Generational suffixes go to the title, never into the last name.
        FullNameCase(full: "Mr John Smith Jr.", expected: PersonName(salutation: "Herr", title: "Jr.", first: "John", last: "Smith")),
        FullNameCase(full: "Smith, John Jr", expected: PersonName(title: "Jr", first: "John", last: "Smith")),
        FullNameCase(full: "Smith Jr., John", expected: PersonName(title: "Jr.", first: "John", last: "Smith")),
        FullNameCase(full: "Henry Ford III", expected: PersonName(title: "III", first: "Henry", last: "Ford")),
        FullNameCase(full: "Hans Müller sen.", expected: PersonName(title: "sen.", first: "Hans", last: "Müller")),
        FullNameCase(full: "Li Jun", expected: PersonName(first: "Li", last: "Jun")),     // a name, not junior
        FullNameCase(full: "Peter Jr", expected: PersonName(first: "Peter", last: "Jr")), // too short to drop
    ])
    func fullNames(testCase: FullNameCase) {
        #expect(NameNormalizer.parse(first: nil, last: nil, full: testCase.full) == testCase.expected)
    }

    struct FieldCase: CustomTestStringConvertible, Sendable {
        let first: String?
        let last: String?
        let full: String?
        let expected: PersonName
        var testDescription: String { "\(first ?? "nil") | \(last ?? "nil") | \(full ?? "nil")" }
    }

    @Test("Separate fields win over the full name, which only adds salutation and title", arguments: [
        FieldCase(first: "Anna", last: "Müller", full: nil, expected: PersonName(first: "Anna", last: "Müller")),
        FieldCase(first: " Anna ", last: "Müller ", full: "", expected: PersonName(first: "Anna", last: "Müller")),
        FieldCase(first: "Dr. Anna", last: "Müller", full: nil, expected: PersonName(title: "Dr.", first: "Anna", last: "Müller")),
        FieldCase(first: "Anna", last: "Müller", full: "Frau Dr. Anna Müller",
                  expected: PersonName(salutation: "Frau", title: "Dr.", first: "Anna", last: "Müller")),
        FieldCase(first: "Hans von", last: "Müller", full: nil, expected: PersonName(first: "Hans", last: "von Müller")),
        FieldCase(first: nil, last: "Müller, Anna", full: nil, expected: PersonName(first: "Anna", last: "Müller")),
        FieldCase(first: "Anna", last: nil, full: nil, expected: PersonName(first: "Anna")),
        FieldCase(first: "", last: "   ", full: "Anna Müller", expected: PersonName(first: "Anna", last: "Müller")),
        FieldCase(first: nil, last: nil, full: nil, expected: PersonName()),
        FieldCase(first: "", last: "", full: " \t ", expected: PersonName()),
    ])
    func fields(testCase: FieldCase) {
        #expect(NameNormalizer.parse(first: testCase.first, last: testCase.last, full: testCase.full) == testCase.expected)
    }

    @Test("Parsed parts are in Unicode NFC, whatever the source sent")
    func partsAreNFC() throws {
        let decomposed = "Mu\u{308}ller, Jo\u{308}rg"
        let name = NameNormalizer.parse(first: nil, last: nil, full: decomposed)
        let last = try #require(name.last)
        #expect(last.unicodeScalars.map(\.value) == "Müller".unicodeScalars.map(\.value))
        #expect(name.first?.unicodeScalars.count == 4)
    }

    @Test("Edge cases do not crash and keep what can be kept", arguments: [
        "😀", "😀 😀", ",", ",,,", "Dr. Dr. Dr.", "-", "'",
    ])
    func edgeCases(full: String) {
        let name = NameNormalizer.parse(first: nil, last: nil, full: full)
        // No part may be an empty string: missing parts are nil.
        for part in [name.salutation, name.title, name.first, name.last] {
            #expect(part.map { !$0.isEmpty } ?? true)
        }
    }

    @Test("A very long name is parsed in one piece")
    func veryLongName() {
        let longLast = String(repeating: "Müller-", count: 5_000) + "Schmidt"
        let name = NameNormalizer.parse(first: nil, last: nil, full: "Anna " + longLast)
        #expect(name.first == "Anna")
        #expect(name.last == longLast)
    }

    @Test("English, Dutch and French salutations leave the first name, as German ones do", arguments: [
        FullNameCase(full: "Mr John Smith", expected: PersonName(salutation: "Herr", first: "John", last: "Smith")),
        FullNameCase(full: "Mrs. Emma Brown", expected: PersonName(salutation: "Frau", first: "Emma", last: "Brown")),
        FullNameCase(full: "Ms Olivia Jones", expected: PersonName(salutation: "Frau", first: "Olivia", last: "Jones")),
        FullNameCase(full: "Mevr. Anke de Vries", expected: PersonName(salutation: "Frau", first: "Anke", last: "de Vries")),
        FullNameCase(full: "Dhr. Jan van der Berg", expected: PersonName(salutation: "Herr", first: "Jan", last: "van der Berg")),
        FullNameCase(full: "Smith, Mr John", expected: PersonName(salutation: "Herr", first: "John", last: "Smith")),
    ])
    func foreignSalutations(_ example: FullNameCase) {
        #expect(NameNormalizer.parse(first: nil, last: nil, full: example.full) == example.expected)
    }

    @Test("A salutation field gives the canonical salutation", arguments: [
        ("Herr", "Herr"), ("HERRN", "Herr"), (" Hr. ", "Herr"), ("hr", "Herr"), ("Frau", "Frau"), ("Fr.", "Frau"),
        ("divers", "Divers"), ("Herr Dr.", "Herr"), ("Frau Prof. Dr.", "Frau"),
        ("Mr", "Herr"), ("MRS.", "Frau"), ("Ms", "Frau"), ("Miss", "Frau"), ("Mx", "Divers"), ("Mevr.", "Frau"), ("Dhr.", "Herr"), ("Mme", "Frau"),
    ])
    func salutationField(raw: String, expected: String) {
        #expect(NameNormalizer.salutation(raw) == expected)
    }

    @Test("Anything else in a salutation field gives nil", arguments: ["", "  ", "Firma", "Familie Müller", "Dr. Herr", "Dr.", "😀"])
    func notASalutation(raw: String) {
        #expect(NameNormalizer.salutation(raw) == nil)
    }

    // MARK: - Match key

    @Test("Spellings of one name give one key", arguments: [
        ["Müller", "Mueller", "MÜLLER", "müller", "MUELLER", "Mu\u{308}ller", " Müller "],
        ["Weiß", "Weiss", "WEISS", "weiß", "WEIẞ"],
        ["Schröder", "Schroeder", "SCHRÖDER"],
        ["Jürgen", "Juergen"],
        ["Hans-Peter", "Hans Peter", "hans  peter", "Hans–Peter"],
        ["O'Brien", "O’Brien", "O Brien"],
        ["José", "Jose", "JOSÉ", "Jose\u{301}"],
        ["Łukasz", "Lukasz"],
        ["François", "Francois"],
        ["Øystein", "Oystein"],
        ["Ærø", "Aero"],
        ["Dvořák", "Dvorak"],
        ["Ștefan", "Stefan", "Ştefan"],
    ])
    func sameKey(spellings: [String]) {
        let keys = Set(spellings.map(NameNormalizer.matchKey))
        #expect(keys.count == 1, "\(keys)")
    }

    @Test("Keys are lower-case ASCII for Latin names", arguments: [
        ("Müller", "mueller"),
        ("Weiß", "weiss"),
        ("Dr. Hans-Peter von der Müller", "dr hans peter von der mueller"),
        ("  Anna\t\nMaria  ", "anna maria"),
        ("Zoë", "zoe"),
        ("Ĳsselmeer", "ijsselmeer"),
        ("Þór", "thor"),
        ("Mül\u{AD}ler", "mueller"),          // soft hyphen is invisible
        ("Anna😀Maria", "anna maria"),
        ("Müller & Söhne", "mueller soehne"),
        ("Straße 17", "strasse 17"),
        ("ΣΩΚΡΑΤΗΣ", "σωκρατησ"),            // other scripts: lower-cased, kept (final sigma is not special)
        ("Пётр", "пётр"),
    ])
    func keyValues(raw: String, expected: String) {
        #expect(NameNormalizer.matchKey(raw) == expected)
    }

    @Test("Different names keep different keys", arguments: [
        ("Müller", "Muller"),       // ü is ue, not u: Muller is another name
        ("Meier", "Meyer"),         // phonetics, not folding, makes these equal
        ("Anna", "Anne"),
    ])
    func differentKeys(a: String, b: String) {
        #expect(NameNormalizer.matchKey(a) != NameNormalizer.matchKey(b))
    }

    @Test("Empty and symbol-only text gives an empty key", arguments: ["", "   ", "😀", "-'.,", "\u{308}"])
    func emptyKeys(raw: String) {
        #expect(NameNormalizer.matchKey(raw) == "")
    }

    @Test("A very long string folds completely")
    func veryLongKey() {
        let raw = String(repeating: "Müller ", count: 20_000)
        let key = NameNormalizer.matchKey(raw)
        #expect(key.utf8.count == 20_000 * 8 - 1)
        #expect(key.hasPrefix("mueller mueller"))
    }
}
