/// Recently read object keys, by hash of their bytes: a direct-mapped cache of `slotCount` entries
/// for keys of up to `maximumKeyLength` bytes.
///
/// Records of one export repeat the same keys, so most keys are found here and cost a hash and a
/// compare instead of validating and copying a new `String`.
struct JSONKeyCache {
    static let slotCount = 256
    static let maximumKeyLength = 32
    private var hashes = [UInt64](repeating: 0, count: slotCount)
    private var keys = [String](repeating: "", count: slotCount)
    private var byteCounts = [Int](repeating: -1, count: slotCount)
    /// The bytes of each cached key, `maximumKeyLength` per slot: comparing them is much faster than
    /// walking `String.UTF8View` (measured).
    private var keyBytes = [UInt8](repeating: 0, count: slotCount * maximumKeyLength)

    /// The cached key whose bytes are exactly `bytes` (with `hash` their `JSONByte.hash`), or nil.
    func key(hash: UInt64, matching bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let slot = Self.slot(hash)
        guard hashes[slot] == hash, byteCounts[slot] == bytes.count, let start = bytes.baseAddress else { return nil }
        let isEqual = keyBytes.withUnsafeBufferPointer { cached in
            JSONByte.equal(cached.baseAddress! + slot * Self.maximumKeyLength, start, count: bytes.count)
        }
        return isEqual ? keys[slot] : nil
    }

    /// Remembers `key`, spelled `bytes` in the file, replacing whatever shared its slot.
    mutating func store(_ key: String, bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        guard bytes.count <= Self.maximumKeyLength, let start = bytes.baseAddress else { return }
        let slot = Self.slot(hash)
        hashes[slot] = hash
        keys[slot] = key
        byteCounts[slot] = bytes.count
        keyBytes.withUnsafeMutableBufferPointer { cached in
            (cached.baseAddress! + slot * Self.maximumKeyLength).update(from: start, count: bytes.count)
        }
    }

    private static func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash ^ hash >> 32) & (slotCount - 1)
    }
}
