/// What matching reads of one record: a number per field instead of text (-1: the record has none).
///
/// 56 bytes a record, so a million records fit in 56 MB and a pair comparison touches two cache lines.
public struct RecordFeatures: Sendable, Equatable {
    public var firstName: Int32 = -1
    public var lastName: Int32 = -1
    public var email: Int32 = -1
    public var phone: Int32 = -1
    public var street: Int32 = -1
    /// The street key of the record's second address line (`IdentityRecord.streetKey2`), numbered
    /// with the streets: compared with the other record's street, never with its second line.
    public var street2: Int32 = -1
    public var houseNumber: Int32 = -1
    /// The normalised postcode (`01067`, `SW1A 1AA`, `1012 AB`), numbered.
    public var postcode: Int32 = -1
    /// The postcode's digits as a number where it is all digits (`01067` → 1067; -1 otherwise), for
    /// the `area` level and postcode typos.
    public var postcodeDigits: Int32 = -1
    public var city: Int32 = -1
    /// yyyymmdd.
    public var birthDate: Int32 = -1
    public var customerNumber: Int32 = -1
    public var loyaltyCard: Int32 = -1
    /// The record's slot in `FeatureTable.moreEmails` / `morePhones` where it has further e-mails
    /// or phones (a multi-valued mapping), else -1: single values take the plain path.
    public var more: Int32 = -1
}

/// The further values of multi-valued fields, numbered like the field's first values: slot s
/// (`RecordFeatures.more`) holds `ids[starts[s]..<starts[s + 1]]`.
public struct MoreValues: Sendable {
    var starts: [Int32] = [0]
    var ids: [Int32] = []

    /// The further values of slot `slot` (none for -1).
    public subscript(slot: Int32) -> ArraySlice<Int32> {
        slot < 0 ? [] : ids[Int(starts[Int(slot)])..<Int(starts[Int(slot) + 1])]
    }
}

/// The features of every record plus the distinct values they point to.
public struct FeatureTable: Sendable {
    public let records: [RecordFeatures]
    public let firstNames: NameValues
    public let lastNames: NameValues
    public let emails: TextValues
    public let phones: TextValues
    /// Folded street names (`hauptstrasse`), with scalars for Jaro-Winkler.
    public let streets: NameValues
    public let houseNumbers: TextValues
    /// Folded city names (`AddressNormalizer.cityKey`).
    public let cities: TextValues
    public let customerNumbers: TextValues
    public let loyaltyCards: TextValues
    /// Further e-mails and phones of the records that have them (numbers in `emails` / `phones`).
    public var moreEmails = MoreValues()
    public var morePhones = MoreValues()

    public var count: Int { records.count }

    /// Builds the features of `records` (already normalised), one field per core at a time.
    ///
    /// Values are numbered in record order, so the same records give the same numbers.
    /// - Complexity: O(n) hash look-ups per field; name keys and phonetic codes once per distinct name.
    public static func build(_ records: [IdentityRecord]) -> FeatureTable {
        var moreOf = [[Int: [Int32]]](repeating: [:], count: 2)
        let fields = Parallel.map(9) { field -> (ids: [Int32], values: TextValues, more: [Int: [Int32]]) in
            switch field {
            // Fields are read by index (`records[$0].email`): handing a whole record to a closure
            // would copy all its fields.
            case 0: return keyed(records.count, { records[$0].firstName }, key: NameNormalizer.matchKey)
            case 1: return keyed(records.count, { records[$0].lastName }, key: NameNormalizer.lastNameKey)
            case 2: return plain(records.count, { records[$0].email }, more: { records[$0].moreEmails })
            case 3: return plain(records.count, { records[$0].phone }, more: { records[$0].morePhones })
            case 4: return plain(records.count, { records[$0].streetKey }, more: { records[$0].streetKey2.map { [$0] } ?? [] })
            case 5: return plain(records.count) { records[$0].houseNumber }
            case 6: return keyed(records.count, { records[$0].city }, key: AddressNormalizer.cityKey)
            case 7: return plain(records.count) { records[$0].customerNumber }
            default: return plain(records.count) { records[$0].loyaltyCard }
            }
        }
        moreOf[0] = fields[2].more
        moreOf[1] = fields[3].more
        let extra = Parallel.map(2) { index -> (ids: [Int32], values: TextValues, more: [Int: [Int32]]) in
            index == 0 ? plain(records.count) { records[$0].birthDate.flatMap(Self.packedDate).map(String.init) }
                : plain(records.count) { records[$0].postcode }
        }
        let nameValues = Parallel.map(3) { index in
            NameValues(keys: fields[index == 0 ? 0 : (index == 1 ? 1 : 4)].values)
        }
        let postcodeDigits = extra[1].values.values.map { text -> Int32 in
            text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && text.utf8.count <= 9 ? Int32(text) ?? -1 : -1
        }
        var features = [RecordFeatures](repeating: RecordFeatures(), count: records.count)
        for index in records.indices {
            var f = RecordFeatures()
            f.firstName = fields[0].ids[index]
            f.lastName = fields[1].ids[index]
            f.email = fields[2].ids[index]
            f.phone = fields[3].ids[index]
            f.street = fields[4].ids[index]
            f.street2 = fields[4].more[index]?.first ?? -1
            f.houseNumber = fields[5].ids[index]
            f.city = fields[6].ids[index]
            f.customerNumber = fields[7].ids[index]
            f.loyaltyCard = fields[8].ids[index]
            let date = extra[0].ids[index]
            f.birthDate = date >= 0 ? Int32(extra[0].values.values[Int(date)]) ?? -1
                : (records[index].birthDateDigits ?? records[index].birthYear.map { DateComparison.packedYear($0) } ?? -1)
            let postcode = extra[1].ids[index]
            f.postcode = postcode
            f.postcodeDigits = postcode >= 0 ? postcodeDigits[Int(postcode)] : -1
            features[index] = f
        }
        var moreEmails = MoreValues(), morePhones = MoreValues()
        if !moreOf[0].isEmpty || !moreOf[1].isEmpty {
            for index in Set(moreOf[0].keys).union(moreOf[1].keys).sorted() {
                features[index].more = Int32(moreEmails.starts.count - 1)
                moreEmails.ids += moreOf[0][index] ?? []
                moreEmails.starts.append(Int32(moreEmails.ids.count))
                morePhones.ids += moreOf[1][index] ?? []
                morePhones.starts.append(Int32(morePhones.ids.count))
            }
        }
        var table = FeatureTable(records: features, firstNames: nameValues[0], lastNames: nameValues[1],
                                 emails: fields[2].values.withBytes(), phones: fields[3].values.withBytes(),
                                 streets: nameValues[2], houseNumbers: fields[5].values, cities: fields[6].values.withBytes(),
                                 customerNumbers: fields[7].values, loyaltyCards: fields[8].values)
        table.moreEmails = moreEmails
        table.morePhones = morePhones
        return table
    }

    /// yyyymmdd of an ISO date, or nil when it is not one.
    static func packedDate(_ iso: String) -> Int? {
        guard let valid = DateNormalizer.iso(iso) else { return nil }
        let utf8 = Array(valid.utf8)
        var value = 0
        for byte in utf8 where byte != UInt8(ascii: "-") { value = value * 10 + Int(byte - 0x30) }
        return value
    }

    /// Numbers a field's values as they are; with `more`, also each record's further values
    /// (after every first value, so records without them number exactly as before).
    /// `value(i)` and `more(i)` are record i's values.
    private static func plain(_ count: Int, _ value: (Int) -> String?,
                              more: ((Int) -> [String])? = nil) -> (ids: [Int32], values: TextValues, more: [Int: [Int32]]) {
        var interner = Interner()
        let ids = (0..<count).map { interner.intern(value($0)) }
        var further: [Int: [Int32]] = [:]
        if let more {
            for index in 0..<count {
                let values = more(index)
                if !values.isEmpty { further[index] = values.map { interner.intern($0) }.filter { $0 >= 0 } }
            }
        }
        return (ids, interner.frozen(), further)
    }

    /// Numbers a field's values by a key derived from them, computing the key once per distinct value.
    private static func keyed(_ count: Int, _ value: (Int) -> String?, key: (String) -> String)
        -> (ids: [Int32], values: TextValues, more: [Int: [Int32]]) {
        var raw = Interner()
        let rawIDs = (0..<count).map { raw.intern(value($0)) }
        var keys = Interner()
        let keyOfRaw = raw.values.map { keys.intern(key($0)) }
        var counts = [Int32](repeating: 0, count: keys.values.count)
        let ids = rawIDs.map { id -> Int32 in
            guard id >= 0 else { return -1 }
            let keyID = keyOfRaw[Int(id)]
            if keyID >= 0 { counts[Int(keyID)] += 1 }
            return keyID
        }
        return (ids, TextValues(values: keys.values, counts: counts), [:])
    }
}
