/// Numbers distinct text values in order of first appearance, so records can hold an `Int32`
/// instead of a `String` and equality is one integer comparison.
///
/// Why: a million records share a few thousand names and cities; comparing numbers is cheaper than
/// comparing text, and one copy of each value is much smaller than one per record.
struct Interner {
    private(set) var values: [String] = []
    private(set) var counts: [Int32] = []
    private var index: [String: Int32] = [:]

    init(capacity: Int = 0) {
        index.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        counts.reserveCapacity(capacity)
    }

    /// The number of `value` (-1 for nil or empty), counting how many records hold it.
    mutating func intern(_ value: String?) -> Int32 {
        guard let value, !value.isEmpty else { return -1 }
        if let id = index[value] {
            counts[Int(id)] += 1
            return id
        }
        let id = Int32(values.count)
        index[value] = id
        values.append(value)
        counts.append(1)
        return id
    }

    /// The number of `value` without counting it (-1 when it was never interned).
    func lookup(_ value: String) -> Int32 { index[value] ?? -1 }

    /// The values and their counts; the look-up table is left behind.
    func frozen() -> TextValues { TextValues(values: values, counts: counts) }
}

/// The distinct values of one field after loading, with how many records hold each.
public struct TextValues: Sendable {
    public let values: [String]
    public let counts: [Int32]
    /// The UTF-8 bytes of each value, for edit distances without re-encoding.
    let bytes: Arena<UInt8>
    /// Records that hold a value of this field.
    public let total: Int

    init(values: [String], counts: [Int32], withBytes: Bool = false) {
        self.values = values
        self.counts = counts
        bytes = withBytes ? Arena(values.map { Array($0.utf8) }) : Arena([])
        total = counts.reduce(0) { $0 + Int($1) }
    }

    func withBytes() -> TextValues { TextValues(values: values, counts: counts, withBytes: true) }

    public subscript(id: Int32) -> String? { id >= 0 ? values[Int(id)] : nil }
    public var count: Int { values.count }
}

/// The distinct folded keys of a name field with everything the name comparisons need, computed
/// once per distinct name instead of once per pair.
public struct NameValues: Sendable {
    /// Folded keys (`NameNormalizer.matchKey`; last names without leading particles).
    public let keys: TextValues
    /// Unicode scalars of each key, the input of Jaro-Winkler.
    let scalars: Arena<UInt32>
    /// Kölner Phonetik code number of each key (-1: no code).
    let koelner: [Int32]
    /// Double Metaphone primary and alternate code numbers.
    let metaphone: [Int32]
    let metaphoneAlternate: [Int32]
    /// The distinct code texts, for `id_record`.
    public let koelnerCodes: [String]
    public let metaphoneCodes: [String]

    /// Names and streets are compared on at most this many characters: Jaro-Winkler is quadratic
    /// in the length, so two 256 KiB street values in one block would stall the night. Longer
    /// values agree exactly only when equal in full (their numbers differ), so only fuzzy levels
    /// are decided on the prefix.
    public static let comparedPrefix = 100

    init(keys: TextValues) {
        self.keys = keys
        scalars = Arena(keys.values.map { Array(StringSimilarity.scalars($0).prefix(Self.comparedPrefix)) })
        var koelnerCodes = Interner()
        var metaphoneCodes = Interner()
        var koelner: [Int32] = []
        var metaphone: [Int32] = []
        var alternate: [Int32] = []
        for key in keys.values {
            koelner.append(koelnerCodes.intern(Phonetics.koelner(key)))
            let codes = Phonetics.doubleMetaphone(key)
            metaphone.append(metaphoneCodes.intern(codes.primary))
            alternate.append(metaphoneCodes.intern(codes.alternate))
        }
        self.koelner = koelner
        self.metaphone = metaphone
        metaphoneAlternate = alternate
        self.koelnerCodes = koelnerCodes.values
        self.metaphoneCodes = metaphoneCodes.values
    }

    public func koelnerCode(_ id: Int32) -> String? {
        id >= 0 && koelner[Int(id)] >= 0 ? koelnerCodes[Int(koelner[Int(id)])] : nil
    }

    public func metaphoneCode(_ id: Int32) -> String? {
        id >= 0 && metaphone[Int(id)] >= 0 ? metaphoneCodes[Int(metaphone[Int(id)])] : nil
    }

    /// The first letter of a key as a number (-1: none).
    func initial(_ id: Int32) -> Int32 {
        guard id >= 0, scalars.count(id) > 0 else { return -1 }
        return Int32(bitPattern: scalars.first(id))
    }
}

/// Many short arrays stored end to end in one array, so reading one costs no reference counting
/// (an array of arrays retains each inner array it hands out).
struct Arena<Element: Sendable>: Sendable {
    let elements: [Element]
    /// Where each item starts, plus the end.
    let starts: [Int32]

    init(_ items: [[Element]]) {
        var elements: [Element] = []
        var starts: [Int32] = [0]
        elements.reserveCapacity(items.reduce(0) { $0 + $1.count })
        starts.reserveCapacity(items.count + 1)
        for item in items {
            elements.append(contentsOf: item)
            starts.append(Int32(elements.count))
        }
        self.elements = elements
        self.starts = starts
    }

    func count(_ id: Int32) -> Int { Int(starts[Int(id) + 1] - starts[Int(id)]) }
    func first(_ id: Int32) -> Element { elements[Int(starts[Int(id)])] }
    subscript(id: Int32) -> ArraySlice<Element> { elements[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])] }

    /// A pointer view for hot loops; valid only inside `body`.
    func withView<R>(_ body: (ArenaView<Element>) throws -> R) rethrows -> R {
        try elements.withUnsafeBufferPointer { elements in
            try starts.withUnsafeBufferPointer { starts in try body(ArenaView(elements: elements, starts: starts)) }
        }
    }
}

/// Pointers into an `Arena`, valid while the arena's `withView` body runs.
struct ArenaView<Element> {
    let elements: UnsafeBufferPointer<Element>
    let starts: UnsafeBufferPointer<Int32>

    @inline(__always)
    subscript(id: Int32) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(rebasing: elements[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])])
    }
}
