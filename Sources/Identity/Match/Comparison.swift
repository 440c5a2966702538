import PipelineCore

/// One configured comparison: how two records agree on a field, as a level from strongest
/// (`exact`, level 0) to weakest, with `missing` (no evidence, weight 0) always last.
///
/// Levels per field:
/// - names: `exact` (same folded key), `close` (Jaro-Winkler ≥ `close`: a typo), `phonetic` (same
///   Kölner Phonetik or Double Metaphone code), `related` (Jaro-Winkler ≥ `related`, an initial, a
///   prefix or a part of at least 4 letters: `Susi`/`Susanne`, `Müller`/`Müller-Lüdenscheidt`), `far`;
/// - birth date: `exact`, `swapped` (day and month), `typo` (one digit or two neighbours),
///   `same_year` (a year alone on one side, `birth_year`, and the other's year agrees), `year_differs`,
///   `far` (`DateComparison`);
/// - e-mail: `exact`, `close` (at most `closeEdits` edits), `far`;
/// - phone: `exact`, `close` (at most `closeEdits` edits), `mobile_landline` (one a mobile number,
///   the other a landline: many people have both, so this says little), `far`;
/// - street (postcodes that differ by more than a typo make two streets; a record's second address
///   line counts as its street where that agrees better, at `close` or stronger): `exact` (street and house number), `same_street` (number differs or missing on one
///   side), `close` (Jaro-Winkler ≥ `close`, numbers not different), `same_number` (two streets, one
///   house number: a street line replaced or mistyped beyond recognition keeps its number, while two
///   people on two streets share one by chance, about one pair in 70), `far`;
/// - postcode: `exact`, `area` (same first three digits, or one digit typo), `far`;
/// - city: `exact`, `close` (one letter typed wrong, left out, added or swapped: `Pengun`/`Penguin`), `far`.
///
/// Address parts are nested, because they are not independent: with both streets known, the street
/// level already says whether the postcodes agree (a street agrees only within one postcode), so the
/// postcode is `missing`; with both postcodes the same or neighbours, the city is `missing` (but a
/// mistyped or unrelated postcode says nothing about the town, so there the city counts). Without that, two people
/// on different streets of one postcode would collect postcode and city agreement as if they were
/// independent evidence for a match.
///
/// A plain value (no arrays), so the pair loop copies it without reference counting.
public struct Comparison: Sendable, Equatable {
    public let field: ComparisonField
    /// The configured thresholds, each one the field uses filled in (as the model file records them).
    public let settings: ComparisonConfig
    let levelCount: UInt8
    let close: Double
    let related: Double
    let closeEdits: Int
    /// The street comparison is scored too: postcodes count only where a street is missing.
    var postcodeDefersToStreet = false
    /// The postcode comparison is scored too: cities count only where a postcode is missing.
    var cityDefersToPostcode = false

    public init(_ config: ComparisonConfig) {
        let standard = ComparisonConfig.standard(config.field)
        field = config.field
        settings = ComparisonConfig(field: config.field, close: config.close ?? standard.close,
                                    related: config.related ?? standard.related, closeEdits: config.closeEdits ?? standard.closeEdits)
        levelCount = UInt8(Self.levelNames(config.field).count)
        close = config.close ?? standard.close ?? 1
        related = config.related ?? standard.related ?? 1
        closeEdits = config.closeEdits ?? standard.closeEdits ?? 1
    }

    /// Level names, strongest first; the last is `missing`.
    public var levels: [String] { Self.levelNames(field) }

    public static func levelNames(_ field: ComparisonField) -> [String] {
        switch field {
        case .firstName, .lastName: return ["exact", "close", "phonetic", "related", "far", "missing"]
        case .birthDate: return ["exact", "swapped", "typo", "same_year", "year_differs", "far", "missing"]
        case .email: return ["exact", "close", "far", "missing"]
        case .phone: return ["exact", "close", "mobile_landline", "far", "missing"]
        case .street: return ["exact", "same_street", "close", "same_number", "far", "missing"]
        case .postcode: return ["exact", "area", "far", "missing"]
        case .city: return ["exact", "close", "far", "missing"]
        }
    }

    public var missingLevel: UInt8 { levelCount - 1 }
    /// The level that means "clearly different" (the one before `missing`).
    public var farLevel: UInt8 { levelCount - 2 }

    /// The street level of two streets whose house numbers agree: from here on the street names
    /// (or their postcodes) say two streets.
    static let streetSameNumber: UInt8 = 3
    /// The weakest street level a second address line may give (`close`): agreement on the street
    /// itself, not a shared house number.
    static let streetCrossedBest: UInt8 = 2

    /// The level of records `a` and `b`.
    /// - Complexity: O(1) for exact agreement; Jaro-Winkler or an edit distance over the two values otherwise.
    @inline(__always)
    func level(_ a: RecordFeatures, _ b: RecordFeatures, _ view: FeatureView) -> UInt8 {
        switch field {
        case .firstName: return nameLevel(a.firstName, b.firstName, view.firstNames)
        case .lastName: return nameLevel(a.lastName, b.lastName, view.lastNames)
        case .birthDate: return UInt8(DateComparison.level(yyyymmdd: a.birthDate, b.birthDate).rawValue)
        case .email:
            if a.more < 0 && b.more < 0 { return editLevel(a.email, b.email, view.emails) }
            return bestLevel(a.email, a.more, b.email, b.more, view.moreEmails) { editLevel($0, $1, view.emails) }
        case .phone:
            if a.more < 0 && b.more < 0 { return phoneLevel(a.phone, b.phone, view.phones) }
            return bestLevel(a.phone, a.more, b.phone, b.more, view.morePhones) { phoneLevel($0, $1, view.phones) }
        case .street:
            let level = streetLevel(a.street, b.street, a, b, view.streets)
            guard level > Self.streetCrossedBest, a.street2 >= 0 || b.street2 >= 0 else { return level }
            // A record's second line against the other's street (two exports that swap the lines):
            // it can only show agreement; a line 2 that differs from a street says nothing.
            var best = level
            if a.street2 >= 0 { best = min(best, streetLevel(a.street2, b.street, a, b, view.streets)) }
            if b.street2 >= 0 { best = min(best, streetLevel(a.street, b.street2, a, b, view.streets)) }
            return best <= Self.streetCrossedBest ? best : level
        case .postcode:
            if a.postcode < 0 || b.postcode < 0 { return 3 }
            if postcodeDefersToStreet && a.street >= 0 && b.street >= 0 { return 3 }
            if a.postcode == b.postcode { return 0 }
            guard a.postcodeDigits >= 0, b.postcodeDigits >= 0 else { return 2 }
            return a.postcodeDigits / 100 == b.postcodeDigits / 100 || Self.isDigitTypo(a.postcodeDigits, b.postcodeDigits) ? 1 : 2
        case .city:
            if a.city < 0 || b.city < 0 { return 3 }
            if cityDefersToPostcode && a.postcode >= 0 && b.postcode >= 0 && Self.postcodesSayCity(a, b) { return 3 }
            if a.city == b.city { return 0 }
            return Self.withinOneEdit(view.cities[a.city], view.cities[b.city]) ? 1 : 2
        }
    }

    /// True when two known postcodes already say whether the records share a town: the same
    /// postcode, or two neighbouring ones (same leading digits, `10115`/`10178`). A postcode that is
    /// one typo from the other (`2143`/`2134`, `3056`/`8056`) or unrelated to it says nothing about
    /// the town: a mistyped, outdated or replaced postcode. There the city is evidence of its own.
    @inline(__always)
    static func postcodesSayCity(_ a: RecordFeatures, _ b: RecordFeatures) -> Bool {
        if a.postcode == b.postcode { return true }
        guard a.postcodeDigits >= 0, b.postcodeDigits >= 0 else { return false }
        return a.postcodeDigits / 100 == b.postcodeDigits / 100 && !isDigitTypo(a.postcodeDigits, b.postcodeDigits)
    }

    /// exact 0, close 1, mobile_landline 2, far 3, missing 4.
    @inline(__always)
    func phoneLevel(_ a: Int32, _ b: Int32, _ phones: ArenaView<UInt8>) -> UInt8 {
        let level = editLevel(a, b, phones)
        guard level >= 2 else { return level }
        if level == 3 { return 4 }
        let x = phones[a], y = phones[b]
        guard let mobileX = PhoneNormalizer.isMobile(e164: x), let mobileY = PhoneNormalizer.isMobile(e164: y),
              mobileX != mobileY else { return 3 }
        return 2
    }

    /// The strongest level of any value of one record with any of the other, for records with
    /// several e-mails or phones: two records agree if any pair of their values agrees.
    /// - Complexity: O(p · q) single comparisons for p and q values; stops at the first exact one.
    func bestLevel(_ a: Int32, _ aMore: Int32, _ b: Int32, _ bMore: Int32, _ more: MoreView,
                   _ level: (Int32, Int32) -> UInt8) -> UInt8 {
        var best = levelCount - 1
        more.forEach(a, aMore) { x in
            more.forEach(b, bMore) { y in
                best = min(best, level(x, y))
                return best > 0
            }
            return best > 0
        }
        return best
    }

    /// The name level of two name numbers of `names` (for guards and tests; the pair loop uses views).
    func nameLevel(_ a: Int32, _ b: Int32, _ names: NameValues) -> UInt8 {
        names.withView { nameLevel(a, b, $0) }
    }

    /// exact 0, close 1, phonetic 2, related 3, far 4, missing 5.
    @inline(__always)
    func nameLevel(_ a: Int32, _ b: Int32, _ names: NameView) -> UInt8 {
        if a < 0 || b < 0 { return 5 }
        if a == b { return 0 }
        let x = names.scalars[a], y = names.scalars[b]
        let similarity = StringSimilarity.jaroWinkler(x, y)
        if similarity >= close || Self.isTransposition(x, y) { return 1 }
        if names.soundAlike(a, b) { return 2 }
        if similarity >= related || Self.isPart(x, of: y) { return 3 }
        return 4
    }

    /// True when two numbers (postcodes) differ by one digit or two neighbouring digits swapped
    /// (`7454`/`4754`, `2283`/`2284`).
    /// - Complexity: O(digits), no allocation.
    static func isDigitTypo(_ x: Int32, _ y: Int32) -> Bool {
        var a = x, b = y
        var differences = 0
        var previous: (Int32, Int32)?
        var swapped = false
        while a > 0 || b > 0 {
            let p = a % 10, q = b % 10
            if p != q {
                differences += 1
                if let (lastP, lastQ) = previous, lastP == q, lastQ == p { swapped = true }
                previous = (p, q)
            } else {
                previous = nil
            }
            a /= 10
            b /= 10
        }
        return differences == 1 || (differences == 2 && swapped)
    }

    /// True when `x` and `y` differ only by two neighbouring letters swapped (`Kim`/`iKm`,
    /// `Mikhayla`/`Mikhalya`): a typo that Jaro-Winkler scores low on short names.
    /// - Complexity: O(n), no allocation.
    static func isTransposition(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>) -> Bool {
        guard x.count == y.count, x.count >= 2 else { return false }
        var i = 0
        while i < x.count && x[i] == y[i] { i += 1 }
        guard i + 1 < x.count, x[i] == y[i + 1], x[i + 1] == y[i] else { return false }
        var j = i + 2
        while j < x.count && x[j] == y[j] { j += 1 }
        return j == x.count
    }

    /// The levels of a first and a last name keyed into each other's fields (`Hannagan Mikhayla` /
    /// `Mikhayla Hannagan`), or nil when the crossed names are not both the same or a typo.
    /// - Complexity: two Jaro-Winkler similarities, only for pairs whose crossed initials agree.
    @inline(__always)
    func swappedNameLevels(_ a: RecordFeatures, _ b: RecordFeatures, _ view: FeatureView) -> (first: UInt8, last: UInt8)? {
        guard a.firstName >= 0, a.lastName >= 0, b.firstName >= 0, b.lastName >= 0 else { return nil }
        let aFirst = view.firstNames.scalars[a.firstName], aLast = view.lastNames.scalars[a.lastName]
        let bFirst = view.firstNames.scalars[b.firstName], bLast = view.lastNames.scalars[b.lastName]
        guard let p = aFirst.first, let q = bLast.first, let r = aLast.first, let s = bFirst.first, p == q, r == s else { return nil }
        func level(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>) -> UInt8? {
            if x.elementsEqual(y) { return 0 }
            return StringSimilarity.jaroWinkler(x, y) >= close || Self.isTransposition(x, y) ? 1 : nil
        }
        guard let first = level(aFirst, bLast), let last = level(aLast, bFirst) else { return nil }
        return (first, last)
    }

    /// True when the shorter name starts the longer one (an initial, `Max`/`Maximilian`) or is a
    /// run of at least four letters inside it (`Tina`/`Christina`, `Müller`/`Lüdenscheidt-Müller`).
    static func isPart(_ x: UnsafeBufferPointer<UInt32>, of y: UnsafeBufferPointer<UInt32>) -> Bool {
        let (short, long) = x.count <= y.count ? (x, y) : (y, x)
        guard !short.isEmpty, short.count < long.count else { return false }
        if long.starts(with: short) { return true }
        guard short.count >= 4 else { return false }
        let last = long.count - short.count
        for start in 1...last where long[start] == short[0] {
            var matches = true
            for offset in 1..<short.count where long[start + offset] != short[offset] {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// exact 0, close 1, far 2, missing 3.
    ///
    /// For e-mail, one edit is `close` only when it touches letters: a typo (`anna.mulelr@…`), not
    /// a digit or separator (`mueller61@…` / `mueller11@…`, `peter_schmidt@…` / `peterschmidt@…`),
    /// because addresses are built from names and namesakes differ in exactly those.
    @inline(__always)
    func editLevel(_ a: Int32, _ b: Int32, _ values: ArenaView<UInt8>) -> UInt8 {
        if a < 0 || b < 0 { return 3 }
        if a == b { return 0 }
        let x = values[a], y = values[b]
        if closeEdits == 1 { return Self.withinOneEdit(x, y, onlyLetters: field == .email) ? 1 : 2 }
        guard abs(x.count - y.count) <= closeEdits else { return 2 }
        return StringSimilarity.damerauLevenshtein(x, y, maxDistance: closeEdits) <= closeEdits ? 1 : 2
    }

    /// Optimal string alignment distance ≤ 1: one substitution, insertion, deletion or swap of
    /// neighbours; with `onlyLetters`, every byte the edit touches must be an ASCII letter.
    /// - Complexity: O(n), no allocation.
    static func withinOneEdit(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, onlyLetters: Bool = false) -> Bool {
        let n = x.count, m = y.count
        guard abs(n - m) <= 1 else { return false }
        var i = 0
        let shorter = min(n, m)
        while i < shorter && x[i] == y[i] { i += 1 }
        if i == n && i == m { return true }
        if onlyLetters {
            @inline(__always) func letter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
            if i < n && !letter(x[i]) { return false }
            if i < m && !letter(y[i]) { return false }
        }
        func equal(_ fromA: Int, _ fromB: Int) -> Bool {
            guard n - fromA == m - fromB else { return false }
            var p = fromA, q = fromB
            while p < n {
                if x[p] != y[q] { return false }
                p += 1
                q += 1
            }
            return true
        }
        if n == m {
            if equal(i + 1, i + 1) { return true }
            return i + 1 < n && x[i] == y[i + 1] && x[i + 1] == y[i] && equal(i + 2, i + 2)
        }
        return n > m ? equal(i + 1, i) : equal(i, i + 1)
    }

    /// The same on arrays (tests).
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8], onlyLetters: Bool = false) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in withinOneEdit(x, y, onlyLetters: onlyLetters) } }
    }

    /// exact 0, same_street 1, close 2, same_number 3, far 4, missing 5.
    @inline(__always)
    func streetLevel(_ streetA: Int32, _ streetB: Int32, _ a: RecordFeatures, _ b: RecordFeatures, _ streets: NameView) -> UInt8 {
        if streetA < 0 || streetB < 0 { return 5 }
        let numbersAgree = a.houseNumber >= 0 && a.houseNumber == b.houseNumber
        // Two streets: `same_number` where the house numbers agree, `far` otherwise.
        let twoStreets: UInt8 = numbersAgree ? Self.streetSameNumber : 4
        // One street name in two postcodes is two streets, unless one postcode is a typo of the other.
        if a.postcode >= 0 && b.postcode >= 0 && a.postcode != b.postcode
            && !(a.postcodeDigits >= 0 && b.postcodeDigits >= 0 && Self.isDigitTypo(a.postcodeDigits, b.postcodeDigits)) { return twoStreets }
        let numbersDiffer = a.houseNumber >= 0 && b.houseNumber >= 0 && a.houseNumber != b.houseNumber
        if streetA == streetB {
            return numbersAgree ? 0 : 1
        }
        if !numbersDiffer, StringSimilarity.jaroWinkler(streets.scalars[streetA], streets.scalars[streetB]) >= close {
            return 2
        }
        return twoStreets
    }
}

/// The levels of all comparisons of one pair, 4 bits each (comparison 0 in the lowest bits).
public typealias ComparisonPattern = UInt32

extension ComparisonPattern {
    @inline(__always)
    func level(_ comparison: Int) -> Int { Int((self >> UInt32(4 * comparison)) & 0xF) }

    /// The level of comparison number `comparison` (an index into `Comparison.levels`).
    public func levelNumber(_ comparison: Int) -> Int { level(comparison) }
}

/// The comparisons of a model, applied together.
public struct ComparisonSet: Sendable, Equatable {
    public let comparisons: [Comparison]

    public init(_ configs: [ComparisonConfig]) {
        precondition(configs.count <= 8, "at most 8 comparisons fit a pattern")
        let fields = Set(configs.map(\.field))
        comparisons = configs.map { config in
            var comparison = Comparison(config)
            comparison.postcodeDefersToStreet = fields.contains(.street)
            comparison.cityDefersToPostcode = fields.contains(.postcode)
            return comparison
        }
    }

    /// True when a pair agrees on nothing but names and place: no exact e-mail, no exact or close
    /// phone, no birth date or street agreement (exact, or close to it). A close e-mail is weak:
    /// addresses are built from names (`mueller12@…`, `mueller13@…`), so namesakes have close ones.
    public func isWeak(_ pattern: ComparisonPattern) -> Bool {
        for (index, comparison) in comparisons.enumerated() {
            let level = pattern.level(index)
            switch comparison.field {
            case .email: if level == 0 { return false }
            case .phone: if level <= 1 { return false }
            case .birthDate, .street: if level <= 2 { return false }
            case .firstName, .lastName, .postcode, .city: continue
            }
        }
        return true
    }

    /// The levels of records `a` and `b` (outside hot loops; those use `withComparer`).
    func pattern(_ a: Int, _ b: Int, _ table: FeatureTable) -> ComparisonPattern {
        withComparer(table) { $0.pattern(a, b) }
    }

    /// Runs `body` with a comparer whose pointers stay valid for the whole call: one work item.
    func withComparer<R>(_ table: FeatureTable, _ body: (PairComparer) throws -> R) rethrows -> R {
        try comparisons.withUnsafeBufferPointer { rules in
            try table.withView { view in try body(PairComparer(view: view, rules: rules)) }
        }
    }
}

/// Compares record pairs through pointer views: no reference counting in the pair loop, so two
/// threads never contend for one array's reference count.
struct PairComparer {
    let view: FeatureView
    let rules: UnsafeBufferPointer<Comparison>
    /// Where the first-name and last-name comparisons are (-1: not scored).
    let firstNameIndex: Int
    let lastNameIndex: Int
    let streetIndex: Int
    let postcodeIndex: Int
    let cityIndex: Int

    init(view: FeatureView, rules: UnsafeBufferPointer<Comparison>) {
        self.view = view
        self.rules = rules
        firstNameIndex = rules.firstIndex { $0.field == .firstName } ?? -1
        lastNameIndex = rules.firstIndex { $0.field == .lastName } ?? -1
        streetIndex = rules.firstIndex { $0.field == .street } ?? -1
        postcodeIndex = rules.firstIndex { $0.field == .postcode } ?? -1
        cityIndex = rules.firstIndex { $0.field == .city } ?? -1
    }

    /// The levels of records `a` and `b`. First and last name keyed into each other's fields count
    /// as the crossed levels when that agrees better than the names as given.
    @inline(__always)
    func pattern(_ a: Int, _ b: Int) -> ComparisonPattern {
        let x = view.records[a], y = view.records[b]
        var pattern: ComparisonPattern = 0
        for index in 0..<rules.count {
            pattern |= ComparisonPattern(rules[index].level(x, y, view)) << UInt32(4 * index)
        }
        if firstNameIndex >= 0, lastNameIndex >= 0 {
            let first = pattern.level(firstNameIndex), last = pattern.level(lastNameIndex)
            // Only where neither name agrees as given (far or related at best).
            if first >= 3, last >= 3, first != Int(rules[firstNameIndex].missingLevel),
               let crossed = rules[firstNameIndex].swappedNameLevels(x, y, view) {
                pattern &= ~(0xF << UInt32(4 * firstNameIndex) | 0xF << UInt32(4 * lastNameIndex))
                pattern |= ComparisonPattern(crossed.first) << UInt32(4 * firstNameIndex)
                pattern |= ComparisonPattern(crossed.last) << UInt32(4 * lastNameIndex)
            }
        }
        // Two different street names in one postcode: the postcode is evidence of its own again (a
        // street line replaced or mistyped beyond recognition), not already said by the street.
        if streetIndex >= 0, postcodeIndex >= 0, pattern.level(streetIndex) >= Int(Comparison.streetSameNumber),
           pattern.level(streetIndex) != Int(rules[streetIndex].missingLevel), x.postcode >= 0, y.postcode >= 0 {
            var postcode = rules[postcodeIndex]
            postcode.postcodeDefersToStreet = false
            pattern &= ~(0xF << UInt32(4 * postcodeIndex))
            pattern |= ComparisonPattern(postcode.level(x, y, view)) << UInt32(4 * postcodeIndex)
        }
        // A street agreeing through a second line (one main street missing) already says the postcode.
        if streetIndex >= 0, postcodeIndex >= 0, pattern.level(streetIndex) <= Int(Comparison.streetCrossedBest),
           x.street < 0 || y.street < 0 {
            pattern &= ~(0xF << UInt32(4 * postcodeIndex))
            pattern |= ComparisonPattern(rules[postcodeIndex].missingLevel) << UInt32(4 * postcodeIndex)
        }
        // A town agreeing where both postcodes are known but do not say it is evidence only where
        // the streets say nothing either: an agreeing street already says the town, and two different streets of
        // one town are two addresses (namesakes in one town look just like that). What is left is
        // one street line whose postcode was mistyped or replaced, or a street on one side only.
        if cityIndex >= 0, streetIndex >= 0, postcodeIndex >= 0, pattern.level(cityIndex) < Int(rules[cityIndex].farLevel),
           x.postcode >= 0, y.postcode >= 0, x.street >= 0, y.street >= 0,
           pattern.level(streetIndex) < Int(Comparison.streetSameNumber)
            || (x.street != y.street
                && StringSimilarity.jaroWinkler(view.streets.scalars[x.street], view.streets.scalars[y.street]) < rules[streetIndex].close) {
            pattern &= ~(0xF << UInt32(4 * cityIndex))
            pattern |= ComparisonPattern(rules[cityIndex].missingLevel) << UInt32(4 * cityIndex)
        }
        return pattern
    }
}
