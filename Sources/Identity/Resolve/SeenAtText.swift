/// A record's `seenAt` text as `IdentityRecord` keeps it.
///
/// Most staged times are a UTC second in ISO 8601 (`2024-11-21T08:01:28Z`): 20 bytes, which a Swift
/// string keeps on the heap (64 bytes a record, 48 MB at a million records). Packed, such a text is
/// a marker and its 14 digits: 15 bytes, which a string holds inline. Any other text is kept as it
/// is, behind a second marker when it starts with one of the two, so packing never confuses two
/// texts. Packed texts sort among themselves as the texts they stand for.
enum SeenAtText {
    private static let packedMarker: UInt8 = 0x01
    private static let escapeMarker: UInt8 = 0x02
    /// The shape of a UTC second: `0` where a digit stands, the separators as they are.
    private static let shape = Array("0000-00-00T00:00:00Z".utf8)
    private static let digit = UInt8(ascii: "0")

    static func pack(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            if isSecond(bytes) {
                var packed = [packedMarker]
                for index in shape.indices where shape[index] == digit { packed.append(bytes[index]) }
                return String(decoding: packed, as: UTF8.self)
            }
            if let first = bytes.first, first == packedMarker || first == escapeMarker {
                return String(decoding: [escapeMarker] + Array(bytes), as: UTF8.self)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func unpack(_ stored: String) -> String {
        guard let first = stored.utf8.first, first == packedMarker || first == escapeMarker else { return stored }
        guard first == packedMarker else { return String(decoding: stored.utf8.dropFirst(), as: UTF8.self) }
        var text = shape
        var digits = stored.utf8.dropFirst().makeIterator()
        for index in text.indices where text[index] == digit { text[index] = digits.next()! }
        return String(decoding: text, as: UTF8.self)
    }

    static func isPacked(_ stored: String) -> Bool { stored.utf8.first == packedMarker }

    /// Orders two stored texts as the texts they stand for, in UTF-8 byte order: <0, 0 or >0.
    static func compare(_ x: String, _ y: String) -> Int {
        if x == y { return 0 }
        if isPacked(x) && isPacked(y) { return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1 }
        let p = unpack(x), q = unpack(y)
        return p.utf8.lexicographicallyPrecedes(q.utf8) ? -1 : 1
    }

    private static func isSecond(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == shape.count else { return false }
        for (byte, expected) in zip(bytes, shape) {
            if expected == digit ? !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte != expected { return false }
        }
        return true
    }
}
