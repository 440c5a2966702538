/// The generator's own pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// Foundation's and the standard library's default generators are seeded per process, so they
/// cannot give byte-identical files. Every record draws from its own stream, derived from the seed
/// and the record's identity (`stream(_:_:_:)`), so one system's output does not depend on which
/// other systems are written or in which order. Reference: https://prng.di.unimi.it/
struct SampleRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        var mixer = seed
        s0 = SampleRandom.splitMix(&mixer)
        s1 = SampleRandom.splitMix(&mixer)
        s2 = SampleRandom.splitMix(&mixer)
        s3 = SampleRandom.splitMix(&mixer)
    }

    /// A stream for one record: `base` (from the seed), a purpose tag and up to two numbers.
    static func stream(_ base: UInt64, _ tag: StreamTag, _ a: Int, _ b: Int = 0) -> SampleRandom {
        var h = base ^ (UInt64(tag.rawValue) &* 0x9E37_79B9_7F4A_7C15)
        h = mix(h ^ UInt64(bitPattern: Int64(a)) &* 0xBF58_476D_1CE4_E5B9)
        h = mix(h ^ UInt64(bitPattern: Int64(b)) &* 0x94D0_49BB_1331_11EB)
        return SampleRandom(seed: h)
    }

    /// The SplitMix64 finaliser: a strong 64-bit mix.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A number in `0..<bound` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A double in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// An index drawn from cumulative integer weights (the last element is the total).
    mutating func pick(cumulative: [Int]) -> Int {
        let target = below(cumulative[cumulative.count - 1])
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// A roughly exponential number with the given mean (for waiting times).
    mutating func exponential(mean: Double) -> Double {
        // Our own logarithm: libm's `log` may differ in the last bit between platforms.
        -mean * logApprox(1 - unit())
    }

    /// Natural logarithm without Foundation (bit-exact on every platform: plain IEEE arithmetic).
    private func logApprox(_ x: Double) -> Double {
        // Range reduction x = m * 2^e with m in [1, 2), then atanh series; accurate to ~1e-12.
        guard x > 0 else { return -745 }
        let e = Double(x.exponent)
        let m = x.significand
        let y = (m - 1) / (m + 1)
        let y2 = y * y
        var term = y
        var sum = 0.0
        var k = 1.0
        while k < 40 {
            sum += term / k
            term *= y2
            k += 2
        }
        return 2 * sum + e * 0.693_147_180_559_945_3
    }
}

/// The purposes of the random streams; changing a value changes the generated data.
enum StreamTag: UInt32 {
    case person = 1, emailContact, emailCampaign, ticket, transaction, anonymousTransaction
    case response, surveyPerson, supportPerson, branchPerson, emailPerson
    /// Added later; separate streams so that adding them left every earlier draw unchanged.
    case abroad, addressUnit
    /// The following nights (`--night N`): the night's plan, its new people, the known people's
    /// activity on the day, and each record of the night.
    case night, nightPerson, nightActivity, nightContact, nightTicket, nightTransaction, nightAnonymous, nightResponse
}
