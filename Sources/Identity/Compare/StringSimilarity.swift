/// String similarity measures used by the field comparators.
///
/// Each measure has a `String` form and a form on `[UInt32]` (Unicode scalar values). Comparators
/// that see the same value in many pairs fold it once (`NameNormalizer.matchKey`), convert it once
/// with `scalars(_:)` and call the array form, which allocates nothing for names up to 64 scalars.
/// The `String` forms run on the UTF-8 bytes directly when both strings are ASCII (the common case
/// after folding) and otherwise convert to scalars first. Comparison is exact: fold before comparing
/// if case or accents should not matter.
public enum StringSimilarity {
    /// The Unicode scalar values of `s`, the input of the array forms.
    public static func scalars(_ s: String) -> [UInt32] {
        var values: [UInt32] = []
        values.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars { values.append(scalar.value) }
        return values
    }

    /// Runs `body` on the UTF-8 bytes of both strings when both are pure ASCII, so that one byte is one
    /// character; returns nil otherwise.
    @inline(__always)
    static func withASCII<R>(
        _ a: String, _ b: String,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R
    ) -> R? {
        var a = a
        var b = b
        return a.withUTF8 { bytesA in
            b.withUTF8 { bytesB in
                isASCII(bytesA) && isASCII(bytesB) ? body(bytesA, bytesB) : nil
            }
        }
    }

    @inline(__always)
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var union: UInt8 = 0
        for byte in bytes { union |= byte }
        return union < 0x80
    }
}
