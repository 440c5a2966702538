/// Pointers into a feature table's arrays for the pair loop, taken once per work item.
///
/// Why: reading an element of a Swift array of arrays retains the inner array, and two threads
/// retaining one array contend for its reference count; views cost nothing per read. Valid only
/// inside `FeatureTable.withView`, while the table holds the arrays.
struct FeatureView {
    let records: UnsafeBufferPointer<RecordFeatures>
    let firstNames: NameView
    let lastNames: NameView
    let streets: NameView
    let emails: ArenaView<UInt8>
    let phones: ArenaView<UInt8>
    /// Folded city names, for the `close` level.
    let cities: ArenaView<UInt8>
    /// Further e-mails and phones of records with several (`RecordFeatures.more`).
    let moreEmails: MoreView
    let morePhones: MoreView
}

/// Pointers into `MoreValues`.
struct MoreView {
    let starts: UnsafeBufferPointer<Int32>
    let ids: UnsafeBufferPointer<Int32>

    /// Calls `body` with the first value (if any) and then each further value of slot `slot`,
    /// until it returns false; returns false when stopped.
    @inline(__always)
    @discardableResult
    func forEach(_ first: Int32, _ slot: Int32, _ body: (Int32) -> Bool) -> Bool {
        if first >= 0, !body(first) { return false }
        guard slot >= 0 else { return true }
        for position in Int(starts[Int(slot)])..<Int(starts[Int(slot) + 1]) where !body(ids[position]) { return false }
        return true
    }
}

extension MoreValues {
    func withView<R>(_ body: (MoreView) throws -> R) rethrows -> R {
        try starts.withUnsafeBufferPointer { starts in
            try ids.withUnsafeBufferPointer { ids in try body(MoreView(starts: starts, ids: ids)) }
        }
    }
}

/// Pointers into `NameValues`.
struct NameView {
    let scalars: ArenaView<UInt32>
    let koelner: UnsafeBufferPointer<Int32>
    let metaphone: UnsafeBufferPointer<Int32>
    let alternate: UnsafeBufferPointer<Int32>

    /// Same Kölner Phonetik code, or any pairing of the Double Metaphone codes equal.
    @inline(__always)
    func soundAlike(_ a: Int32, _ b: Int32) -> Bool {
        let ka = koelner[Int(a)], kb = koelner[Int(b)]
        if ka >= 0 && ka == kb { return true }
        let ma = metaphone[Int(a)], mb = metaphone[Int(b)]
        guard ma >= 0, mb >= 0 else { return false }
        let aa = alternate[Int(a)], ab = alternate[Int(b)]
        return ma == mb || ma == ab || aa == mb || (aa >= 0 && aa == ab)
    }
}

extension NameValues {
    func withView<R>(_ body: (NameView) throws -> R) rethrows -> R {
        try scalars.withView { scalars in
            try koelner.withUnsafeBufferPointer { koelner in
                try metaphone.withUnsafeBufferPointer { metaphone in
                    try metaphoneAlternate.withUnsafeBufferPointer { alternate in
                        try body(NameView(scalars: scalars, koelner: koelner, metaphone: metaphone, alternate: alternate))
                    }
                }
            }
        }
    }
}

extension FeatureTable {
    func withView<R>(_ body: (FeatureView) throws -> R) rethrows -> R {
        try records.withUnsafeBufferPointer { records in
            try firstNames.withView { first in
                try lastNames.withView { last in
                    try streets.withView { streets in
                        try emails.bytes.withView { emails in
                            try phones.bytes.withView { phones in
                                try cities.bytes.withView { cities in
                                    try moreEmails.withView { moreEmails in
                                        try morePhones.withView { morePhones in
                                            try body(FeatureView(records: records, firstNames: first, lastNames: last, streets: streets,
                                                                 emails: emails, phones: phones, cities: cities,
                                                                 moreEmails: moreEmails, morePhones: morePhones))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
