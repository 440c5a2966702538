/// Owns the memory of the parser's read window; freed when the last reader copy goes away.
final class JSONWindow {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// Moves the first `used` bytes into a larger allocation.
    func grow(toAtLeast newCapacity: Int, keeping used: Int) {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        larger.update(from: bytes, count: used)
        bytes.deallocate()
        bytes = larger
        capacity = newCapacity
    }
}
