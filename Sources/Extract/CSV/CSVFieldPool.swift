/// Per-column cache of the strings built for short field values, so a value that repeats (`EUR`,
/// `Herr`, `Köln`, `bezahlt`) is built once and then shared instead of allocated on every row.
///
/// Building a `String` (validate, allocate above 15 bytes, copy) and freeing it again is half of what
/// reading a CSV row costs; low-cardinality columns are common in exports. Each column has a
/// direct-mapped table of 256 entries keyed by the value's raw bytes (at most 32), compared in full,
/// so a hit is always the same text. A column whose values rarely repeat (ids, e-mail addresses) is
/// switched off after its first 4096 values, so it pays nothing more. The same technique as the
/// per-column string pool of nietras/Sep. Memory: at most 64 columns x 256 entries x 56 bytes.
///
/// Reads up to 7 bytes past a value: the caller's buffer must have that much readable slack.
final class CSVFieldPool {
    static let maxColumns = 64
    static let maxLength = 32
    private static let slotBits = 8
    private static let slots = 1 << slotBits
    private static let probation = 4096

    private struct Entry {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var length = -1
        var value = ""
    }

    private let entries: UnsafeMutablePointer<Entry>
    /// Per column: values looked up and hits, until probation ends; -1 lookups = switched off.
    /// Raw memory rather than arrays: no exclusivity checks on the hot path.
    private let lookups: UnsafeMutablePointer<Int>
    private let hits: UnsafeMutablePointer<Int>

    init() {
        entries = .allocate(capacity: Self.maxColumns * Self.slots)
        entries.initialize(repeating: Entry(), count: Self.maxColumns * Self.slots)
        lookups = .allocate(capacity: Self.maxColumns)
        lookups.initialize(repeating: 0, count: Self.maxColumns)
        hits = .allocate(capacity: Self.maxColumns)
        hits.initialize(repeating: 0, count: Self.maxColumns)
    }

    deinit {
        entries.deinitialize(count: Self.maxColumns * Self.slots)
        entries.deallocate()
        lookups.deallocate()
        hits.deallocate()
    }

    /// Whether `column` still pools its values.
    @inline(__always)
    func isActive(column: Int) -> Bool {
        column < Self.maxColumns && lookups[column] >= 0
    }

    /// The pooled string for `bytes` in `column`, or the one `make` builds (then pooled). `make`
    /// returning nil (undecodable) gives nil and pools nothing. `bytes.count` must be 1...32.
    @inline(__always)
    func string(column: Int, bytes: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> String?) -> String? {
        let count = bytes.count
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let words = (Self.word(raw, 0, count), Self.word(raw, 1, count), Self.word(raw, 2, count), Self.word(raw, 3, count))
        var hash = words.0 ^ (words.1 &* 0x9E37_79B9_7F4A_7C15) ^ (words.2 &* 0xC2B2_AE3D_27D4_EB4F)
        hash ^= (words.3 &* 0x1656_67B1_9E37_79F9) ^ UInt64(count)
        hash = (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
        let entry = entries + (column << Self.slotBits) + Int(truncatingIfNeeded: hash >> UInt64(64 - Self.slotBits))
        let isHit = entry.pointee.length == count && entry.pointee.words.0 == words.0 && entry.pointee.words.1 == words.1
            && entry.pointee.words.2 == words.2 && entry.pointee.words.3 == words.3
        record(column: column, isHit: isHit)
        if isHit { return entry.pointee.value }
        guard let value = make(bytes) else { return nil }
        entry.pointee.words = words
        entry.pointee.length = count
        entry.pointee.value = value
        return value
    }

    /// Word `index` of the value, with the bytes past its end masked to zero.
    @inline(__always)
    private static func word(_ raw: UnsafeRawPointer, _ index: Int, _ count: Int) -> UInt64 {
        let available = count - index * 8
        if available <= 0 { return 0 }
        let word = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
        return available >= 8 ? word : word & ((1 << UInt64(available * 8)) - 1)
    }

    @inline(__always)
    private func record(column: Int, isHit: Bool) {
        guard lookups[column] >= 0 && lookups[column] < Self.probation else { return }
        lookups[column] += 1
        if isHit { hits[column] += 1 }
        if lookups[column] == Self.probation && hits[column] * 4 < Self.probation {
            lookups[column] = -1  // under a quarter repeat: not worth the lookups
            let first = entries + (column << Self.slotBits)
            for slot in 0..<Self.slots { first[slot] = Entry() }  // let the strings go
        }
    }
}
