import PipelineCore

/// The best-known value of each attribute of one customer, with the record that supplied it.
public struct GoldenRecord: Sendable, Equatable {
    public var customerID: String
    public var values: [String: String]
    /// attribute → (system, source record id) that supplied the value.
    public var provenance: [String: (system: SourceSystem, recordID: String)]
    public var firstSeen: String?
    public var lastSeen: String?
    public var recordCount: Int

    public static func == (a: GoldenRecord, b: GoldenRecord) -> Bool {
        a.customerID == b.customerID && a.values == b.values && a.firstSeen == b.firstSeen && a.lastSeen == b.lastSeen
            && a.recordCount == b.recordCount
            && a.provenance.mapValues { "\($0.system.rawValue)/\($0.recordID)" } == b.provenance.mapValues { "\($0.system.rawValue)/\($0.recordID)" }
    }
}

/// Builds golden records by survivorship rules per attribute group.
///
/// For each group (`first_name`, `email`, `address`, ...) the records that have a value are ranked by
/// the group's rules in order: `source_priority` (the system listed first wins), `most_recent`,
/// `most_complete` (most parts filled, then the longest text), `most_frequent` (the value most records
/// agree on, compared folded so `Müller` and `MUELLER` count together); remaining ties go to the
/// higher record id, so the result never depends on input order. The winner supplies every value
/// of the group: address parts travel together, so a golden record never mixes two addresses.
public struct GoldenRecordBuilder: Sendable {
    /// In the order `value(_:of:at:)` numbers them.
    public static let attributes = ["salutation", "title", "first_name", "last_name", "email", "phone", "street",
                                    "house_number", "postcode", "city", "country", "birth_date", "customer_number",
                                    "loyalty_card", "consent", "gender", "consent_sms", "consent_phone", "consent_post",
                                    "consent_date"]
    /// Attribute groups in output order, each with its attributes.
    static let groups: [(name: String, attributes: [String])] = IdentityConfig.survivorshipGroups.map { group in
        (group, group == "address" ? ["street", "house_number", "postcode", "city", "country"] : [group])
    }
    /// Each attribute group's attributes as numbers (`code`: their position in `attributes`), in
    /// `attributeGroups` order.
    public static let groupCodes: [[Int]] = groups.map { $0.attributes.map(code) }
    static let countryCode = code("country"), streetCode = code("street")
    /// Attributes written in several ways that name one value (`LUKAS`/`Lukas`, `Hauptstr.`/`Hauptstraße`).
    static let respelled: Set<Int> = Set(["first_name", "last_name", "city", "street"].map(code))

    public let priority: [SourceSystem]
    let rules: [String: [SurvivorshipRule]]

    /// Source priority, then the most recent record, for every attribute.
    public init(priority: [SourceSystem]) {
        self.init(priority: priority, survivorship: ["default": [.sourcePriority, .mostRecent]])
    }

    /// Rules per attribute group; `default` applies to groups not listed.
    public init(priority: [SourceSystem], survivorship: [String: [SurvivorshipRule]]) {
        self.priority = priority + SourceSystem.allCases.filter { !priority.contains($0) }
        let fallback = survivorship["default"] ?? [.sourcePriority, .mostRecent]
        var rules: [String: [SurvivorshipRule]] = [:]
        for group in IdentityConfig.survivorshipGroups { rules[group] = survivorship[group] ?? fallback }
        self.rules = rules
    }

    /// - Complexity: O(g · n) for n records and g attribute groups (one pass per group, values
    ///   folded once per record).
    public func build(customerID: String, records: [IdentityRecord]) -> GoldenRecord {
        build(customerID: customerID, from: records, members: Array(records.indices))
    }

    /// The golden record of the records at `members` of `records` (no copy of the records).
    public func build(customerID: String, from records: [IdentityRecord], members: [Int]) -> GoldenRecord {
        var golden = GoldenRecord(customerID: customerID, values: [:], provenance: [:], firstSeen: nil, lastSeen: nil,
                                  recordCount: members.count)
        for (codes, winner) in zip(Self.groupCodes, winners(from: records, members: members)) where winner >= 0 {
            for code in codes {
                guard let value = Self.shownValue(code, winner: winner, members: members, records: records) else { continue }
                let attribute = Self.attributes[code]
                golden.values[attribute] = value
                golden.provenance[attribute] = (records[winner].system, records[winner].sourceRecordID)
            }
        }
        let seen = seenRange(from: records, members: members)
        golden.firstSeen = seen.first
        golden.lastSeen = seen.last
        return golden
    }

    /// Puts first, in every record with several e-mails or phones, the value most of its
    /// customer's records carry (ties: the order the export lists them), so that the golden record,
    /// which takes one value from the record its survivorship rules choose, shows that record's
    /// best-supported address or number, and `most_frequent` counts it.
    /// `clusterOf`: the customer (cluster) of each record; `members`: the records of each.
    /// - Complexity: O(n) to find such records, plus O(v) per customer that has them.
    public static func preferSharedValues(_ records: inout [IdentityRecord], clusterOf: [Int32], members: [[Int]]) {
        var done = Set<Int32>()
        for index in records.indices where !records[index].moreEmails.isEmpty || !records[index].morePhones.isEmpty {
            let cluster = clusterOf[index]
            guard done.insert(cluster).inserted else { continue }
            for field in [\IdentityRecord.email, \IdentityRecord.phone] {
                let moreField = field == \IdentityRecord.email ? \IdentityRecord.moreEmails : \IdentityRecord.morePhones
                var count: [String: Int] = [:]
                for member in members[Int(cluster)] {
                    for value in Set([records[member][keyPath: field]].compactMap { $0 } + records[member][keyPath: moreField]) {
                        count[value, default: 0] += 1
                    }
                }
                for member in members[Int(cluster)] where !records[member][keyPath: moreField].isEmpty {
                    let values = [records[member][keyPath: field]].compactMap { $0 } + records[member][keyPath: moreField]
                    var best = 0
                    for position in values.indices.dropFirst() where count[values[position]]! > count[values[best]]! { best = position }
                    guard best > 0 else { continue }
                    records[member][keyPath: field] = values[best]
                    records[member][keyPath: moreField] = values.enumerated().filter { $0.offset != best }.map(\.element)
                }
            }
        }
    }

    /// The earliest and latest `seenAt` of the members.
    public func seenRange(from records: [IdentityRecord], members: [Int]) -> (first: String?, last: String?) {
        var first: Int?, last: Int?
        for index in members where records[index].hasSeenAt {
            if first.map({ IdentityRecord.compareSeenAt(records[index], records[$0]) < 0 }) ?? true { first = index }
            if last.map({ IdentityRecord.compareSeenAt(records[index], records[$0]) > 0 }) ?? true { last = index }
        }
        return (first.flatMap { records[$0].seenAt }, last.flatMap { records[$0].seenAt })
    }

    /// The attribute groups in output order (`salutation` … `consent`, `address` as one) with their attributes.
    public static var attributeGroups: [(name: String, attributes: [String])] { groups }

    /// For each attribute group (`attributeGroups` order), the record index that supplies its values,
    /// or -1 when no member has any. The fast path for the transform: no dictionaries.
    public func winners(from records: [IdentityRecord], members: [Int]) -> [Int] {
        Self.groups.indices.map { group in
            var chooser = Chooser(self, group: group, records: records, members: members)
            for position in members.indices { chooser.add(position) }
            return chooser.winner()
        }
    }

    /// The winners (as `winners`) of every prefix of `members`: element k is the golden record of
    /// `members[0...k]`. For replaying a customer's history record by record; each record's values
    /// are folded once, not once per prefix.
    public func prefixWinners(from records: [IdentityRecord], members: [Int]) -> [[Int]] {
        var result = [[Int]](repeating: [], count: members.count)
        for group in Self.groups.indices {
            var chooser = Chooser(self, group: group, records: records, members: members)
            for position in members.indices {
                chooser.add(position)
                result[position].append(chooser.winner())
            }
        }
        return result
    }

    /// Chooses one attribute group's winner among the members added so far.
    private struct Chooser {
        let records: [IdentityRecord]
        let members: [Int]
        let group: (name: String, attributes: [String])
        let codes: [Int]
        let isAddress: Bool
        let rules: [SurvivorshipRule]
        let priority: [SourceSystem]
        /// Positions (in `members`) of records with a value of the group.
        var candidates: [Int] = []
        /// Candidates with more than a country, for the address group.
        var located: [Int] = []
        var folded: [Int: String] = [:]
        var frequency: [String: Int] = [:]
        var completeness: [Int: (Int, Int)] = [:]

        init(_ builder: GoldenRecordBuilder, group: Int, records: [IdentityRecord], members: [Int]) {
            self.records = records
            self.members = members
            self.group = GoldenRecordBuilder.groups[group]
            self.codes = GoldenRecordBuilder.groupCodes[group]
            self.isAddress = self.group.name == "address"
            self.rules = builder.rules[self.group.name] ?? [.sourcePriority, .mostRecent]
            self.priority = builder.priority
        }

        mutating func add(_ position: Int) {
            let index = members[position]
            guard codes.contains(where: { GoldenRecordBuilder.value($0, of: records, at: index) != nil }) else { return }
            candidates.append(position)
            // A record offers an address only with a street, number, postcode or city: its country
            // alone (mostly the pipeline's default) says nothing about where the person lives, and
            // counts only when no record says more.
            if isAddress,
               codes.contains(where: { $0 != GoldenRecordBuilder.countryCode && GoldenRecordBuilder.value($0, of: records, at: index) != nil }) {
                located.append(position)
            }
        }

        /// The winner among the records added so far (-1: none has a value of the group).
        mutating func winner() -> Int {
            let pool = located.isEmpty ? candidates : located
            guard var best = pool.first else { return -1 }
            if pool.count > 1 {
                // Folded values and completeness once per record, not once per comparison or prefix.
                if rules.contains(.mostFrequent) {
                    frequency.removeAll(keepingCapacity: true)
                    for position in pool {
                        let key = folded[position] ?? GoldenRecordBuilder.foldedValue(codes, of: records, at: members[position])
                        folded[position] = key
                        frequency[key, default: 0] += 1
                    }
                }
                if rules.contains(.mostComplete) {
                    for position in pool where completeness[position] == nil {
                        let values = codes.compactMap { GoldenRecordBuilder.value($0, of: records, at: members[position]) }
                        completeness[position] = (values.count, values.reduce(0) { $0 + $1.unicodeScalars.count })
                    }
                }
                for position in pool.dropFirst() where beats(position, best) { best = position }
            }
            return members[best]
        }

        func rank(_ index: Int) -> Int { priority.firstIndex(of: records[index].system) ?? priority.count }

        /// True when the candidate at `x` beats the one at `y` (positions in `members`).
        func beats(_ x: Int, _ y: Int) -> Bool {
            let a = members[x], b = members[y]
            for rule in rules {
                switch rule {
                case .sourcePriority:
                    if rank(a) != rank(b) { return rank(a) < rank(b) }
                case .mostRecent:
                    let order = IdentityRecord.compareSeenAt(records[a], records[b], nilAsEmpty: true)
                    if order != 0 { return order > 0 }
                case .mostComplete:
                    let p = completeness[x]!, q = completeness[y]!
                    if p != q { return p > q }
                case .mostFrequent:
                    let p = frequency[folded[x]!] ?? 0, q = frequency[folded[y]!] ?? 0
                    if p != q { return p > q }
                }
            }
            if records[a].sourceRecordID != records[b].sourceRecordID {
                return records[a].sourceRecordID > records[b].sourceRecordID
            }
            return rank(a) < rank(b)
        }
    }

    /// The group's values of a record, folded for counting how many records agree.
    static func foldedValue(_ codes: [Int], of records: [IdentityRecord], at index: Int) -> String {
        codes.map { code -> String in
            guard let value = value(code, of: records, at: index) else { return "" }
            switch attributes[code] {
            case "first_name", "last_name", "city": return NameNormalizer.matchKey(value)
            case "street": return records[index].streetKey ?? NameNormalizer.matchKey(value)
            default: return value
            }
        }.joined(separator: "\u{1F}")
    }

    /// The golden value of `attribute` as shown: the winner's value, written in the best way the
    /// cluster's records write that same value. `LUKAS` shows as `Lukas` when another record says
    /// so, `Hauptstr.` as `Hauptstraße`; which value wins is the survivorship rules' choice, this
    /// only picks its spelling (proper case first, then the fuller form, then the most frequent).
    public static func shownValue(_ attribute: String, winner: Int, members: [Int], records: [IdentityRecord]) -> String? {
        shownValue(code(attribute), winner: winner, members: members, records: records)
    }

    /// `shownValue` of attribute number `code` (`attributes` order).
    public static func shownValue(_ code: Int, winner: Int, members: [Int], records: [IdentityRecord]) -> String? {
        guard let value = self.value(code, of: records, at: winner) else { return nil }
        guard members.count > 1, respelled.contains(code) else { return value }
        let isStreet = code == streetCode
        // Fast path: every member writes it the same way (or not at all).
        guard members.contains(where: { index in self.value(code, of: records, at: index).map { $0 != value } ?? false }) else { return value }
        func key(_ index: Int, _ text: String) -> String {
            isStreet ? (records[index].streetKey ?? NameNormalizer.matchKey(text)) : NameNormalizer.matchKey(text)
        }
        let target = key(winner, value)
        var counts: [String: Int] = [:]
        for index in members {
            guard let text = self.value(code, of: records, at: index), key(index, text) == target else { continue }
            counts[text, default: 0] += 1
        }
        func properCase(_ text: String) -> Bool {
            text.contains(where: \.isUppercase) && text.contains(where: \.isLowercase)
        }
        return counts.keys.max { a, b in
            let x = (properCase(a) ? 1 : 0, isStreet ? a.count : 0, counts[a]!, a == value ? 1 : 0)
            let y = (properCase(b) ? 1 : 0, isStreet ? b.count : 0, counts[b]!, b == value ? 1 : 0)
            if x != y { return x < y }
            return a > b
        } ?? value
    }

    /// The number of a golden attribute: its position in `attributes`.
    public static func code(_ attribute: String) -> Int { attributes.firstIndex(of: attribute)! }

    /// The value of golden attribute number `code` (its position in `attributes`: `first_name`,
    /// `street`, `consent` as 1/0, ...) of `records[index]`.
    ///
    /// The hot paths read values through this: one field of an array element is read in place,
    /// where passing the record to a function would copy all its fields (two dozen retains).
    @inlinable @inline(__always)
    public static func value(_ code: Int, of records: [IdentityRecord], at index: Int) -> String? {
        switch code {
        case 0: return records[index].salutation
        case 1: return records[index].title
        case 2: return records[index].firstName
        case 3: return records[index].lastName
        case 4: return records[index].email
        case 5: return records[index].phone
        case 6: return records[index].street
        case 7: return records[index].houseNumber
        case 8: return records[index].postcode
        case 9: return records[index].city
        case 10: return records[index].country
        case 11: return records[index].birthDate
        case 12: return records[index].customerNumber
        case 13: return records[index].loyaltyCard
        case 14: return records[index].consent.map { $0 ? "1" : "0" }
        case 15: return records[index].gender
        case 16: return records[index].consentSMS.map { $0 ? "1" : "0" }
        case 17: return records[index].consentPhone.map { $0 ? "1" : "0" }
        case 18: return records[index].consentPost.map { $0 ? "1" : "0" }
        case 19: return records[index].consentDate
        default: return nil
        }
    }
}
