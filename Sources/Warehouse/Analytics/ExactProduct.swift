/// Exact product of a staged decimal (`0.75`, `-2`, `1.250`) and integer cents, as decimal text.
///
/// Why text: a line of 0.75 kg at 1 299 cents is 974.25 cents; rounding it, or computing it in
/// floating point, would make line sums disagree with receipts. `fact_purchase_line` keeps the
/// exact value and an integer only where the product is whole cents.
enum ExactProduct {
    /// `decimal × cents` as canonical decimal text without trailing fraction zeros
    /// (`0.75 × 1299` → `974.25`, `2 × 1299` → `2598`); nil when either is missing or malformed,
    /// or when the result does not fit in 64 bits.
    static func multiply(_ decimal: String, _ cents: Int64) -> String? {
        var bytes = Array(decimal.utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes.removeFirst() }
        else if bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
        guard !bytes.isEmpty else { return nil }
        var units: Int64 = 0, scale = 0, seenPoint = false, digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            let digit = Int64(byte) - 0x30
            guard (0...9).contains(digit) else { return nil }
            let (times, o1) = units.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            units = plus
            digits += 1
            if seenPoint { scale += 1 }
        }
        guard digits > 0 else { return nil }
        let (product, overflow) = units.multipliedReportingOverflow(by: cents)
        guard !overflow else { return nil }
        var value = negative ? -product : product
        // Drop fraction zeros: 974.250 → 974.25, 2598.0 → 2598.
        while scale > 0 && value % 10 == 0 { value /= 10; scale -= 1 }
        let magnitude = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        guard scale > 0 else { return sign + magnitude }
        let padded = magnitude.count <= scale ? String(repeating: "0", count: scale - magnitude.count + 1) + magnitude : magnitude
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<split] + "." + padded[split...]
    }
}
