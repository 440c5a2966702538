/// ASCII bytes the scanner compares against, and byte-level helpers.
enum JSONByte {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    /// A 64-bit hash of `bytes`, eight at a time (keys are short: this runs once per member).
    /// Only equal hashes lead to a real comparison, so collisions cost time, never correctness.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(bytes.count) &* multiplier
        guard let start = bytes.baseAddress else { return hash }
        var index = 0
        while bytes.count - index >= 8 {
            hash = (hash ^ UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)) &* multiplier
            hash ^= hash >> 29
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            tail |= UInt64(start[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* multiplier
        return hash ^ hash >> 32
    }

    /// Whether the `count` bytes at `lhs` and `rhs` are equal (short runs such as keys: no libc call).
    static func equal(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        while count - index >= 8 {
            if UnsafeRawPointer(lhs + index).loadUnaligned(as: UInt64.self)
                != UnsafeRawPointer(rhs + index).loadUnaligned(as: UInt64.self) { return false }
            index += 8
        }
        while index < count {
            if lhs[index] != rhs[index] { return false }
            index += 1
        }
        return true
    }

    /// Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or nil.
    ///
    /// Overlong forms, surrogates (U+D800...U+DFFF) and scalars above U+10FFFF are ill-formed
    /// (Unicode 15, table 3-7), exactly as `String(validating:)` sees them.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        func isContinuation(_ at: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            at < count && range.contains(bytes[at])
        }
        while index < count {
            let lead = bytes[index]
            switch lead {
            case 0x00...0x7F:
                index += 1
                continue
            case 0xC2...0xDF:
                guard isContinuation(index + 1) else { return index }
                index += 2
            case 0xE0...0xEF:
                let second: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : 0x80...0xBF
                guard isContinuation(index + 1, second), isContinuation(index + 2) else { return index }
                index += 3
            case 0xF0...0xF4:
                let second: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF
                guard isContinuation(index + 1, second), isContinuation(index + 2), isContinuation(index + 3) else {
                    return index
                }
                index += 4
            default:
                return index
            }
        }
        return nil
    }
}
