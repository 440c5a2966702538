import Foundation

/// Splits person names from exports into salutation, title, first and last name, and folds
/// names into the key they are compared by.
///
/// Exports give names as separate fields, as `Nachname, Vorname`, or as `Vorname Nachname` with
/// salutations and titles mixed in; matching needs the parts apart and spelled one way.
public enum NameNormalizer {
    /// The folded comparison form of a name, street or city.
    ///
    /// NFC, lower-case, ä→ae ö→oe ü→ue ß→ss, other accents stripped (é→e, ł→l, ø→o), hyphens,
    /// apostrophes and other punctuation become a space, white space collapsed and trimmed.
    /// So `Müller`, `Mueller`, `MÜLLER` and `Mu\u{308}ller` give `mueller`, and `Weiß` gives `weiss`.
    /// Letters of other scripts are lower-cased and kept; symbols and emoji act as separators.
    /// - Complexity: O(n) in the UTF-8 length; no Foundation call.
    public static func matchKey(_ s: String) -> String {
        String(decoding: TextFolding.matchKeyBytes(s), as: UTF8.self)
    }

    /// Parses a name from separate fields, a full-name field, or both.
    ///
    /// When `first` or `last` has text, the fields win and `full` only supplies a salutation or title
    /// the fields lack. A lone `last` that contains a comma (`Müller, Anna`) is read as a full name.
    /// Full names are read as `Nachname, Vorname` when they contain a comma, else as
    /// `Vorname Nachname`, where the last name starts at the first particle (`von`, `zu`, `von der`,
    /// `van`, `van der`, `de`, ...) or else is the last word. Salutations (`Herr`, `Frau`, `Divers`,
    /// `Hr.`, `Fr.`) and titles (`Dr.`, `Prof.`, `Prof. Dr.`, `Dipl.-Ing.`, `Dr. med.`, ...) are split
    /// off the front of either part. A last name of two words without a hyphen cannot be told from
    /// a second given name and is read as given name + last name. Generational suffixes (`Jr.`,
    /// `III`) go to the title.
    public static func parse(first: String?, last: String?, full: String?) -> PersonName {
        var name = PersonName()
        let firstText = cleaned(first)
        let lastText = cleaned(last)

        if firstText == nil, let lastText, lastText.contains(",") {
            parseFull(lastText, into: &name)
        } else if firstText != nil || lastText != nil {
            var firstWords = words(firstText)
            var lastWords = words(lastText)
            peelPrefixes(&firstWords, into: &name)
            peelPrefixes(&lastWords, into: &name)
            peelSuffixes(&lastWords, keeping: 1, into: &name)
            moveTrailingParticles(from: &firstWords, to: &lastWords)
            name.first = joined(firstWords)
            name.last = joined(lastWords)
        } else if let fullText = cleaned(full) {
            parseFull(fullText, into: &name)
            return name
        }

        if name.salutation == nil || name.title == nil, let fullText = cleaned(full) {
            var fromFull = PersonName()
            parseFull(fullText, into: &fromFull)
            name.salutation = name.salutation ?? fromFull.salutation
            name.title = name.title ?? fromFull.title
        }
        return name
    }

    // MARK: - Full names

    private static func parseFull(_ text: String, into name: inout PersonName) {
        if let comma = text.firstIndex(of: ",") {
            var lastWords = words(String(text[..<comma]))
            // Further commas ("Müller, Anna, Dr.") only separate words of the given-name part.
            var firstWords = text[text.index(after: comma)...].split(separator: ",").flatMap { words(String($0)) }
            peelPrefixes(&lastWords, into: &name)
            peelPrefixes(&firstWords, into: &name, anywhere: true)
            peelSuffixes(&lastWords, keeping: 1, into: &name)
            peelSuffixes(&firstWords, keeping: 1, into: &name)
            moveTrailingParticles(from: &firstWords, to: &lastWords)
            name.first = joined(firstWords)
            name.last = joined(lastWords)
            return
        }
        var all = words(text)
        peelPrefixes(&all, into: &name)
        peelSuffixes(&all, keeping: 2, into: &name)
        guard all.count > 1 else {
            name.last = joined(all)
            return
        }
        // A leading particle (`von Müller`) makes the whole text a last name.
        let split = all.indices.first { isParticle(all[$0]) && $0 < all.count - 1 } ?? all.count - 1
        name.first = joined(Array(all[..<split]))
        name.last = joined(Array(all[split...]))
    }

    /// Moves particles written after the given names (`Müller, Hans von`) to the front of the last name.
    private static func moveTrailingParticles(from firstWords: inout [String], to lastWords: inout [String]) {
        guard !lastWords.isEmpty else { return }
        var moved: [String] = []
        while firstWords.count > 1, let tail = firstWords.last, isParticle(tail) {
            moved.insert(tail, at: 0)
            firstWords.removeLast()
        }
        lastWords.insert(contentsOf: moved, at: 0)
    }

    // MARK: - Salutations and titles

    /// Removes salutations and titles from the front of `words` (or from anywhere, for the given-name
    /// part of a `Nachname, Vorname` name) and records them in `name`.
    private static func peelPrefixes(_ words: inout [String], into name: inout PersonName, anywhere: Bool = false) {
        var titles: [String] = []
        var kept: [String] = []
        var inPrefix = true
        for word in words {
            guard inPrefix || anywhere else {
                kept.append(word)
                continue
            }
            if name.salutation == nil, let salutation = salutation(word: word) {
                name.salutation = salutation
            } else if let parts = titleParts(word, afterTitle: !titles.isEmpty) {
                titles.append(contentsOf: parts)
            } else {
                inPrefix = false
                kept.append(word)
            }
        }
        words = kept
        if !titles.isEmpty {
            let title = titles.joined(separator: " ")
            name.title = name.title.map { $0 + " " + title } ?? title
        }
    }

    /// Moves generational suffixes (`Jr.`, `Sr`, `III`, `jun.`) from the end of `words` to the
    /// title, leaving at least `keeping` words. Left in place, `Mr John Smith Jr.` had the last name
    /// `Jr.` and the first name `John Smith`; dropped, a father and son at one address would read alike.
    private static func peelSuffixes(_ words: inout [String], keeping: Int, into name: inout PersonName) {
        var suffixes: [String] = []
        while words.count > keeping, let last = words.last, isGenerationalSuffix(last) {
            suffixes.insert(words.removeLast(), at: 0)
        }
        guard !suffixes.isEmpty else { return }
        let suffix = suffixes.joined(separator: " ")
        name.title = name.title.map { $0 + " " + suffix } ?? suffix
    }

    /// `Jr`, `Jr.`, `Sr`, `Sr.`, `II`, `III`, `IV`, `Jun.`, `Sen.` (the German forms only with their
    /// dot: `Jun` is also a given name).
    private static func isGenerationalSuffix(_ word: String) -> Bool {
        switch asciiLowercased(word) {
        case "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "jun.", "sen.": return true
        default: return false
        }
    }

    /// The canonical salutation (`Herr`, `Frau`, `Divers`) of a salutation field, or nil.
    ///
    /// For exports with a separate salutation column: `Hr.`, `HERRN`, ` frau `, `Herr Dr.`, `Mrs`
    /// are recognised by their first word; anything else (`Firma`, `Familie`, empty) gives nil.
    public static func salutation(_ raw: String) -> String? {
        guard let first = cleaned(raw)?.split(separator: " ").first else { return nil }
        return salutation(word: String(first))
    }

    /// English, Dutch and French forms mean the same (`Mr` → `Herr`, `Mevr.` → `Frau`): the
    /// warehouse keeps one set, and left unrecognised they stayed in the first name (`Mr John`).
    private static func salutation(word: String) -> String? {
        switch asciiLowercased(word) {
        case "herr", "herrn", "hr.", "hr", "hrn.", "mr", "mr.", "mister", "dhr", "dhr.", "monsieur": return "Herr"
        case "frau", "fr.", "fr", "mrs", "mrs.", "ms", "ms.", "miss", "mevr", "mevr.", "mevrouw", "mme", "mme.", "madame": return "Frau"
        case "divers", "mx", "mx.": return "Divers"
        default: return nil
        }
    }

    /// Titles that can stand first (`dr`, `prof` also without their dot).
    private static let titleStarters: Set<String> = [
        "dr.", "dr", "prof.", "prof", "dr.-ing.", "dr.-ing", "dipl.-ing.", "dipl.-kfm.", "dipl.-kffr.",
        "dipl.-inf.", "dipl.-math.", "dipl.-phys.", "dipl.-psych.", "dipl.-päd.", "dipl.-oec.", "dipl.",
        "ing.", "mag.", "priv.-doz.", "doz.", "pd",
    ]
    /// Words that only count as part of a title after one (`Dr. med.`, `Dr. rer. nat.`, `Dr. h.c.`).
    private static let titleContinuations: Set<String> = [
        "med.", "dent.", "vet.", "rer.", "nat.", "pol.", "phil.", "jur.", "oec.", "soc.", "h.c.",
        "habil.", "mult.", "ing.", "sc.", "techn.", "theol.", "dr.", "dr", "prof.", "prof", "dr.-ing.",
    ]

    /// The title pieces of `word` (`Prof.Dr.` gives `Prof.` and `Dr.`), or nil when it is no title.
    private static func titleParts(_ word: String, afterTitle: Bool) -> [String]? {
        let lower = asciiLowercased(word)
        if titleStarters.contains(lower) || (afterTitle && titleContinuations.contains(lower)) {
            return [word]
        }
        // Titles written without spaces: split after each dot and check every piece.
        guard lower.contains(".") else { return nil }
        var pieces: [String] = []
        var start = word.utf8.startIndex
        for index in word.utf8.indices where word.utf8[index] == UInt8(ascii: ".") {
            let end = word.utf8.index(after: index)
            pieces.append(String(word[start..<end]))
            start = end
        }
        if start != word.utf8.endIndex { pieces.append(String(word[start...])) }
        guard pieces.count > 1 else { return nil }
        var seenTitle = afterTitle
        for piece in pieces {
            let pieceLower = asciiLowercased(piece)
            guard titleStarters.contains(pieceLower) || (seenTitle && titleContinuations.contains(pieceLower))
            else { return nil }
            seenTitle = true
        }
        return pieces
    }

    /// The folded last name without leading particles (`von der Heide` → `heide`), the key last
    /// names are compared and blocked by: exports drop particles or move them behind the given name.
    /// A name that is only particles keeps them (`Van` stays `van`).
    public static func lastNameKey(_ last: String) -> String {
        let key = matchKey(last)
        var words = key.split(separator: " ")
        while words.count > 1, particles.contains(String(words[0])) { words.removeFirst() }
        return words.count == key.split(separator: " ").count ? key : words.joined(separator: " ")
    }

    // MARK: - Particles

    private static let particles: Set<String> = [
        "von", "vom", "zu", "zum", "zur", "van", "de", "der", "den", "ten", "ter",
        "di", "da", "del", "della", "du", "dos",
    ]

    private static func isParticle(_ word: String) -> Bool {
        particles.contains(asciiLowercased(word))
    }

    // MARK: - Text helpers

    /// Trimmed, white space collapsed, NFC; nil when nothing is left.
    static func cleaned(_ raw: String?) -> String? {
        guard let raw else { return nil }
        var text = TextFolding.collapsingWhitespace(raw)
        if !TextFolding.isTriviallyNFC(text) {
            text = text.precomposedStringWithCanonicalMapping
        }
        return text.isEmpty ? nil : text
    }

    private static func words(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: " ").map(String.init)
    }

    private static func joined(_ words: [String]) -> String? {
        words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// Lower-cases ASCII letters only: enough for the keyword sets, and locale-independent.
    private static func asciiLowercased(_ word: String) -> String {
        String(decoding: word.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
