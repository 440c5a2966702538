/// What matching reads of one record: a number per field instead of text (-1: the record has none).
///
/// 48 bytes a record, so a million records fit in 48 MB and a pair comparison touches two cache lines.
public struct RecordFeatures: Sendable, Equatable {
    public var firstName: Int32 = -1
    public var lastName: Int32 = -1
    public var email: Int32 = -1
    public var phone: Int32 = -1
    public var street: Int32 = -1
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

    public var count: Int { records.count }

    /// Builds the features of `records` (already normalised), one field per core at a time.
    ///
    /// Values are numbered in record order, so the same records give the same numbers.
    /// - Complexity: O(n) hash look-ups per field; name keys and phonetic codes once per distinct name.
    public static func build(_ records: [IdentityRecord]) -> FeatureTable {
        let fields = Parallel.map(9) { field -> (ids: [Int32], values: TextValues) in
            switch field {
            case 0: return keyed(records, { $0.firstName }, key: NameNormalizer.matchKey)
            case 1: return keyed(records, { $0.lastName }, key: NameNormalizer.lastNameKey)
            case 2: return plain(records) { $0.email }
            case 3: return plain(records) { $0.phone }
            case 4: return plain(records) { $0.streetKey }
            case 5: return plain(records) { $0.houseNumber }
            case 6: return keyed(records, { $0.city }, key: AddressNormalizer.cityKey)
            case 7: return plain(records) { $0.customerNumber }
            default: return plain(records) { $0.loyaltyCard }
            }
        }
        let extra = Parallel.map(2) { index -> (ids: [Int32], values: TextValues) in
            index == 0 ? plain(records) { $0.birthDate.flatMap(Self.packedDate).map(String.init) }
                : plain(records) { $0.postcode }
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
            f.houseNumber = fields[5].ids[index]
            f.city = fields[6].ids[index]
            f.customerNumber = fields[7].ids[index]
            f.loyaltyCard = fields[8].ids[index]
            let date = extra[0].ids[index]
            f.birthDate = date >= 0 ? Int32(extra[0].values.values[Int(date)]) ?? -1 : (records[index].birthDateDigits ?? -1)
            let postcode = extra[1].ids[index]
            f.postcode = postcode
            f.postcodeDigits = postcode >= 0 ? postcodeDigits[Int(postcode)] : -1
            features[index] = f
        }
        return FeatureTable(records: features, firstNames: nameValues[0], lastNames: nameValues[1],
                            emails: fields[2].values.withBytes(), phones: fields[3].values.withBytes(),
                            streets: nameValues[2], houseNumbers: fields[5].values, cities: fields[6].values.withBytes(),
                            customerNumbers: fields[7].values, loyaltyCards: fields[8].values)
    }

    /// yyyymmdd of an ISO date, or nil when it is not one.
    static func packedDate(_ iso: String) -> Int? {
        guard let valid = DateNormalizer.iso(iso) else { return nil }
        let utf8 = Array(valid.utf8)
        var value = 0
        for byte in utf8 where byte != UInt8(ascii: "-") { value = value * 10 + Int(byte - 0x30) }
        return value
    }

    /// Numbers a field's values as they are.
    private static func plain(_ records: [IdentityRecord], _ value: (IdentityRecord) -> String?)
        -> (ids: [Int32], values: TextValues) {
        var interner = Interner()
        let ids = records.map { interner.intern(value($0)) }
        return (ids, interner.frozen())
    }

    /// Numbers a field's values by a key derived from them, computing the key once per distinct value.
    private static func keyed(_ records: [IdentityRecord], _ value: (IdentityRecord) -> String?, key: (String) -> String)
        -> (ids: [Int32], values: TextValues) {
        var raw = Interner()
        let rawIDs = records.map { raw.intern(value($0)) }
        var keys = Interner()
        let keyOfRaw = raw.values.map { keys.intern(key($0)) }
        var counts = [Int32](repeating: 0, count: keys.values.count)
        let ids = rawIDs.map { id -> Int32 in
            guard id >= 0 else { return -1 }
            let keyID = keyOfRaw[Int(id)]
            if keyID >= 0 { counts[Int(keyID)] += 1 }
            return keyID
        }
        return (ids, TextValues(values: keys.values, counts: counts))
    }
}
